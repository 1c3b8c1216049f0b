"""Type stubs of the native module (the Rust half of mteval's metrics)."""

from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np

VERSION: str

class References:
    def __len__(self) -> int: ...
    @property
    def nrefs(self) -> int: ...

class Metric:
    @staticmethod
    def bleu(
        tokenize: str,
        lowercase: bool,
        smooth_method: str,
        smooth_value: Optional[float],
        max_ngram_order: int,
        effective_order: bool,
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
    def signature_entries(self, nrefs: int) -> List[Tuple[str, str, str]]: ...
    def signature(self, nrefs: int, short: bool = False) -> str: ...
    def prepare(self, refs: Sequence[Sequence[Optional[str]]]) -> References: ...
    def corpus_score(self, hyps: Sequence[str], refs: Any) -> Tuple[Dict[str, Any], int]: ...
    def sentence_scores(self, hyps: Sequence[str], refs: Any) -> List[Dict[str, Any]]: ...
    def sentence_score(self, hyp: str, refs: Sequence[Optional[str]]) -> Tuple[Dict[str, Any], int]: ...
    def segment_stats(self, hyps: Sequence[str], refs: Any) -> np.ndarray: ...
    def score_stats(self, row: Sequence[float]) -> Dict[str, Any]: ...
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
