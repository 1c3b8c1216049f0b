"""Golden outputs of sacreBLEU 2.6.0's command line for `mteval sacrebleu` (tests/cli/sacrebleu.rs).

Run with the reference virtualenv from the repository root:

    /work/venv-sacrebleu/bin/python tests/golden/sacrebleu-cli/generate.py

Input files are cut from ../shared/datasets/wmt22 (the first N lines, optionally with a UTF-8
byte order mark prepended, CRLF line ends or gzip compression, or several files pasted with
tabs); only their recipes are stored,
and the test rebuilds them in a temporary directory. Every case records argv, the file given on
standard input (if any), environment overrides, sacreBLEU's exact stdout and its exit code.
"""

import gzip
import itertools
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
WMT22 = ROOT / ".." / "shared" / "datasets" / "wmt22"
SACREBLEU = Path(sys.executable).parent / "sacrebleu"
OUT = Path(__file__).resolve().parent / "cases.json"

DE = "generaltest2022.en-de"
ZH = "generaltest2022.en-zh"

# name -> recipe: sources (pasted with tabs when several), first N lines, BOM prepended; optional
# "crlf" (CRLF line ends), "gzip" (compressed) and "latin1" (encoded in Latin-1, `?` for what it
# lacks).
FILES = {
    "ref.A.de": {"sources": [f"references/{DE}.ref.A.de"], "lines": 120, "bom": False},
    "ref.B.de": {"sources": [f"references/{DE}.ref.B.de"], "lines": 120, "bom": False},
    "refs.AB.tsv": {"sources": [f"references/{DE}.ref.A.de", f"references/{DE}.ref.B.de"], "lines": 120, "bom": False},
    "online-a.de": {"sources": [f"system-outputs/{DE}.hyp.Online-A.de"], "lines": 120, "bom": False},
    "online-b.de": {"sources": [f"system-outputs/{DE}.hyp.Online-B.de"], "lines": 120, "bom": False},
    "promt.de": {"sources": [f"system-outputs/{DE}.hyp.PROMT.de"], "lines": 120, "bom": False},
    "bom-online-a.de": {"sources": [f"system-outputs/{DE}.hyp.Online-A.de"], "lines": 120, "bom": True},
    "bom-ref.A.de": {"sources": [f"references/{DE}.ref.A.de"], "lines": 120, "bom": True},
    "short.de": {"sources": [f"system-outputs/{DE}.hyp.Online-A.de"], "lines": 100, "bom": False},
    "two-systems.tsv": {"sources": [f"system-outputs/{DE}.hyp.Online-A.de", f"system-outputs/{DE}.hyp.PROMT.de"], "lines": 120, "bom": False},
    "sent.ref.de": {"sources": [f"references/{DE}.ref.A.de"], "lines": 15, "bom": False},
    "sent.hyp.de": {"sources": [f"system-outputs/{DE}.hyp.Online-B.de"], "lines": 15, "bom": False},
    "a_b&c.de": {"sources": [f"system-outputs/{DE}.hyp.Online-B.de"], "lines": 120, "bom": False},
    "crlf.de": {"sources": [f"system-outputs/{DE}.hyp.Online-A.de"], "lines": 120, "bom": False, "crlf": True},
    "online-a.de.gz": {"sources": [f"system-outputs/{DE}.hyp.Online-A.de"], "lines": 120, "bom": False, "gzip": True},
    "empty.de": {"sources": [f"system-outputs/{DE}.hyp.Online-A.de"], "lines": 0, "bom": False},
    "latin1.de": {"sources": [f"system-outputs/{DE}.hyp.Online-A.de"], "lines": 120, "bom": False, "latin1": True},
    "ref.A.zh": {"sources": [f"references/{ZH}.ref.A.zh"], "lines": 100, "bom": False},
    "online-a.zh": {"sources": [f"system-outputs/{ZH}.hyp.Online-A.zh"], "lines": 100, "bom": False},
    "online-b.zh": {"sources": [f"system-outputs/{ZH}.hyp.Online-B.zh"], "lines": 100, "bom": False},
}


