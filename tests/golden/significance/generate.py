#!/usr/bin/env python3
"""Generate golden reference data for ``mteval compare`` (paired significance tests) from the real sacreBLEU 2.6.0.

This is *our own* generator script. It runs the sacreBLEU command-line tool exactly as a user would, stores its raw
text output, parses that output, and re-runs the same tests through sacreBLEU's public Python API to record the
full-precision figures. No sacreBLEU source code is copied into this repository; only computed figures are stored.

How to regenerate
-----------------
Create a virtualenv OUTSIDE the repository, install the pinned reference and run from the repository root::

    python3 -m venv /work/venv-sacrebleu
    /work/venv-sacrebleu/bin/pip install sacrebleu==2.6.0      # pulls numpy 2.x (NEP 50 matters, see below)
    /work/venv-sacrebleu/bin/sacrebleu --version                # must print "sacrebleu 2.6.0"
    /work/venv-sacrebleu/bin/python tests/golden/significance/generate.py

Options: ``--shared PATH`` (default ``../shared/datasets``, i.e. the directory holding ``wmt22/``),
``--out PATH`` (default ``tests/golden/significance``), ``--steps`` (any of ``cli api confidence rng``; default
all). The ``sacrebleu`` executable used is the one next to the running Python interpreter, so run the script with
the venv's Python. ``SACREBLEU_SEED`` and ``SACREBLEU_FORMAT`` are removed from the environment, so the default
seed 12345 is used everywhere. The whole run takes a while (pure-Python TER plus 1000 bootstrap resamples /
10000 AR trials per system); wall and CPU times of every sacreBLEU run are printed to stderr, not stored.

NumPy version matters: under NumPy 2 (NEP 50) the bootstrap resample scores are computed in float32 for chrF/TER
and for BLEU's precisions, so the CI/mean/p-value digits differ from NumPy 1.x. The committed files were produced
with sacrebleu 2.6.0 and the NumPy version recorded in each JSON file (``generated_with``).

Inputs
------
``<shared>/wmt22/references/generaltest2022.<pair>.ref.A.<tgt>`` and every
``<shared>/wmt22/system-outputs/generaltest2022.<pair>.hyp.<SYSTEM>.<tgt>`` for pairs ``en-de`` and ``de-fr``.
The baseline is the first hypothesis file in sorted file-name order, the others follow in sorted order.
The CLI is run with its working directory set to ``<shared>/wmt22/system-outputs`` and the hypothesis files given
by bare file name (the reference as ``../references/...``), so the printed system names are just the file names
and the output does not depend on where the data lives. ``"cwd"`` in the JSON files is relative to ``<shared>``.

Outputs (in ``--out``)
----------------------
``<pair>.paired-bs.txt`` / ``<pair>.paired-ar.txt``
    Raw stdout of ``sacrebleu REF -i BASE SYS... -m bleu chrf ter --paired-bs|--paired-ar -f text -w 4``
    (defaults: 1000 bootstrap resamples / 10000 AR trials, seed 12345). stdout is not a TTY, so no colours.
``<pair>.paired-bs.json`` / ``<pair>.paired-ar.json``
    The printed table parsed: ``{"command": [...], "cwd": ..., "baseline": <file>, "header": [column titles],
    "systems": [{"file", "system" (as printed), "metrics": {"BLEU"|"chrF2"|"TER": {"score", "mean", "ci",
    "p_value", "significant", "cell"}}}], "signatures": {metric: signature as printed}}``. Every number is the
    exact printed string (e.g. ``"36.5253"``, ``"0.0010"``), ``null`` when not printed (AR has no mean/CI, the
    baseline has no p-value). ``significant`` is ``true`` when sacreBLEU printed ``*`` after the p-value, ``false``
    when it printed a p-value without ``*``, ``null`` for the baseline. ``cell`` is the table cell text with the
    two physical lines of a multi-line cell joined by ``\\n``.
``<pair>.paired-full.json``
    ``sacrebleu.significance.PairedTest`` (the class the CLI uses) run through the API with the same metric objects
    (built from the same argv with sacreBLEU's own argument parser), the same ``named_systems`` and the CLI's
    default n_samples / seed, for ``bs`` and ``ar``: for every system and metric ``score``, ``mean``, ``ci``,
    ``p_value`` as full-precision floats (``float(x)``; JSON floats are ``repr`` round-trip values) and
    ``types`` (the Python/NumPy type of each value, e.g. ``float32`` for chrF/TER bootstrap means).
    The script checks that every value formatted with ``:.4f`` equals the CLI's printed string.
``en-de.confidence.txt`` / ``en-de.confidence.json``
    Single-system ``--confidence`` (1000 resamples) for the en-de baseline: raw text and parsed
    ``{metric: {"score", "mean", "ci", "signature", "verbose"}}`` strings, plus ``"full"``: the same figures at
    full precision from ``metric.corpus_score(hyps, None, n_bootstrap=1000)`` (``score``, ``_mean``, ``_ci``).
``rng.json``
    NumPy ``default_rng(seed)`` vectors for seeds 12345, 0, 1, 42 and 2**32+5: the SeedSequence's
    ``generate_state(4, uint64)``, the PCG64 ``bit_generator.state`` right after construction (128-bit ``state``
    and ``inc`` as decimal strings), the first 8 ``random_raw()`` uint64 outputs (decimal strings), the first 20
    values of ``choice(2037, size=(2, 10), replace=True)`` (row-major) and the first 64 of
    ``integers(2, size=(2, 32), dtype=bool)`` as 0/1 -- each list from a fresh generator.
"""

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

