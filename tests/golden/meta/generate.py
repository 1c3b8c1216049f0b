#!/usr/bin/env python3
"""Independent reference figures for `mteval meta` and `mteval mqm --table segments`.

Written from the published definitions, not from the Rust code:
  * segment MQM (docs/mqm-scoring.md, shared folder): per (system, doc, doc_id), the mean over
    raters of each rater's summed row weights (Google weights);
  * system level: scipy.stats.pearsonr / spearmanr / kendalltau (tau-b); pairwise accuracy =
    share of system pairs whose human and metric differences have the same sign (ties agree);
    soft pairwise accuracy (Thompson et al. 2024) = 1 - mean |p_human - p_metric| over system
    pairs i < j, p = paired permutation p-value of "i better than j" from segment scores, signs
    from numpy default_rng(4).random((1000, segments), float32) rounded (sums in float64); its
    interval resamples systems (each resample recomputed from its segment-score rows, sorted
    into the original system order), and its permutation test (mt-metrics-eval's WMT24 task:
    PermutationSigDiff with PairwiseConfidenceError) swaps entries of the two metrics'
    system-major segment-score vectors;
  * segment level: scipy kendalltau over all (system, segment) pairs; tau-b per segment across
    systems, averaged over the segments where it is defined; acc-eq (Deutsch et al. 2023):
    per segment the share of system pairs that are concordant or tied on both sides, a metric
    difference <= eps counting as a tie, averaged over segments, maximised over eps (0 and every
    |metric difference|), computed with exact integer counts;
  * 95% bootstrap intervals: numpy default_rng(seed).choice(n, size=(resamples, n)) over systems
    (system level) or segments (segment level), np.percentile of the defined resampled values;
  * permutation tests (PERM-BOTH, mt-metrics-eval's PermutationSigDiff): both metric vectors
    z-scored (scipy.stats.zscore), entry i swapped where
    default_rng(seed).integers(2, size=permutations*n, dtype=bool) is set, p = share of
    permutations with stat(a') - stat(b') >= stat(a) - stat(b) - 1e-9, a = the better metric
    (the same 1e-9 tie tolerance in soft pairwise accuracy's p-values).

Data: ../shared/datasets/mqm/ted (MQM; BLEU and chrF from sacreBLEU against a human
translation in the file) and ../shared/datasets/wmt22 (de-en DA z-scores against sacreBLEU
BLEU/chrF of the system outputs with reference A).
Run from the repository root with /work/venv-sacrebleu/bin/python:
  python tests/golden/meta/generate.py
It writes tests/golden/meta/ted.json, tests/golden/meta/wmt22-da.json and
tests/golden/mqm/ted-segments.json.
"""

import json
import os
import re
from collections import OrderedDict, defaultdict

import numpy as np
import sacrebleu
import scipy.stats

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
SHARED = os.path.normpath(os.path.join(ROOT, "..", "shared", "datasets"))

SEED = 12345
RESAMPLES = 200
PERMUTATIONS = 100
SOFT_PERMUTATIONS = 1000
# Permuted differences within TIE of the observed one count as reaching it (exact ties in real
# arithmetic must not be decided by rounding order).
TIE = 1e-9


def norm(text):
    return " ".join(text.strip().lower().replace("_", " ").split())


def google_weight(category, severity):
    c, s = norm(category), norm(severity)
    if c == "no-error" or s == "no-error" or s == "neutral":
        return 0.0
    if c.startswith("non-translation") or s.startswith("non-translation"):
        return 25.0
    if s == "minor" and c == "fluency/punctuation":
        return 0.1
    if s in ("major", "critical"):
        return 5.0
    if s == "minor":
        return 1.0
    return 0.0


def read_mqm(path):
    """system -> segment MQM list (item order), items, targets[system][item]."""
    items = OrderedDict()
    sums = defaultdict(lambda: OrderedDict())
    targets = defaultdict(dict)
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if "system\tdoc\t" in line.lower():
                continue
            f = line.split("\t")
            system, doc, doc_id, seg_id, rater = f[:5]
            key = (doc, doc_id)
            if key not in items:
                items[key] = (len(items), seg_id)
            item = items[key][0]
            raters = sums[(system, item)]
            raters[rater] = raters.get(rater, 0.0) + google_weight(f[7], f[8])
            targets[system].setdefault(item, re.sub(r"</?v>", "", f[6]))
    mqm = defaultdict(lambda: [None] * len(items))
    for (system, item), raters in sums.items():
        mqm[system][item] = sum(raters.values()) / len(raters)
    return mqm, items, targets