def build(directory):
    for name, recipe in FILES.items():
        columns = []
        for source in recipe["sources"]:
            text = (WMT22 / source).read_text(encoding="utf-8")
            columns.append(text.split("\n")[: recipe["lines"]])
        lines = ["\t".join(fields) for fields in zip(*columns)]
        end = "\r\n" if recipe.get("crlf") else "\n"
        text = "".join(line + end for line in lines)
        data = text.encode("latin-1", errors="replace") if recipe.get("latin1") else text.encode("utf-8")
        if recipe["bom"]:
            data = b"\xef\xbb\xbf" + data
        if recipe.get("gzip"):
            data = gzip.compress(data, mtime=0)
        (directory / name).write_bytes(data)


def cases():
    """The command lines: (argv, stdin file or None, environment overrides)."""
    inputs = [
        (["ref.A.de", "-i", "online-a.de"], None),
        (["ref.A.de", "-i", "bom-online-a.de"], None),
        (["bom-ref.A.de", "-i", "online-b.de"], None),
        (["ref.A.de", "ref.B.de", "-i", "online-b.de"], None),
        (["refs.AB.tsv", "-nr", "2", "-i", "promt.de"], None),
        (["ref.A.de"], "online-a.de"),
        (["ref.A.de", "-i", "online-a.de", "online-b.de", "promt.de"], None),
        (["ref.A.de", "ref.B.de", "-i", "online-a.de", "bom-online-a.de"], None),
        (["ref.A.de"], "two-systems.tsv"),
    ]
    metric_sets = [
        [],
        ["-m", "chrf"],
        ["-m", "ter"],
        ["-m", "bleu", "chrf", "ter"],
        ["-m", "chrf", "-cw", "2"],
        ["-m", "ter", "bleu"],
    ]
    outputs = [[], ["-f", "text"], ["-f", "text", "--short"], ["-b"], ["-f", "text", "-w", "3"], ["-f", "text", "-b"]]
    for (base, stdin), metrics, output in itertools.product(inputs, metric_sets, outputs):
        yield base + metrics + output, stdin, {}

    options = [
        ["-tok", "intl"], ["-tok", "char"], ["-tok", "none"], ["--tokenize", "zh"], ["-lc"],
        ["-s", "floor"], ["-s", "floor", "-sv", "0.2"], ["-s", "add-k"], ["-s", "none"],
        ["-m", "chrf", "--chrf-whitespace"], ["-m", "chrf", "--chrf-lowercase"],
        ["-m", "chrf", "--chrf-eps-smoothing"], ["-m", "chrf", "-cc", "4", "--chrf-beta", "1"],
        ["-m", "ter", "--ter-case-sensitive"], ["-m", "ter", "--ter-normalized"],
        ["-m", "ter", "--ter-no-punct"], ["-m", "ter", "--ter-normalized", "--ter-asian-support"],
        ["-l", "en-de"], ["-l", "english-german"], ["--width=2"], ["-w2"], ["-qb"],
    ]
    for option, output in itertools.product(options, [["-f", "text"], []]):
        yield ["ref.A.de", "-i", "online-a.de"] + option + output, None, {}
    for lang in ["en-zh", "en-zh-TW"]:
        for output in [["-f", "text"], []]:
            yield ["ref.A.zh", "-l", lang, "-i", "online-a.zh", "online-b.zh", "-m", "bleu", "chrf"] + output, None, {}
            yield ["ref.A.zh", "-l", lang, "-i", "online-a.zh"] + output, None, {}

    for metrics, output in itertools.product([[], ["-m", "chrf"], ["-m", "ter"]], [[], ["-b"], ["--short"]]):
        yield ["sent.ref.de", "-i", "sent.hyp.de", "-sl"] + metrics + output, None, {}

    systems = ["-i", "online-a.de", "online-b.de", "promt.de"]
    for test, metrics, output in itertools.product(
        [["--paired-bs", "--paired-bs-n", "100"], ["--paired-ar", "--paired-ar-n", "200"]],
        [[], ["-m", "bleu", "chrf", "ter"], ["-m", "ter", "bleu"]],
        [["-f", "text"], ["-f", "text", "-w", "2", "--short"]],
    ):
        yield ["ref.A.de"] + systems + test + metrics + output, None, {}
    yield ["ref.A.de"] + systems + ["--paired-bs", "-pbsn", "100", "-f", "text"], None, {"SACREBLEU_SEED": "7"}
    yield ["ref.A.de", "-i", "online-a.de", "online-b.de", "online-a.de", "--paired-bs", "--paired-bs-n", "100", "-f", "text"], None, {}
    for test in [["--paired-bs", "--paired-bs-n", "100"], ["--paired-ar", "--paired-ar-n", "200"]]:
        yield ["ref.A.de"] + systems + test, None, {}
        yield ["ref.A.de"] + test + ["-f", "text"], "two-systems.tsv", {}
    for metrics, output in itertools.product([[], ["-m", "bleu", "chrf", "ter"]], [[], ["-f", "text"], ["-b"]]):
        yield ["ref.A.de", "-i", "online-a.de", "--confidence", "--confidence-n", "100"] + metrics + output, None, {}
    yield ["ref.A.de", "-i", "online-a.de", "-f", "text"], None, {"SACREBLEU_FORMAT": "text"}
    yield ["ref.A.de", "-i", "online-a.de", "-f", "text"], None, {"SACREBLEU_FORMAT": "json"}

    edge_cases = [
        ["ref.A.de", "-i", "online-a.de", "-f", "latex"],
        ["ref.A.de", "-i", "online-a.de", "a_b&c.de", "-f", "latex", "-m", "bleu", "chrf"],
        ["ref.A.de", "-i", "online-a.de", "online-b.de", "--paired-bs", "-pbsn", "30", "-f", "latex"],
        ["ref.A.de", "-i", "online-a.de", "online-b.de", "promt.de", "--paired-ar", "-parn", "30", "-f", "latex", "-m", "ter", "chrf"],
        ["ref.A.de", "-i", "online-a.de", "-ci", "-cin", "20", "-f", "latex"],
        ["ref.A.de", "-i", "online-a.de.gz", "-f", "text"],
        ["ref.A.de", "-i", "crlf.de", "-m", "chrf", "--chrf-whitespace", "-f", "text"],
        ["ref.A.de", "-i", "empty.de"],
        ["ref.A.de", "-i", "online-a.de", "-b", "-m", "bleu", "chrf"],
        ["ref.A.de", "-i", "online-a.de", "-w", "0", "-f", "text", "-m", "bleu", "chrf", "ter"],
        ["ref.A.de", "-i", "online-a.de", "-w", "20", "-f", "text", "-m", "bleu", "ter"],
        ["ref.A.de", "-i", "online-a.de", "-s", "exp", "-sv", "0.3", "-f", "text"],
        ["ref.A.de", "-i", "online-a.de", "-s", "floor", "-sv", "0", "-f", "text"],
        ["ref.A.de", "-i", "online-a.de", "--chrf-beta", "0", "-m", "chrf", "-f", "text"],
        ["ref.A.de", "-i", "online-a.de", "-ci", "-cin", "1", "-f", "text"],
        ["ref.A.de", "-i", "online-a.de", "-ci", "-cin", "30", "-m", "bleu", "chrf"],
        ["ref.A.de", "-i", "online-a.de", "-ci", "-cin", "30", "-b"],
        ["ref.A.de", "-i", "online-a.de", "online-b.de", "--paired-bs", "--paired-bs-n", "0", "-f", "text", "-m", "ter"],
        ["ref.A.de", "-i", "online-a.de", "online-b.de", "--paired-ar", "-parn", "50"],
        ["ref.A.de", "-i", "online-a.de", "online-b.de", "--paired-bs", "-pbsn", "50", "-b", "-f", "text"],
        ["ref.A.de", "-i", "online-a.de", "online-b.de", "-sl"],
        ["ref.A.de", "-i", "online-a.de", "-sl", "-ci"],
        ["ref.A.de", "-i", "online-a.de", "-lc", "-tok", "intl", "-s", "add-k", "-f", "text"],
    ]
    for argv in edge_cases:
        yield argv, None, {}
    yield ["ref.A.de", "-m", "chrf", "--chrf-whitespace", "-f", "text"], "crlf.de", {}
    # SACREBLEU_SEED is read only when resampling, as Python's int() reads it; a confidence
    # interval prints the variable's text, a paired test the number.
    yield ["ref.A.de", "-i", "online-a.de", "-f", "text"], None, {"SACREBLEU_SEED": "abc"}
    yield ["ref.A.de", "-i", "online-a.de", "online-b.de", "-m", "chrf"], None, {"SACREBLEU_SEED": "-1"}
    yield ["ref.A.de", "-i", "online-a.de", "-ci", "-cin", "20"], None, {"SACREBLEU_SEED": "abc"}
    yield ["ref.A.de", "-i", "online-a.de", "-ci", "-cin", "20", "-f", "text"], None, {"SACREBLEU_SEED": " 7"}
    yield ["ref.A.de", "-i", "online-a.de", "-ci", "-cin", "20", "-f", "text"], None, {"SACREBLEU_SEED": "1_0"}
    yield ["ref.A.de", "-i", "online-a.de", "online-b.de", "-pbs", "-pbsn", "30", "-f", "text"], None, {"SACREBLEU_SEED": "+7"}
    # Widths past Rust's 65,535 decimals; NaN written as Python writes it.
    yield ["ref.A.de", "-i", "online-a.de", "-w", "65536", "-b"], None, {}
    yield ["ref.A.de", "-i", "online-a.de", "-s", "add-k", "-sv", "nan", "-f", "text"], None, {}
    # Encodings; --detail on reference files.
    for encoding in ["utf-8-sig", "UTF8", "latin-1"]:
        yield ["bom-ref.A.de", "-i", "bom-online-a.de", "-e", encoding, "-f", "text"], None, {}
    yield ["ref.A.de", "-i", "latin1.de", "-e", "iso8859_1", "-f", "text"], None, {}
    yield ["ref.A.de", "-e", "L1", "-f", "text"], "latin1.de", {}
    yield ["ref.A.de", "-i", "online-a.de", "-d", "-m", "bleu", "chrf"], None, {}
    yield ["ref.A.de", "-i", "online-a.de", "online-b.de", "-d"], None, {}
    yield ["refs.AB.tsv", "-nr", "2"], "online-a.de", {}

    errors = [
        ["ref.A.de", "ref.B.de", "-nr", "2", "-i", "online-a.de"],
        ["ref.A.de", "-i", "short.de"],
        ["ref.A.de", "-i", "online-a.de", "-sl", "-m", "bleu", "chrf"],
        ["ref.A.de", "-i", "online-a.de", "-m", "bleu", "x"],
        ["ref.A.de", "-i", "online-a.de", "--paired-bs"],
        ["ref.A.de", "-i", "online-a.de", "online-b.de", "-ci"],
        ["-i", "online-a.de"],
        ["ref.A.de", "-i", "online-a.de", "--nope"],
        ["ref.A.de", "-i", "online-a.de", "online-a.de"],
        ["ref.A.de", "-i", "online-a.de", "-to", "13a"],
        ["ref.A.de", "-i", "online-a.de", "-w", "x"],
        ["ref.A.de", "-i", "online-a.de", "--paired-bs", "--paired-ar"],
        ["refs.AB.tsv", "-nr", "3", "-i", "online-a.de"],
        ["ref.A.de", "-w", "2", "extra", "-i", "online-a.de"],
        ["ref.A.de", "-i"],
        ["ref.A.de", "-i", "-f", "text"],
        ["ref.A.de", "-i", "-pbs"],
        ["ref.A.de", "-i", "-sl"],
    ]
    for argv in errors:
        yield argv, None, {}


def main():
    records = []
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        build(directory)
        for argv, stdin, env in cases():
            environment = {k: v for k, v in os.environ.items() if not k.startswith("SACREBLEU")}
            environment.update(env)
            environment["NO_COLOR"] = "1"
            stdin_bytes = (directory / stdin).read_bytes() if stdin else b""
            done = subprocess.run(
                [str(SACREBLEU), *argv], cwd=directory, input=stdin_bytes,
                capture_output=True, env=environment,
            )
            records.append({
                "argv": argv,
                "stdin": stdin,
                "env": env,
                "stdout": done.stdout.decode("utf-8"),
                "code": done.returncode,
            })
    document = {
        "generator": "tests/golden/sacrebleu-cli/generate.py",
        "sacrebleu": "2.6.0",
        "files": FILES,
        "cases": records,
    }
    OUT.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(records)} cases written to {OUT}")


if __name__ == "__main__":
    main()