PAIRS = [
    # (pair, reference name, target language)
    ("en-de", "A", "de"),
    ("de-fr", "A", "fr"),
]
CONFIDENCE_PAIRS = ["en-de"]
METRIC_ARGS = ["-m", "bleu", "chrf", "ter"]
FORMAT_ARGS = ["-f", "text", "-w", "4"]
WIDTH = 4
RNG_SEEDS = [12345, 0, 1, 42, 2**32 + 5]

NUM = r"-?(?:\d+\.\d+|nan|inf)"
CELL_RE = re.compile(
    rf"^(?P<score>{NUM})"
    rf"(?: \((?P<mean>{NUM}) ± (?P<ci>{NUM})\))?"
    rf"(?:\n\(p = (?P<p_value>{NUM})\)(?P<star>\*)?)?$"
)
SIG_LINE_RE = re.compile(r"^ - (?P<name>\S+)\s+(?P<sig>\S+)$")
CONF_LINE_RE = re.compile(
    rf"^\s*(?P<name>[^|\s]+)\|(?P<sig>\S+) = (?P<score>{NUM})"
    rf"(?: \(μ = (?P<mean>{NUM}) ± (?P<ci>{NUM})\))?(?: (?P<verbose>.*))?$"
)


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def clean_env():
    env = dict(os.environ)
    for key in ("SACREBLEU_SEED", "SACREBLEU_FORMAT"):
        env.pop(key, None)
    return env


