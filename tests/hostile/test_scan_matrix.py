"""`echoes scan` over the whole hostile-input matrix, with the index and without it: exit 0,
the case's warnings once each and nothing else on stderr, valid UTF-8 JSON, every good
document (and every loadable hostile one) processed, and the good articles' cluster found."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.hostile.checks import assert_warned, echoes, raw_controls
from tests.hostile.corpus import CASE_IDS, CASES, GOOD, Case
from tui.printable import printable
from tui.warning_summary import summarise_warnings

TIMEOUT = 180  # seconds; a scan that hangs (a pipe read as a file) fails instead of waiting


def _export(run: Any) -> dict[str, Any]:
    assert run.returncode == 0, run.stderr.decode("utf-8", "replace")[-2000:]
    data: dict[str, Any] = json.loads(run.stdout.decode("utf-8"))  # strict: valid UTF-8
    return data


def _check(export: dict[str, Any], stderr: str, case: Case) -> None:
    assert not raw_controls([stderr]), "a control character reached the terminal"
    assert_warned(export["warnings"], case)  # every warning, in the export
    shown = summarise_warnings(export["warnings"])  # on stderr, a repeated kind once
    expected = [f"echoes: warning: {printable(line)}" for line in shown]
    if len(shown) < len(export["warnings"]):
        expected.append("echoes: every warning is listed in `echoes scan --format json`")
    assert stderr.splitlines() == expected
    ids = [d["id"] for d in export["documents"]]
    assert len(set(ids)) == len(ids), "two documents share an id"
    assert set(GOOD) | set(case.loads) <= set(ids)
    assert any(
        {p["doc"] for p in cluster["passages"]} >= set(GOOD) for cluster in export["clusters"]
    ), "the good articles' shared paragraph was not found"


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_scan_without_the_index(case: Case, tmp_path: Path) -> None:
    corpus = case.corpus(tmp_path / "corpus")
    run = echoes("scan", str(corpus), "--format", "json", "--no-cache", timeout=TIMEOUT)
    export = _export(run)
    _check(export, run.stderr.decode("utf-8"), case)


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_scan_stored_and_reopened_from_the_index(
    case: Case, tmp_path: Path, echoes_home: Path
) -> None:
    corpus = case.corpus(tmp_path / "corpus")
    first = echoes("scan", str(corpus), "--format", "json", timeout=TIMEOUT)
    export = _export(first)
    _check(export, first.stderr.decode("utf-8"), case)
    assert list((echoes_home / "cache" / "scans").glob("*.sqlite")), "the scan was not stored"
    again = echoes("scan", str(corpus), "--format", "json", timeout=TIMEOUT)
    reopened = _export(again)
    assert again.stderr == first.stderr
    export.pop("stats"), reopened.pop("stats")
    assert reopened == export
