"""``mteval.mqm``: MQM scores of human annotation files (WMT's MQM TSV), as ``mteval mqm``
computes them."""

from __future__ import annotations

import os
from typing import Any, Sequence, Union

from . import _native


class MqmReport(dict):
    """``mteval mqm --format json``'s record of one file: ``systems`` (best first: mqm, segments,
    ratings, raters, errors, penalty), ``raters``, ``documents``, ``segments``, ``tallies``,
    ``document_tallies``, ``weights``, ``unit``; ``frame(name)`` gives one of the lists as a
    pandas DataFrame."""

    def frame(self, name: str = "systems") -> Any:
        """The records under ``name`` as a pandas DataFrame (needs pandas)."""
        import pandas

        return pandas.DataFrame.from_records(self[name])


def mqm(
    path: Union[str, "os.PathLike[str]"],
    weights: str = "google",
    overrides: Sequence[str] = (),
    unit: str = "segment",
) -> MqmReport:
    """Scores an MQM annotation file.

    :param path: a TSV in WMT's MQM format (system, doc, doc_id, seg_id, rater, source, target,
        category, severity).
    :param weights: ``google`` (the published WMT weights) or ``marot``.
    :param overrides: ``KEY=VALUE`` weight overrides, e.g. ``["major=10"]``.
    :param unit: divide by rated ``segment`` (default) or by 100 ``source-characters``.
    """
    return MqmReport(_native.mqm(os.fspath(path), weights, list(overrides), unit))