def write_json(path, obj):
    path.write_text(json.dumps(obj, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    log(f"  wrote {path} ({path.stat().st_size} bytes)")


def generated_with():
    import numpy
    import sacrebleu
    return {"sacrebleu": sacrebleu.__version__, "numpy": numpy.__version__,
            "python": sys.version.split()[0]}


@contextmanager
def timed(label, timings):
    """Wall time (perf_counter) and CPU time (user+sys of this process and its children)."""
    r0s, r0c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    yield
    wall = time.perf_counter() - t0
    r1s, r1c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = sum(getattr(r1, f) - getattr(r0, f)
              for r0, r1 in ((r0s, r1s), (r0c, r1c)) for f in ("ru_utime", "ru_stime"))
    load = os.getloadavg()[0]
    timings.append((label, wall, cpu, load))
    log(f"  [time] {label}: wall {wall:.2f} s, cpu {cpu:.2f} s (1-min load avg {load:.2f})")


# --------------------------------------------------------------------------------------------------------------
# Inputs and commands
# --------------------------------------------------------------------------------------------------------------

class PairData:
    def __init__(self, shared, pair, ref_name, tgt):
        self.pair = pair
        self.sysdir = shared / "wmt22" / "system-outputs"
        self.ref_rel = f"../references/generaltest2022.{pair}.ref.{ref_name}.{tgt}"
        prefix, suffix = f"generaltest2022.{pair}.hyp.", f".{tgt}"
        self.hyp_files = sorted(p.name for p in self.sysdir.iterdir()
                                if p.name.startswith(prefix) and p.name.endswith(suffix))
        if len(self.hyp_files) < 2:
            raise SystemExit(f"need >= 2 systems for {pair} in {self.sysdir}")
        self.baseline = self.hyp_files[0]
        self.cwd_rel = "wmt22/system-outputs"

    def paired_command(self, test):
        return ["sacrebleu", self.ref_rel, "-i", *self.hyp_files, *METRIC_ARGS,
                f"--paired-{test}", *FORMAT_ARGS]

    def confidence_command(self):
        return ["sacrebleu", self.ref_rel, "-i", self.baseline, *METRIC_ARGS, "--confidence", *FORMAT_ARGS]


def run_cli(command, cwd, label, timings):
    exe = Path(sys.executable).parent / "sacrebleu"
    argv = [str(exe), *command[1:]]
    log(f"  running (cwd {cwd}): {' '.join(command)}")
    with timed(label, timings):
        proc = subprocess.run(argv, cwd=cwd, env=clean_env(), stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    stderr = proc.stderr.decode("utf-8", "replace")
    for line in stderr.splitlines():
        log(f"    stderr| {line}")
    if proc.returncode != 0:
        raise SystemExit(f"sacrebleu exited with {proc.returncode}: {' '.join(command)}")
    return proc.stdout.decode("utf-8")


# --------------------------------------------------------------------------------------------------------------
# Parsing the printed output
# --------------------------------------------------------------------------------------------------------------

def parse_grid(text):
    """Parse a tabulate ``fancy_grid`` table into rows of cells (multi-line cells joined with '\\n')."""
    rows, block, seen_table = [], [], False
    for line in text.split("\n"):
        if not line:
            if seen_table:
                break
            continue
        first = line[0]
        if first in "╒╞├╘":
            seen_table = True
            if block:
                ncols = len(block[0])
                if any(len(b) != ncols for b in block):
                    raise ValueError(f"ragged table row: {block!r}")
                rows.append(["\n".join(b[i] for b in block if b[i]) for i in range(ncols)])
                block = []
            if first == "╘":
                break
        elif first == "│":
            if not line.endswith("│"):
                raise ValueError(f"bad table line: {line!r}")
            block.append([c.strip() for c in line[1:-1].split("│")])
        elif seen_table:
            raise ValueError(f"unexpected line inside table: {line!r}")
    if not rows:
        raise ValueError("no table found")
    return rows


def parse_signatures(text):
    lines = text.split("\n")
    idx = lines.index("Metric signatures")
    if lines[idx - 1] != "-" * 17 or lines[idx + 1] != "-" * 17:
        raise ValueError("malformed signature header")
    sigs = {}
    for line in lines[idx + 2:]:
        if not line:
            continue
        m = SIG_LINE_RE.match(line)
        if not m:
            raise ValueError(f"bad signature line: {line!r}")
        sigs[m["name"]] = m["sig"]
    return sigs


def render_cell(d):
    """Re-render a parsed cell the way sacreBLEU prints it (used as a parser self-check)."""
    s = d["score"]
    if d["mean"] is not None:
        s += f" ({d['mean']} ± {d['ci']})"
    if d["p_value"] is not None:
        s += f"\n(p = {d['p_value']})" + ("*" if d["significant"] else "")
    return s


def parse_paired(text, data, test):
    rows = parse_grid(text)
    header, body = rows[0], rows[1:]
    if header[0] != "System":
        raise ValueError(f"unexpected header {header!r}")
    metric_names = [h.split(" (")[0] for h in header[1:]]
    if metric_names != ["BLEU", "chrF2", "TER"]:
        raise ValueError(f"unexpected metric columns {header!r}")
    if test == "bs" and not all(h.endswith(" (μ ± 95% CI)") for h in header[1:]):
        raise ValueError(f"bs header lacks CI suffix: {header!r}")
    if len(body) != len(data.hyp_files):
        raise ValueError(f"{len(body)} rows for {len(data.hyp_files)} systems")
    systems = []
    for i, (row, fname) in enumerate(zip(body, data.hyp_files)):
        expected_name = f"Baseline: {fname}" if i == 0 else fname
        if row[0] != expected_name:
            raise ValueError(f"row {i}: system {row[0]!r}, expected {expected_name!r}")
        metrics = {}
        for name, cell in zip(metric_names, row[1:]):
            m = CELL_RE.match(cell)
            if not m:
                raise ValueError(f"cannot parse cell {cell!r}")
            d = {"score": m["score"], "mean": m["mean"], "ci": m["ci"], "p_value": m["p_value"],
                 "significant": None if m["p_value"] is None else bool(m["star"]), "cell": cell}
            # Structural expectations: the baseline has no p-value, all others have one;
            # bs prints mean/CI for every row, AR for none.
            if (d["p_value"] is None) != (i == 0):
                raise ValueError(f"p-value presence wrong in {cell!r}")
            if (d["mean"] is None) != (test == "ar"):
                raise ValueError(f"mean/CI presence wrong in {cell!r}")
            if d["significant"] is not None and d["significant"] != (float(d["p_value"]) <= 0.05):
                raise ValueError(f"star inconsistent with p-value in {cell!r}")
            if render_cell(d) != cell:
                raise ValueError(f"round-trip mismatch {render_cell(d)!r} != {cell!r}")
            metrics[name] = d
        systems.append({"file": fname, "system": row[0], "metrics": metrics})
    sigs = parse_signatures(text)
    if list(sigs) != metric_names:
        raise ValueError(f"signature names {list(sigs)} != {metric_names}")
    return header, systems, sigs


def parse_confidence(text):
    out = {}
    for line in text.split("\n"):
        if not line:
            continue
        m = CONF_LINE_RE.match(line)
        if not m:
            raise ValueError(f"bad confidence line: {line!r}")
        out[m["name"]] = {"score": m["score"], "mean": m["mean"], "ci": m["ci"],
                          "signature": m["sig"], "verbose": m["verbose"]}
    if list(out) != ["BLEU", "chrF2", "TER"]:
        raise ValueError(f"unexpected metrics {list(out)}")
    return out


# --------------------------------------------------------------------------------------------------------------
# Python API (full precision)
# --------------------------------------------------------------------------------------------------------------

def read_lines(path):
    from sacrebleu.utils import smart_open  # same reader as the CLI (newline='\n'), lines rstrip()-ped
    with smart_open(str(path)) as fh:
        return [line.rstrip() for line in fh]


def build_metrics(command, refs):
    """Metric objects configured exactly as the CLI would for ``command`` (sacreBLEU's own argument parser)."""
    from sacrebleu.metrics import METRICS
    from sacrebleu.sacrebleu import parse_args
    from sacrebleu.utils import args_to_dict
    saved = sys.argv
    try:
        sys.argv = list(command)
        args = parse_args()
    finally:
        sys.argv = saved
    metrics = {}
    for name in args.metrics:
        kwargs = args_to_dict(args, name.lower(), strip_prefix=True)
        kwargs["references"] = refs
        metrics[name.upper()] = METRICS[name.upper()](**kwargs)
    return args, metrics


def full(x):
    return None if x is None else float(x)


def type_name(x):
    return None if x is None else type(x).__name__


def api_paired(data, test, timings):
    from sacrebleu.significance import PairedTest
    command = data.paired_command(test)
    refs = [read_lines(data.sysdir / data.ref_rel)]
    hyps = [read_lines(data.sysdir / f) for f in data.hyp_files]
    args, metrics = build_metrics(command, refs)
    named_systems = [(f"Baseline: {data.hyp_files[0]}" if i == 0 else f, h)
                     for i, (f, h) in enumerate(zip(data.hyp_files, hyps))]
    n_samples = args.paired_bs_n if test == "bs" else args.paired_ar_n
    with timed(f"API {data.pair} paired-{test}", timings):
        ps = PairedTest(named_systems, metrics, references=None, test_type=test,
                        n_samples=n_samples, n_jobs=args.paired_jobs)
        sigs, scores = ps()
    systems = []
    for i, fname in enumerate(data.hyp_files):
        entry = {"file": fname, "system": scores["System"][i], "metrics": {}}
        for name in (k for k in scores if k != "System"):
            r = scores[name][i]
            vals = {"score": r.score, "mean": r.mean, "ci": r.ci, "p_value": r.p_value}
            entry["metrics"][name] = {**{k: full(v) for k, v in vals.items()},
                                      "types": {k: type_name(v) for k, v in vals.items()}}
        systems.append(entry)
    return {"command": command, "cwd": data.cwd_rel, "test_type": test, "n_samples": ps.n_samples,
            "seed": ps._seed, "baseline": data.baseline, "systems": systems,
            "signatures": {k: v.format() for k, v in sigs.items()}}


def api_confidence(data, timings):
    command = data.confidence_command()
    refs = [read_lines(data.sysdir / data.ref_rel)]
    hyps = read_lines(data.sysdir / data.baseline)
    args, metrics = build_metrics(command, refs)
    out = {}
    with timed(f"API {data.pair} confidence", timings):
        for name in sorted(metrics):
            sc = metrics[name].corpus_score(hyps, references=None, n_bootstrap=args.confidence_n)
            vals = {"score": sc.score, "mean": sc._mean, "ci": sc._ci}
            out[sc.name] = {**{k: full(v) for k, v in vals.items()},
                            "types": {k: type_name(v) for k, v in vals.items()},
                            "signature": metrics[name].get_signature().format()}
    return out


def check_rounding(parsed_systems, full_systems, what):
    problems = []
    for ps, fs in zip(parsed_systems, full_systems):
        if ps["file"] != fs["file"] or ps["system"] != fs["system"]:
            problems.append(f"{what}: system mismatch {ps['system']!r} vs {fs['system']!r}")
            continue
        for metric, pm in ps["metrics"].items():
            fm = fs["metrics"][metric]
            for key in ("score", "mean", "ci", "p_value"):
                printed = pm[key]
                value = fm[key]
                expect = None if value is None else f"{value:.{WIDTH}f}"
                if printed != expect:
                    problems.append(f"{what}: {ps['file']} {metric} {key}: printed {printed!r}, API {expect!r} "
                                    f"({value!r})")
    return problems


# --------------------------------------------------------------------------------------------------------------
# RNG vectors
# --------------------------------------------------------------------------------------------------------------

def rng_vectors():
    import numpy as np
    entries = []
    for seed in RNG_SEEDS:
        st = np.random.default_rng(seed).bit_generator.state
        ss = np.random.SeedSequence(seed).generate_state(4, np.uint64)
        entries.append({
            "seed": seed,
            "seed_sequence_generate_state_4_uint64": [str(int(v)) for v in ss],
            "initial_state": {
                "bit_generator": st["bit_generator"],
                "state": str(int(st["state"]["state"])),
                "inc": str(int(st["state"]["inc"])),
                "has_uint32": int(st["has_uint32"]),
                "uinteger": int(st["uinteger"]),
            },
            "random_raw_8": [str(int(v)) for v in np.random.default_rng(seed).bit_generator.random_raw(8)],
            "choice_2037_size_2x10": [int(v) for v in
                                      np.random.default_rng(seed).choice(2037, size=(2, 10), replace=True).ravel()],
            "integers_2_size_2x32_bool": [int(v) for v in
                                          np.random.default_rng(seed).integers(2, size=(2, 32), dtype=bool).ravel()],
        })
    return {"generated_with": generated_with(),
            "description": "numpy.random.default_rng(seed) (SeedSequence -> PCG64); every list from a fresh "
                           "generator; big integers as decimal strings",
            "seeds": entries}


# --------------------------------------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default="../shared/datasets", help="directory containing wmt22/")
    ap.add_argument("--out", default="tests/golden/significance", help="output directory")
    ap.add_argument("--steps", nargs="+", choices=["cli", "api", "confidence", "rng"],
                    default=["cli", "api", "confidence", "rng"])
    args = ap.parse_args()

    import sacrebleu
    if sacrebleu.__version__ != "2.6.0":
        raise SystemExit(f"need sacrebleu 2.6.0, found {sacrebleu.__version__}")
    for key in ("SACREBLEU_SEED", "SACREBLEU_FORMAT"):
        os.environ.pop(key, None)

    shared, out = Path(args.shared).resolve(), Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    timings, problems = [], []
    meta = generated_with()

    for pair, ref_name, tgt in PAIRS:
        if not {"cli", "api", "confidence"} & set(args.steps):
            break
        data = PairData(shared, pair, ref_name, tgt)
        log(f"{pair}: baseline {data.baseline}, {len(data.hyp_files) - 1} other systems")
        parsed = {}
        for test in ("bs", "ar") if {"cli", "api"} & set(args.steps) else ():
            txt_path = out / f"{pair}.paired-{test}.txt"
            command = data.paired_command(test)
            if "cli" in args.steps:
                text = run_cli(command, data.sysdir, f"CLI {pair} --paired-{test}", timings)
                txt_path.write_text(text, encoding="utf-8")
                log(f"  wrote {txt_path} ({txt_path.stat().st_size} bytes)")
            text = txt_path.read_text(encoding="utf-8")
            header, systems, sigs = parse_paired(text, data, test)
            parsed[test] = systems
            write_json(out / f"{pair}.paired-{test}.json", {
                "generated_with": meta, "command": command, "cwd": data.cwd_rel, "baseline": data.baseline,
                "header": header, "systems": systems, "signatures": sigs})
        if "api" in args.steps:
            result = {"generated_with": meta}
            for test in ("bs", "ar"):
                result[test] = api_paired(data, test, timings)
                problems += check_rounding(parsed[test], result[test]["systems"], f"{pair} {test}")
                printed_sigs = json.loads((out / f"{pair}.paired-{test}.json").read_text())["signatures"]
                if printed_sigs != result[test]["signatures"]:
                    problems.append(f"{pair} {test}: signatures differ: {printed_sigs} vs "
                                    f"{result[test]['signatures']}")
            write_json(out / f"{pair}.paired-full.json", result)

        if pair in CONFIDENCE_PAIRS and "confidence" in args.steps:
            command = data.confidence_command()
            txt_path = out / f"{pair}.confidence.txt"
            text = run_cli(command, data.sysdir, f"CLI {pair} --confidence", timings)
            txt_path.write_text(text, encoding="utf-8")
            log(f"  wrote {txt_path} ({txt_path.stat().st_size} bytes)")
            conf = parse_confidence(text)
            full_conf = api_confidence(data, timings)
            for name, d in conf.items():
                f = full_conf[name]
                for key in ("score", "mean", "ci"):
                    expect = None if f[key] is None else f"{f[key]:.{WIDTH}f}"
                    if d[key] != expect:
                        problems.append(f"{pair} confidence {name} {key}: printed {d[key]!r}, API {expect!r}")
                if d["signature"] != f["signature"]:
                    problems.append(f"{pair} confidence {name}: signature {d['signature']} vs {f['signature']}")
            write_json(out / f"{pair}.confidence.json", {
                "generated_with": meta, "command": command, "cwd": data.cwd_rel, "system": data.baseline,
                "metrics": conf, "full": full_conf})

    if "rng" in args.steps:
        write_json(out / "rng.json", rng_vectors())

    log("timings (wall / cpu seconds, 1-min load avg at end):")
    for label, wall, cpu, load in timings:
        log(f"  {label:<32} wall {wall:8.2f}  cpu {cpu:8.2f}  load {load:.2f}")
    if problems:
        log(f"{len(problems)} PROBLEM(S):")
        for p in problems:
            log(f"  {p}")
        raise SystemExit(1)
    log("all checks passed")


if __name__ == "__main__":
    main()