# ---- statistics ------------------------------------------------------------------------------

def defined(value):
    return None if value is None or np.isnan(value) else float(value)


def constant(v):
    return len(v) < 2 or np.all(np.asarray(v) == v[0])


def pearson(g, m):
    return None if constant(g) or constant(m) else defined(scipy.stats.pearsonr(g, m)[0])


def spearman(g, m):
    return None if constant(g) or constant(m) else defined(scipy.stats.spearmanr(g, m)[0])


def kendall(g, m):
    return None if len(g) < 2 else defined(scipy.stats.kendalltau(g, m, variant="b")[0])


def pairwise_accuracy(g, m):
    g, m = np.asarray(g), np.asarray(m)
    n = len(g)
    if n < 2:
        return None
    i, j = np.triu_indices(n, 1)
    return float(np.mean(np.sign(g[i] - g[j]) == np.sign(m[i] - m[j])))


def item_taus(gold, metric):
    """tau-b per row of (items x systems) matrices, from all pairs (None when undefined)."""
    n = gold.shape[1]
    i, j = np.triu_indices(n, 1)
    dg = np.sign(gold[:, i] - gold[:, j])
    dm = np.sign(metric[:, i] - metric[:, j])
    s = (dg * dm).sum(axis=1)
    total = len(i)
    tg = (dg == 0).sum(axis=1)
    tm = (dm == 0).sum(axis=1)
    taus = []
    for row in range(gold.shape[0]):
        if tg[row] == total or tm[row] == total:
            taus.append(None)
        else:
            taus.append(s[row] / np.sqrt(total - tg[row]) / np.sqrt(total - tm[row]))
    return taus


def mean_defined(values):
    values = [v for v in values if v is not None]
    return float(np.mean(values)) if values else None


def acc_eq(gold, metric):
    """Tie-calibrated pairwise accuracy over rows of (items x systems) matrices."""
    rows, n = gold.shape
    i, j = np.triu_indices(n, 1)
    hg = gold[:, i] - gold[:, j]
    hm = metric[:, i] - metric[:, j]
    gold_tie = hg == 0
    metric_tie = hm == 0
    correct = (np.sign(hg) == np.sign(hm)) & ~(gold_tie ^ metric_tie)
    correct |= gold_tie & metric_tie
    pairs = len(i)  # every row has every system: one group of rows
    base = int(correct.sum())
    change = (gold_tie.astype(int) - correct.astype(int)).ravel()
    diff = np.abs(hm).ravel()
    order = np.argsort(diff, kind="stable")
    diff, change = diff[order], change[order]
    counts = base + np.cumsum(change)
    last_of_run = np.r_[diff[1:] != diff[:-1], True]
    candidates = np.r_[base, counts[last_of_run]]
    best = candidates.max()
    return float(best) / pairs / rows


# ---- resampling ------------------------------------------------------------------------------

def bootstrap(n, statistic):
    indices = np.random.default_rng(SEED).choice(n, size=(RESAMPLES, n))
    values = [statistic(row) for row in indices]
    values = [v for v in values if v is not None]
    if not values:
        return None, None
    return float(np.percentile(values, 2.5)), float(np.percentile(values, 97.5))


def permutation(a, b, statistic):
    """p of 'a better than b' (a has the higher value)."""
    za, zb = scipy.stats.zscore(np.asarray(a)), scipy.stats.zscore(np.asarray(b))
    va, vb = statistic(za), statistic(zb)
    if va is None or vb is None:
        return None
    delta = va - vb
    n = len(a)
    mask = np.random.default_rng(SEED).integers(2, size=PERMUTATIONS * n, dtype=bool)
    mask = mask.reshape(PERMUTATIONS, n)
    count = 0
    for w in mask:
        m1 = np.where(w, zb, za)
        m2 = np.where(w, za, zb)
        c1, c2 = statistic(m1), statistic(m2)
        if (c2 or 0.0) - (c1 or 0.0) >= delta - TIE:
            count += 1
    return count / PERMUTATIONS


