"""mteval's analyses beyond sacreBLEU: ``errors`` (automatic error analysis of system outputs,
as ``mteval errors``), ``mqm`` (scores of human MQM annotation files, as ``mteval mqm``) and
``report`` (the quality-review report of a directory, as ``mteval report``), each returning the
command's JSON record as a dict."""

from __future__ import annotations

import os
from typing import Any, Callable, List, Mapping, Optional, Sequence, Union

from . import _native
from .metrics import BLEU, CHRF, TER, Metric

PathLike = Union[str, "os.PathLike[str]"]


class AnalysisReport(dict):
    """The JSON record of an analysis as a dict; ``frame(name)`` gives one of its lists of
    records (``systems``, ``findings``, ``tallies``, …) as a pandas DataFrame."""

    def frame(self, name: str = "systems") -> Any:
        """The records under ``name`` as a pandas DataFrame (needs pandas)."""
        import pandas

        return pandas.DataFrame.from_records(self[name])


def _names(argument: str, values: Any) -> List[str]:
    """A list of names: one ``str`` is one name (not its characters)."""
    if isinstance(values, str):
        return [values]
    try:
        return list(values)
    except TypeError:
        raise TypeError(f"{argument}: expected a list of str, not {type(values).__name__}") from None


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
            None if checks is None else _names("checks", checks),
            _names("skip", skip),
        )
    )


def mqm(
    path: PathLike,
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
    :param unit: divide by rated ``segment`` (default) or by 100 ``source-characters``
        (``source-chars``, as the command line spells it).

    What ``mteval mqm`` warns of on stderr (a byte order mark removed, rows without a rater
    left out, a severity it does not know) comes as :class:`UserWarning`.
    """
    return AnalysisReport(_native.mqm(os.fspath(path), weights, _names("overrides", overrides), unit))


def _default_metrics(target: str) -> List[Metric]:
    """sacreBLEU's API defaults for a target language: BLEU with ``trg_lang`` (``zh``,
    ``ja-mecab``, ``ko-mecab`` tokenizers), chrF2 and TER."""
    return [BLEU(trg_lang=target), CHRF(), TER()]


def report(
    input: PathLike,
    out: PathLike,
    metrics: Union[None, Sequence[Metric], Callable[[str], Sequence[Metric]]] = None,
    samples: Optional[int] = None,
    seed: int = 12345,
    alpha: float = 0.05,
    errors: bool = True,
    title: Optional[str] = None,
) -> AnalysisReport:
    """Builds the quality-review report of ``input`` (a directory or manifest that
    ``mteval report`` reads) and writes it to the directory ``out`` (``index.html``, CSV files,
    ``report.json``, charts).

    :param metrics: the metrics of every language pair, or a function from the target language
        to them; by default BLEU with ``trg_lang`` (sacreBLEU's tokenizer for zh, ja, ko), chrF2
        and TER. (``mteval report`` also normalizes TER for zh, ja and ko targets: pass
        ``TER(normalized=True, asian_support=True)`` for those to get its figures.)
    :param samples: bootstrap resamples (default: 1000, more where many vendors need it).
    :param seed, alpha: the resampling seed and the significance level.
    :param errors: count error categories per vendor (the automatic error analysis).
    :param title: the report's title.

    Returns the report's record (``report.json``'s content) with ``written``: the files
    written, relative to ``out``.
    """
    pairs = _native.report_pairs(os.fspath(input))
    if metrics is None:
        metrics = _default_metrics
    chosen = [list(metrics(target) if callable(metrics) else metrics) for _, _, target in pairs]
    record, files = _native.report(
        os.fspath(input),
        os.fspath(out),
        [[metric._native_metric for metric in pair] for pair in chosen],
        samples,
        seed,
        alpha,
        errors,
        title,
    )
    result = AnalysisReport(record)
    result["written"] = files
    return result
