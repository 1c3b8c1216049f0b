"""mteval: sacreBLEU-exact machine-translation evaluation, fast.

``from mteval import BLEU, CHRF, TER`` gives sacreBLEU 2.6's metric classes (same arguments,
methods, score objects and strings; signatures say ``version:mteval-…``), and
``corpus_bleu``, ``sentence_chrf``, … its module functions. Beyond sacreBLEU: per-segment
sufficient statistics for engines (``metric.segment_stats``, ``metric.score_stats``), and
``compare`` (significance), ``errors`` (automatic error analysis), ``mqm`` (human MQM
annotations) and ``report`` (the quality-review report of a directory)."""

from .analyses import AnalysisReport, errors, mqm, report
from .compat import (
    corpus_bleu,
    corpus_chrf,
    corpus_ter,
    raw_corpus_bleu,
    sentence_bleu,
    sentence_chrf,
    sentence_ter,
)
from .compare import Comparison, compare
from .metrics import BLEU, CHRF, TER, InvalidSetting, Metric, UnknownSmoothing, UnknownTokenizer
from .scores import BLEUScore, CHRFScore, Score, Signature, TERScore, VERSION

__version__ = VERSION.split("-", 1)[1]

__all__ = [
    "AnalysisReport",
    "BLEU",
    "BLEUScore",
    "CHRF",
    "CHRFScore",
    "Comparison",
    "InvalidSetting",
    "Metric",
    "Score",
    "Signature",
    "TER",
    "TERScore",
    "UnknownSmoothing",
    "UnknownTokenizer",
    "VERSION",
    "compare",
    "corpus_bleu",
    "corpus_chrf",
    "corpus_ter",
    "errors",
    "mqm",
    "raw_corpus_bleu",
    "report",
    "sentence_bleu",
    "sentence_chrf",
    "sentence_ter",
]