def soft_pairwise_accuracy(gold, metric):
    """gold, metric: (systems x segments)."""
    segments = gold.shape[1]
    draws = np.random.default_rng(4).random(size=(SOFT_PERMUTATIONS, segments), dtype=np.float32)
    signs = np.rint(draws).astype(np.float64) * 2.0 - 1.0

    def p_values(scores):
        totals = scores.sum(axis=1)
        partial = signs @ scores.T
        n = scores.shape[0]
        p = np.zeros((n, n))
        for i in range(n):
            for j in range(i + 1, n):
                observed = totals[i] - totals[j]
                p[i, j] = np.sum(partial[:, i] - partial[:, j] >= observed - TIE) / SOFT_PERMUTATIONS
        return p

    n = gold.shape[0]
    pg, pm = p_values(gold), p_values(metric)
    iu = np.triu_indices(n, 1)
    return float(1.0 - np.mean(np.abs(pg - pm)[iu]))


def evaluate(systems, human_sys, metrics_sys, human_seg=None, metrics_seg=None):
    """metrics_sys: name -> vector over systems; *_seg: (systems x items) matrices."""
    names = list(metrics_sys)
    correlations, comparisons = [], []

    def add(level, name, vectors, value_of, interval_of):
        values = {m: value_of(v) for m, v in vectors.items()}
        for m in names:
            low, high = interval_of(vectors[m])
            correlations.append({"metric": m, "level": level, "statistic": name,
                                 "value": values[m], "ci_low": low, "ci_high": high})
        for x in range(len(names)):
            for y in range(x + 1, len(names)):
                a, b = names[x], names[y]
                if values[a] is not None and values[b] is not None and values[b] > values[a]:
                    a, b = b, a
                comparisons.append({"metric_a": a, "metric_b": b, "level": level, "statistic": name,
                                    "p_value": permutation(vectors[a], vectors[b], value_of)})

    g = np.asarray(human_sys)
    n = len(systems)
    for name, f in (("pearson", pearson), ("spearman", spearman), ("kendall-tau-b", kendall),
                    ("pairwise-accuracy", pairwise_accuracy)):
        vectors = {m: np.asarray(v) for m, v in metrics_sys.items()}
        add("system", name, vectors, lambda v, f=f: f(g, v),
            lambda v, f=f: bootstrap(n, lambda idx: f(g[idx], v[idx])))
    if human_seg is None:
        for m in names:
            correlations.append({"metric": m, "level": "system", "statistic": "soft-pairwise-accuracy",
                                 "value": None, "ci_low": None, "ci_high": None})
        return {"correlations": correlations, "comparisons": comparisons}

    items = human_seg.shape[1]

    def spa_resampled(v, idx):
        # The resample's systems in their original order, so its pairs keep the direction i < j.
        rows = np.sort(idx)
        return soft_pairwise_accuracy(human_seg[rows], v.reshape(n, items)[rows])

    add("system", "soft-pairwise-accuracy", {m: metrics_seg[m].ravel() for m in names},
        lambda v: soft_pairwise_accuracy(human_seg, v.reshape(n, items)),
        lambda v: bootstrap(n, lambda idx: spa_resampled(v, idx)))

    flat_gold = human_seg.ravel()  # system-major
    flat_item = np.tile(np.arange(items), n)
    by_item_gold = human_seg.T  # (items x systems)

    # Precompute each item's entry positions for speed.
    positions = [np.flatnonzero(flat_item == i) for i in range(items)]

    def flat_take(idx):
        return np.concatenate([positions[i] for i in idx])

    add("segment", "kendall-tau-b", {m: metrics_seg[m].ravel() for m in names},
        lambda v: kendall(flat_gold, v),
        lambda v: bootstrap(items, lambda idx: kendall(flat_gold[flat_take(idx)], v[flat_take(idx)])))

    def by_item(v):
        return v.reshape(items, n)

    add("segment", "kendall-tau-b-by-item", {m: metrics_seg[m].T.ravel() for m in names},
        lambda v: mean_defined(item_taus(by_item_gold, by_item(v))),
        lambda v: bootstrap(items, lambda idx, taus=item_taus(by_item_gold, by_item(v)):
                            mean_defined([taus[i] for i in idx])))

    def acc(v):
        return acc_eq(by_item_gold, v.reshape(n, items).T)

    add("segment", "acc-eq-by-item", {m: metrics_seg[m].ravel() for m in names}, acc,
        lambda v: bootstrap(items, lambda idx: acc_eq(by_item_gold[idx], v.reshape(n, items).T[idx])))
    return {"correlations": correlations, "comparisons": comparisons}


