#!/usr/bin/env python3
"""Independent reference figures for `mteval mqm` on the TED MQM files.

Written from the rule in docs/mqm-scoring.md (shared folder), in plain Python with no
third-party packages, deliberately without looking at the Rust implementation:

  weight(row): No-error -> 0; Neutral -> 0; Non-translation* (category or severity) -> 25;
               Minor Fluency/Punctuation -> 0.1; Major -> 5; Minor -> 1; Critical -> 5.
  segment-rater score = sum of the rater's row weights for (system, doc, doc_id);
  segment score = mean over the raters of that segment; system score = mean over the
  segments rated for the system.

Marot's default weight list is computed too (first matching regex on "severity:category",
lower-cased): Source errors and Reinterpretation then weigh 0.

Run from the repository root:  python3 tests/golden/mqm/generate.py
It reads ../shared/datasets/mqm/ted/mqm_ted_{ende,zhen}.tsv and writes
tests/golden/mqm/ted-scores.json.
"""

import json
import os
import re
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
DATA = os.path.normpath(os.path.join(ROOT, "..", "shared", "datasets", "mqm", "ted"))


def norm(text):
    return " ".join(text.strip().lower().replace("_", " ").split())


def google_weight(category, severity):
    c, s = norm(category), norm(severity)
    if c == "no-error" or s == "no-error":
        return 0.0
    if s == "neutral":
        return 0.0
    if c.startswith("non-translation") or s.startswith("non-translation"):
        return 25.0
    if s == "minor" and c == "fluency/punctuation":
        return 0.1
    if s == "major":
        return 5.0
    if s == "minor":
        return 1.0
    if s == "critical":
        return 5.0
    return 0.0


MAROT = [
    (re.compile(r"minor:.*punctuation|trivial:"), 0.1),
    (re.compile(r":.*reinterpretation"), 0.0),
    (re.compile(r":source"), 0.0),
    (re.compile(r"non.translation"), 25.0),
    (re.compile(r"minor:"), 1.0),
    (re.compile(r"major:"), 5.0),
    (re.compile(r"critical:"), 5.0),
]


def marot_weight(category, severity):
    c, s = category.strip().lower(), severity.strip().lower()
    if c in ("no-error", "no_error") or s in ("no-error", "no_error"):
        return 0.0
    if s in ("neutral", "unrateable", "hotw-test"):
        return 0.0
    key = s + ":" + c
    for pattern, weight in MAROT:
        if pattern.search(key):
            return weight
    return 0.0


def score(path, weight):
    # (system, segment) -> rater -> summed weight
    sums = defaultdict(lambda: defaultdict(float))
    rows = 0
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if "system\tdoc\t" in line.lower():
                continue
            fields = line.split("\t")
            assert len(fields) in (9, 10), (path, len(fields))
            system, doc, doc_id, _seg_id, rater = fields[:5]
            category, severity = fields[7], fields[8]
            sums[(system, (doc, doc_id))][rater] += weight(category, severity)
            rows += 1
    per_system = defaultdict(list)
    for (system, _segment), raters in sums.items():
        per_system[system].append(sum(raters.values()) / len(raters))
    result = {}
    for system, values in sorted(per_system.items()):
        result[system] = {"mqm": round(sum(values) / len(values), 6), "segments": len(values)}
    return result, rows


def main():
    out = {"generator": "tests/golden/mqm/generate.py", "files": {}}
    for name in ("mqm_ted_ende.tsv", "mqm_ted_zhen.tsv"):
        path = os.path.join(DATA, name)
        google, rows = score(path, google_weight)
        marot, _ = score(path, marot_weight)
        out["files"][name] = {"rows": rows, "google": google, "marot": marot}
    target = os.path.join(HERE, "ted-scores.json")
    with open(target, "w", encoding="utf-8") as handle:
        json.dump(out, handle, indent=1, sort_keys=True)
        handle.write("\n")
    print("wrote", target)


if __name__ == "__main__":
    main()
