"""Score and signature objects that behave like sacreBLEU 2.6's: the same attributes, the same
``str()`` and the same ``format(width, score_only, signature, is_json)`` strings."""

from __future__ import annotations

import json
from typing import Any, Dict, List, Sequence, Tuple

from . import _native

#: The ``version`` value of mteval's signatures (sacreBLEU's would say ``2.6.0``).
VERSION: str = _native.VERSION


class Signature:
    """A reproducibility signature: ``nrefs:1|case:mixed|…|version:mteval-X.Y.Z``.

    ``info`` maps each key to its value (``None`` values are left out of the string), in
    sacreBLEU's order with ``version`` printed last; ``format(short=True)`` uses the short keys.
    """

    # sacreBLEU's keys of every signature, in its order, with their short forms.
    _SHARED = {
        "version": "v", "nrefs": "#", "bs": "bs", "ar": "ar", "seed": "rs", "test": "t", "lang": "l",
        "origlang": "o", "subset": "S",
    }
    # Values sacreBLEU keeps as booleans (TER's) and integers (chrF's orders) in ``info``.
    _TYPES = {"norm": bool, "punct": bool, "asian": bool, "nc": int, "nw": int}

    def __init__(self, entries: Sequence[Tuple[str, str, Any]], nrefs: Any):
        self._abbr: Dict[str, str] = dict(self._SHARED)
        self.info: Dict[str, Any] = dict.fromkeys(self._SHARED)
        self.info.update(version=VERSION, nrefs=nrefs)
        for key, short, value in entries:
            if key == "nrefs":
                continue
            self._abbr[key] = short
            kind = self._TYPES.get(key)
            if kind is bool:
                value = value == "yes"
            elif kind is int:
                value = int(value)
            self.info[key] = value

    def format(self, short: bool = False) -> str:
        """The signature string, with abbreviated keys when ``short``."""
        keys = [key for key in self.info if key != "version"] + ["version"]
        pairs = []
        for key in keys:
            value = self.info[key]
            if value is None:
                continue
            if isinstance(value, bool):
                value = "yes" if value else "no"
            pairs.append(f"{self._abbr.get(key, key) if short else key}:{value}")
        return "|".join(pairs)

    def update(self, key: str, value: Any) -> None:
        """Adds or replaces one item (as sacreBLEU's ``Signature.update``)."""
        self.info[key] = value

    def __str__(self) -> str:
        return self.format()

    def __repr__(self) -> str:
        return self.format()


class Score:
    """A score on sacreBLEU's 0–100 scale with its metric name (``BLEU``, ``chrF2``, ``TER``)."""

    def __init__(self, name: str, score: float):
        self.name = name
        self.score = score
        self._mean = -1.0
        self._ci = -1.0
        self._verbose = ""

    def format(
        self,
        width: int = 2,
        score_only: bool = False,
        signature: str = "",
        is_json: bool = False,
    ) -> str:
        """The score as sacreBLEU prints it: ``NAME|SIGNATURE = 12.34 details``, only the number
        with ``score_only``, or a JSON object with ``is_json``."""
        record: Dict[str, Any] = {
            "name": self.name,
            "score": float(f"{self.score:.{width}f}"),
            "signature": signature,
        }
        text = f"{self.score:.{width}f}"
        if self._mean > 0:
            mean = f"{self._mean:.{width}f}"
            ci = f"{self._ci:.{width}f}"
            confidence = f"μ = {mean} ± {ci}"
            text += f" ({confidence})"
            if is_json:
                record["confidence_mean"] = float(mean)
                record["confidence_var"] = float(ci)
                record["confidence"] = confidence
        line = f"{self.name}|{signature}" if signature else self.name
        line = f"{line} = {text}"
        if self._verbose:
            line += f" {self._verbose}"
            record["verbose_score"] = self._verbose
        if score_only:
            return text
        if is_json:
            for pair in signature.split("|"):
                key, value = pair.split(":")
                record[key] = value
            return json.dumps(record, indent=1, ensure_ascii=False)
        return line

    def __repr__(self) -> str:
        return self.format()


class BLEUScore(Score):
    """A BLEU score with ``counts``, ``totals``, ``precisions``, ``bp``, ``sys_len``, ``ref_len``
    (``ratio``, ``prec_str`` and the verbose string are computed when first read)."""

    def __init__(
        self,
        score: float,
        counts: List[Any],
        totals: List[Any],
        precisions: List[float],
        bp: float,
        sys_len: int,
        ref_len: int,
    ):
        self.name = "BLEU"
        self.score = score
        self._mean = -1.0
        self._ci = -1.0
        self.bp = bp
        self.counts = counts
        self.totals = totals
        self.sys_len = sys_len
        self.ref_len = ref_len
        self.precisions = precisions

    @property
    def prec_str(self) -> str:
        return "/".join(f"{p:.1f}" for p in self.precisions)

    @property
    def ratio(self) -> float:
        return self.sys_len / self.ref_len if self.ref_len else 0

    @property
    def _verbose(self) -> str:  # type: ignore[override]
        return (
            f"{self.prec_str} (BP = {self.bp:.3f} ratio = {self.ratio:.3f} "
            f"hyp_len = {self.sys_len:d} ref_len = {self.ref_len:d})"
        )


class CHRFScore(Score):
    """A chrF or chrF++ score (``chrF2``, ``chrF2++``) with its orders and beta."""

    def __init__(self, score: float, char_order: int, word_order: int, beta: int):
        self.beta = beta
        self.char_order = char_order
        self.word_order = word_order
        super().__init__(f"chrF{beta}" + "+" * word_order, score)


class TERScore(Score):
    """A TER score with ``num_edits`` and ``ref_length`` (the summed average reference length)."""

    def __init__(self, score: float, num_edits: float, ref_length: float):
        super().__init__("TER", score)
        self.num_edits = int(num_edits)
        self.ref_length = ref_length


def bleu_score(record: Tuple[Any, ...], fractional_add_k: bool) -> BLEUScore:
    """A :class:`BLEUScore` from the native score tuple. Counts are integers (the native tuple
    has them so), except that a float ``add-k`` value makes the counts and totals of orders
    above one floats, as in sacreBLEU (when anything matched)."""
    score, counts, totals, precisions, bp, sys_len, ref_len = record
    if fractional_add_k and counts[0] > 0:
        counts = [int(counts[0])] + [float(c) for c in counts[1:]]
        totals = [int(totals[0])] + [float(t) for t in totals[1:]]
    return BLEUScore(score, counts, totals, precisions, bp, sys_len, ref_len)