def ted(name, reference):
    mqm, items, targets = read_mqm(os.path.join(SHARED, "mqm", "ted", name))
    systems = sorted(s for s in mqm if s != reference)
    refs = [targets[reference][i] for i in range(len(items))]
    human_seg = np.array([[-mqm[s][i] for i in range(len(items))] for s in systems]) + 0.0
    human_sys = human_seg.mean(axis=1)
    metrics_sys, metrics_seg = {}, {}
    for metric in ("BLEU", "chrF2"):
        sys_scores, seg_scores = [], []
        for s in systems:
            hyps = [targets[s][i] for i in range(len(items))]
            if metric == "BLEU":
                sys_scores.append(sacrebleu.corpus_bleu(hyps, [refs]).score)
                seg_scores.append([sacrebleu.sentence_bleu(h, [r]).score for h, r in zip(hyps, refs)])
            else:
                sys_scores.append(sacrebleu.corpus_chrf(hyps, [refs]).score)
                seg_scores.append([sacrebleu.sentence_chrf(h, [r]).score for h, r in zip(hyps, refs)])
        metrics_sys[metric] = sys_scores
        metrics_seg[metric] = np.array(seg_scores)
    result = evaluate(systems, human_sys, metrics_sys, human_seg, metrics_seg)
    result["systems"] = systems
    result["reference"] = reference
    segments = {s: [round(mqm[s][i], 6) for i in range(len(items))] for s in sorted(mqm)}
    seg_ids = [seg_id for _, seg_id in items.values()]
    return result, {"seg_ids": seg_ids, "mqm": segments}


def wmt22_da():
    path = os.path.join(SHARED, "wmt22", "human-da", "ad-sys-scores-de-en.csv")
    da = {}
    with open(path, encoding="utf-8") as handle:
        next(handle)
        for line in handle:
            raw, z, _n, system, _all = line.split()
            da[re.sub(r"\.\d+$", "", system)] = float(z)
    systems = sorted(s for s in da if not s.startswith("HUMAN"))
    out = os.path.join(SHARED, "wmt22", "system-outputs")
    with open(os.path.join(SHARED, "wmt22", "references", "generaltest2022.de-en.ref.A.en"), encoding="utf-8") as h:
        refs = h.read().split("\n")[:-1]
    metrics_sys = {"BLEU": [], "chrF2": []}
    for s in systems:
        with open(os.path.join(out, f"generaltest2022.de-en.hyp.{s}.en"), encoding="utf-8") as h:
            hyps = h.read().split("\n")[:-1]
        metrics_sys["BLEU"].append(sacrebleu.corpus_bleu(hyps, [refs]).score)
        metrics_sys["chrF2"].append(sacrebleu.corpus_chrf(hyps, [refs]).score)
    result = evaluate(systems, [da[s] for s in systems], metrics_sys)
    result["systems"] = systems
    result["da_z"] = [da[s] for s in systems]
    result["metric_scores"] = metrics_sys
    return result


def write(path, document):
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(document, handle, indent=1, sort_keys=True)
        handle.write("\n")
    print("wrote", path)


def main():
    params = {"seed": SEED, "resamples": RESAMPLES, "permutations": PERMUTATIONS,
              "generator": "tests/golden/meta/generate.py"}
    meta, segments = {"parameters": params}, {"generator": "tests/golden/meta/generate.py"}
    for name, reference in (("mqm_ted_ende.tsv", "ref"), ("mqm_ted_zhen.tsv", "refB")):
        meta[name], segments[name] = ted(name, reference)
    write(os.path.join(HERE, "ted.json"), meta)
    write(os.path.join(HERE, "wmt22-da.json"), {"parameters": params, "de-en": wmt22_da()})
    write(os.path.join(ROOT, "tests", "golden", "mqm", "ted-segments.json"), segments)


if __name__ == "__main__":
    main()
