"""mteval: sacreBLEU-exact machine-translation evaluation, fast.

``from mteval import BLEU, CHRF, TER`` gives sacreBLEU 2.6's metric classes (same arguments,
methods, score objects and strings; signatures say ``version:mteval-…``), and
``corpus_bleu``, ``sentence_chrf``, … its module functions. Beyond sacreBLEU: per-segment
sufficient statistics for engines (``metric.segment_stats``, ``metric.score_stats``), and
``compare`` (significance) and ``mqm`` (human MQM annotations)."""

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
from .mqm import MqmReport, mqm
from .metrics import BLEU, CHRF, TER, InvalidSetting, Metric, UnknownSmoothing, UnknownTokenizer
from .scores import BLEUScore, CHRFScore, Score, Signature, TERScore, VERSION

__version__ = VERSION.split("-", 1)[1]

__all__ = [
    "BLEU",
    "BLEUScore",
    "CHRF",
    "CHRFScore",
    "Comparison",
    "InvalidSetting",
    "Metric",
    "MqmReport",
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
    "mqm",
    "raw_corpus_bleu",
    "sentence_bleu",
    "sentence_chrf",
    "sentence_ter",
]
