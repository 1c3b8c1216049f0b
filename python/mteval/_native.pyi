"""Type stubs of the native module (the Rust half of mteval's metrics)."""

from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np

VERSION: str

def sacrebleu_seed(text: str) -> Tuple[int, str]: ...
def mqm(path: str, weights: str, overrides: List[str], unit: str) -> Dict[str, Any]: ...
def report_pairs(input: str) -> List[Tuple[str, str, str]]: ...
def report(
    input: str,
    out: str,
    metrics: List[List[Metric]],
    samples: Optional[int],
    seed: int,
    alpha: float,
    errors: bool,
    title: Optional[str],
) -> Tuple[Dict[str, Any], List[str]]: ...
def errors(
    systems: List[Tuple[str, Sequence[str]]],
    references: List[Sequence[str]],
    source: Optional[Sequence[str]],
    lang: Optional[str],
    checks: Optional[List[str]],
    skip: List[str],
) -> Dict[str, Any]: ...

class References:
    def __len__(self) -> int: ...
    @property
    def nrefs(self) -> int: ...
    def segments(self) -> List[List[str]]: ...

class Metric:
    @staticmethod
    def bleu(
        tokenize: str,
        lowercase: bool,
        smooth_method: str,
        smooth_value: Optional[float],
        max_ngram_order: int,
        effective_order: bool,
        mecab_dictionary: Optional[str] = None,
    ) -> Metric: ...
    @staticmethod
    def chrf(
        char_order: int, word_order: int, beta: int, lowercase: bool, whitespace: bool, eps_smoothing: bool
    ) -> Metric: ...
    @staticmethod
    def ter(normalized: bool, no_punct: bool, asian_support: bool, case_sensitive: bool) -> Metric: ...
    @property
    def name(self) -> str: ...
    @property
    def row_width(self) -> int: ...
    def tokenize(self, line: str) -> str: ...
    def signature_entries(self, nrefs: int) -> List[Tuple[str, str, str]]: ...
    def signature(self, nrefs: int, short: bool = False) -> str: ...
    def prepare(self, refs: Sequence[Sequence[Optional[str]]]) -> References: ...
    def corpus_score(
        self, hyps: Sequence[str], refs: Any, n_bootstrap: int = 1, seed: int = 12345
    ) -> Tuple[Tuple[Any, ...], int, Optional[Tuple[float, float]]]: ...
    def sentence_scores(self, hyps: Sequence[str], refs: Any) -> List[Tuple[Any, ...]]: ...
    def sentence_score(self, hyp: str, refs: Sequence[Optional[str]]) -> Tuple[Tuple[Any, ...], int]: ...
    def segment_stats(self, hyps: Sequence[str], refs: Any) -> np.ndarray: ...
    def score_stats(self, row: Sequence[float]) -> Tuple[Any, ...]: ...
    def compare(
        self,
        systems: List[Sequence[str]],
        refs: Any,
        method: str,
        samples: int,
        seed: int,
        all_pairs: bool,
        alpha: float,
    ) -> Dict[str, Any]: ...
    def compare_stats(
        self,
        statistics: List[np.ndarray],
        nrefs: int,
        method: str,
        samples: int,
        seed: int,
        all_pairs: bool,
        alpha: float,
    ) -> Dict[str, Any]: ...
