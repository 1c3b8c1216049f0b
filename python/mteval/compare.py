"""``mteval.compare``: significance of differences between systems, as ``mteval compare`` and
sacreBLEU's ``--paired-bs`` / ``--paired-ar`` compute them (same seeds, same numbers), plus every
pair of systems with Holm-corrected p-values and significance clusters."""

from __future__ import annotations

import numbers
import re
from collections.abc import Iterator
from typing import Any, Dict, List, Mapping, Optional, Sequence

from .metrics import BLEU, Metric

DEFAULT_SAMPLES = {"bootstrap": 1000, "ar": 10000}


class Comparison:
    """The results of :func:`compare`: ``systems`` (one record per system and metric: system,
    metric, score, mean, ci, p_value, rank, cluster, signature) and ``pairs`` (with
    ``all_pairs``: metric, a, b, difference, ci, p_value, p_corrected, significant), as lists
    of dicts; ``to_frame()`` and ``pairs_frame()`` give them as pandas DataFrames."""

    def __init__(self, systems: List[Dict[str, Any]], pairs: List[Dict[str, Any]]):
        self.systems = systems
        self.pairs = pairs

    def to_frame(self) -> Any:
        """The per-system records as a pandas DataFrame (needs pandas)."""
        import pandas

        return pandas.DataFrame.from_records(self.systems)

    def pairs_frame(self) -> Any:
        """The pair records as a pandas DataFrame (needs pandas)."""
        import pandas

        return pandas.DataFrame.from_records(self.pairs)

    def __repr__(self) -> str:
        return f"Comparison({len(self.systems)} system results, {len(self.pairs)} pairs)"


def compare(
    systems: Mapping[str, Sequence[str]],
    references: Sequence[Sequence[str]],
    metrics: Optional[Sequence[Metric]] = None,
    method: str = "bootstrap",
    samples: Optional[int] = None,
    seed: int = 12345,
    all_pairs: bool = False,
    alpha: float = 0.05,
) -> Comparison:
    """Compares systems against the first one (the baseline) under each metric.

    :param systems: system name → hypotheses, the baseline first.
    :param references: reference streams (``references[k][i]``), shared by every system.
    :param metrics: configured :class:`~mteval.BLEU`, :class:`~mteval.CHRF` or :class:`~mteval.TER`
        objects (default: ``[BLEU()]``).
    :param method: ``"bootstrap"`` (paired bootstrap resampling, with 95% confidence intervals)
        or ``"ar"`` (paired approximate randomization).
    :param samples: resamples (default 1000) or randomization trials (default 10000).
    :param seed: the resampling seed (sacreBLEU's default 12345).
    :param all_pairs: also compare every pair of systems (Holm-corrected) and cluster them.
    :param alpha: the significance level of pairs and clusters.
    """
    names = list(systems)
    samples = check_test(method, samples, len(names), alpha)
    metrics = list(metrics) if metrics is not None else [BLEU()]
    for metric in metrics:
        if not isinstance(metric, Metric):
            raise TypeError(
                f"metrics: expected mteval.BLEU, CHRF or TER objects, not {metric!r} ({type(metric).__name__})"
            )
    # Every metric reads the texts again: an iterator would be used up by the first.
    hypotheses = [_reusable(systems[name]) for name in names]
    references = _reusable(references)
    if isinstance(references, (list, tuple)):
        references = [_reusable(stream) for stream in references]
    records: List[Dict[str, Any]] = []
    pairs: List[Dict[str, Any]] = []
    for metric in metrics:
        native = metric._native_metric
        try:
            result = native.compare(hypotheses, references, method, samples, seed, all_pairs, alpha)
        except (TypeError, ValueError) as error:
            raise _naming_the_system(error, names) from None
        add_results(records, pairs, names, native.name, result)
    return Comparison(records, pairs)


def _naming_the_system(error: Exception, names: List[str]) -> Exception:
    """``error`` with the native ``systems[i]: …`` turned into ``systems['name']: …``."""
    match = re.match(r"systems\[(\d+)\]: (.*)", str(error), re.DOTALL)
    if match is None:
        return error
    return type(error)(f"systems[{names[int(match.group(1))]!r}]: {match.group(2)}")


def _reusable(texts: Any) -> Any:
    """``texts`` as something that can be read more than once: an iterator (a generator, a
    ``map``) becomes a list; anything else is left for the native checks."""
    return list(texts) if isinstance(texts, Iterator) else texts


def check_test(method: str, samples: Optional[int], systems: int, alpha: float) -> int:
    """Refuses a test :func:`compare` cannot run (naming the setting); the number of samples."""
    if method not in DEFAULT_SAMPLES:
        raise ValueError(f"method: unknown test {method!r}; choose bootstrap or ar")
    samples = DEFAULT_SAMPLES[method] if samples is None else samples
    if isinstance(samples, bool) or not isinstance(samples, numbers.Integral):
        raise TypeError(f"samples: expected an int, not {type(samples).__name__}")
    if isinstance(alpha, bool) or not isinstance(alpha, numbers.Real):
        raise TypeError(f"alpha: expected a number, not {type(alpha).__name__}")
    if samples < 1:
        raise ValueError(f"samples: need at least one resample, not {samples}")
    if method == "ar" and systems < 2:
        raise ValueError("method: approximate randomization compares systems; give a baseline and another system")
    if not 0 < alpha < 1:
        raise ValueError(f"alpha: the significance level must be between 0 and 1, not {alpha}")
    return samples


def add_results(
    records: List[Dict[str, Any]],
    pairs: List[Dict[str, Any]],
    names: Sequence[str],
    metric: str,
    result: Dict[str, Any],
) -> None:
    """Appends one metric's native comparison ``result`` of the systems ``names`` to the
    per-system ``records`` and the ``pairs``."""
    signature = result["signature"]
    if result["nrefs"] == -1:
        signature = "nrefs:var" + signature[signature.index("|") :]
    for s, system in enumerate(result["systems"]):
        records.append(
            {
                "system": names[s],
                "metric": metric,
                **system,
                "rank": result["ranks"][s],
                "cluster": result["clusters"][s] if result["clusters"] else None,
                "signature": signature,
            }
        )
    for pair in result["pairs"]:
        pairs.append({"metric": metric, **pair, "a": names[pair["a"]], "b": names[pair["b"]]})
