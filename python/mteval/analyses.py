"""mteval's analyses beyond sacreBLEU: ``errors`` (automatic error analysis of system outputs,
as ``mteval errors``) and ``mqm`` (scores of human MQM annotation files, as ``mteval mqm``), each
returning the command's JSON record as a dict."""

from __future__ import annotations

import os
from typing import Any, Mapping, Optional, Sequence, Union

from . import _native


class AnalysisReport(dict):
    """The JSON record of an analysis as a dict; ``frame(name)`` gives one of its lists of
    records (``systems``, ``findings``, ``tallies``, …) as a pandas DataFrame."""

    def frame(self, name: str = "systems") -> Any:
        """The records under ``name`` as a pandas DataFrame (needs pandas)."""
        import pandas

        return pandas.DataFrame.from_records(self[name])


def errors(
    systems: Mapping[str, Sequence[str]],
    references: Sequence[Sequence[str]] = (),
    source: Optional[Sequence[str]] = None,
    lang: Optional[str] = None,
    checks: Optional[Sequence[str]] = None,
    skip: Sequence[str] = (),
) -> AnalysisReport:
    """Classifies the errors of each system onto the MQM category tree, as ``mteval errors
    --format json``: edit-based classes against the references (omission, addition,
    mistranslation, inflection, word order, untranslated) and QA checks (numbers, punctuation,
    wrong language, …).

    :param systems: system name → hypotheses.
    :param references: reference streams (``references[k][i]``); may be empty.
    :param source: the source segments (needed by the source-side checks).
    :param lang: ``SRC-TGT``, e.g. ``en-de`` (detected from the text when ``None``).
    :param checks: run only these checks; ``skip``: leave these out.

    The record has ``checks``, ``systems``, ``findings``, ``tallies`` and ``notes`` (how the
    languages were chosen)."""
    return AnalysisReport(
        _native.errors(
            list(systems.items()),
            list(references),
            source,
            lang,
            None if checks is None else list(checks),
            list(skip),
        )
    )


def mqm(
    path: Union[str, "os.PathLike[str]"],
    weights: str = "google",
    overrides: Sequence[str] = (),
    unit: str = "segment",
) -> AnalysisReport:
    """Scores an MQM annotation file as ``mteval mqm --format json``: ``systems`` (best first:
    mqm, segments, ratings, raters, errors, penalty), ``raters``, ``documents``, ``segments``,
    ``tallies``, ``document_tallies``, ``weights``, ``unit``.

    :param path: a TSV in WMT's MQM format (system, doc, doc_id, seg_id, rater, source, target,
        category, severity).
    :param weights: ``google`` (the published WMT weights) or ``marot``.
    :param overrides: ``KEY=VALUE`` weight overrides, e.g. ``["major=10"]``.
    :param unit: divide by rated ``segment`` (default) or by 100 ``source-characters``.
    """
    return AnalysisReport(_native.mqm(os.fspath(path), weights, list(overrides), unit))
