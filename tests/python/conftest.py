"""Fixtures of the Python package's tests: golden files from sacreBLEU 2.6.0 and the shared
WMT22 data (skipped with a message when absent, an error under ``MTEVAL_REQUIRE_SHARED=1``)."""

import json
import os
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
GOLDEN = REPOSITORY / "tests" / "golden"


def golden(name):
    """A golden file of ``tests/golden``, parsed."""
    return json.loads((GOLDEN / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def wmt22():
    """``../shared/datasets/wmt22``, or a skip (a failure under ``MTEVAL_REQUIRE_SHARED=1``)."""
    directory = REPOSITORY.parent / "shared" / "datasets" / "wmt22"
    if directory.is_dir():
        return directory
    message = (
        f"SKIPPED: {directory} not found; tests on the shared WMT22 data did not run "
        "(CI sets MTEVAL_REQUIRE_SHARED=1 to make this an error)"
    )
    if os.environ.get("MTEVAL_REQUIRE_SHARED") == "1":
        pytest.fail(f"MTEVAL_REQUIRE_SHARED=1 but the shared datasets are missing at {directory}")
    pytest.skip(message)


def read_lines(path):
    """Segments as sacreBLEU's CLI reads them: one per line, ``rstrip()``-ped."""
    with open(path, encoding="utf-8", newline="\n") as handle:
        return [line.rstrip() for line in handle]


def without_version(signature):
    """A signature without its ``version:`` entry (mteval's says ``mteval-…``)."""
    return signature.rsplit("|version:", 1)[0].rsplit("|v:", 1)[0]


def assert_score(ours, expected, what):
    """Scores agree to 1e-9 (the project's parity tolerance)."""
    assert abs(ours - expected) <= 1e-9, f"{what}: mteval {ours!r} != sacreBLEU {expected!r}"
