"""`echoes scan` as a pipeline sees it: the real command, its output and its exit codes."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.conftest import SEEDS


def _echoes(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
        timeout=300,
    )


@pytest.fixture(scope="module")
def seeds_json() -> dict[str, object]:
    run = _echoes("scan", "--format", "json", "--no-cache")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert isinstance(data, dict)
    return data


def test_json_export_follows_schema_version_1(seeds_json: dict[str, object]) -> None:
    data = seeds_json
    assert data["version"] == 1
    documents = data["documents"]
    assert isinstance(documents, list) and len(documents) == 5
    assert set(documents[0]) >= {"id", "path", "title", "source", "date", "length"}
    texts = {d["id"]: (SEEDS / f"{d['id']}.txt").read_text(encoding="utf-8") for d in documents}
    clusters = data["clusters"]
    assert isinstance(clusters, list) and clusters
    for cluster in clusters:
        assert cluster["kind"] in ("verbatim", "edited")
        assert 0 <= cluster["similarity"] <= 100
        for p in cluster["passages"]:
            assert p["text"] == texts[p["doc"]][p["start"] : p["end"]]
    cluster_ids = {c["id"] for c in clusters}
    alignments = data["alignments"]
    assert isinstance(alignments, list) and alignments
    for alignment in alignments:
        assert alignment["cluster"] in cluster_ids
        for a_start, a_end, b_start, b_end in alignment["shared"]:
            a_words = texts[alignment["a"]["doc"]][a_start:a_end]
            b_words = texts[alignment["b"]["doc"]][b_start:b_end]
            assert a_words and b_words
    boilerplate = data["boilerplate"]
    assert isinstance(boilerplate, list)
    assert any("your comment was not saved" in b["text"] for b in boilerplate)


def test_carter_quote_cluster_in_json(seeds_json: dict[str, object]) -> None:
    clusters = seeds_json["clusters"]
    assert isinstance(clusters, list)
    carter = [
        c for c in clusters if any("does appear they were" in p["text"] for p in c["passages"])
    ]
    assert len(carter) == 1
    assert {p["doc"] for p in carter[0]["passages"]} == {
        "000_7286a1352e34bfc5",
        "002_4e7ccc9cad03257e",
    }


def test_jsonl_csv_and_text_formats(tmp_path: Path) -> None:
    jsonl = _echoes("scan", "--format", "jsonl", "--no-cache")
    records = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert records[0]["type"] == "scan"
    assert {r["type"] for r in records} >= {"document", "cluster", "alignment", "boilerplate"}

    out = tmp_path / "clusters.csv"
    run = _echoes("scan", "--format", "csv", "--output", str(out), "--no-cache")
    assert run.returncode == 0 and run.stdout == ""
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows and set(rows[0]) == {"cluster", "kind", "similarity", "doc", "start", "end", "text"}

    text = _echoes("scan", "--no-cache").stdout
    assert text.startswith("5 documents,")
    assert "boilerplate (not counted as reuse)" in text


def test_thresholds_are_settable_from_the_command_line() -> None:
    settings = ("--min-chars", "100000", "--quote-min-chars", "0")  # quotations too
    run = _echoes("scan", "--format", "json", "--no-cache", *settings)
    assert json.loads(run.stdout)["clusters"] == []
    help_text = _echoes("scan", "--help").stdout
    for flag in ("--shingle-words", "--min-similarity", "--min-informative-words"):
        assert flag in help_text


def test_missing_path_exits_2_with_one_sentence(tmp_path: Path) -> None:
    run = _echoes("scan", str(tmp_path / "missing"))
    assert run.returncode == 2
    assert run.stderr.strip() == f"echoes: error: no such file or folder: {tmp_path / 'missing'}"
    assert "Traceback" not in run.stderr


def test_unwritable_output_is_a_clear_error(tmp_path: Path) -> None:
    run = _echoes("scan", "--no-cache", "--output", str(tmp_path / "no" / "such" / "dir.json"))
    assert run.returncode == 1
    assert run.stderr.startswith("echoes: error:") and "Traceback" not in run.stderr


def test_control_characters_in_articles_never_reach_the_terminal(tmp_path: Path) -> None:
    hostile = (
        "The committee said \x1b[2J\x1b]0;pwned\x07 the strikes were directed against opposition "
        "groups fighting against Assad, according to the official who spoke on condition.\n"
    )
    (tmp_path / "a.txt").write_text(hostile, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Intro line.\n" + hostile, encoding="utf-8")
    run = _echoes("scan", str(tmp_path), "--no-cache")
    assert run.returncode == 0
    assert "\x1b" not in run.stdout and "\x07" not in run.stdout
    assert "␛[2J" in run.stdout


def test_warnings_go_to_stderr_and_the_scan_goes_on(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "ok.txt").write_text("Some article text.\n", encoding="utf-8")
    run = _echoes("scan", str(tmp_path), "--no-cache")
    assert run.returncode == 0
    assert "echoes: warning:" in run.stderr and "empty.txt" in run.stderr
    assert run.stdout.startswith("1 documents")


def test_output_to_a_pipe_writes_into_it_and_leaves_it_a_pipe(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    run = _echoes("scan", "--no-cache", "--format", "json", "--output", str(fifo))
    reader.join(timeout=60)
    assert run.returncode == 0, run.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert json.loads(received[0])["version"] == 1
