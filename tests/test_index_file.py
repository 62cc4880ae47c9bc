"""`echoes scan --index FILE` and `echoes --index FILE`: a scan kept in a file of its own, that
any machine's reader opens without the corpus (the way a cluster's scan reaches a laptop)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SEEDS
from tui.engine.load import CorpusError
from tui.index.indexer import open_index
from tui.model import Span


def _echoes(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], capture_output=True, text=True, timeout=300
    )


def test_scan_writes_an_index_file_that_holds_the_printed_scan(tmp_path: Path) -> None:
    index = tmp_path / "kept" / "seeds.sqlite"
    index.parent.mkdir()
    run = _echoes("scan", str(SEEDS), "--no-cache", "--format", "json", "--index", str(index))
    assert run.returncode == 0, run.stderr
    printed = json.loads(run.stdout)
    opened = open_index(index)
    assert opened.from_cache
    assert [d.id for d in opened.result.documents] == [d["id"] for d in printed["documents"]]
    assert [c.passages for c in opened.result.clusters] == [
        tuple(Span(p["doc"], p["start"], p["end"]) for p in c["passages"])
        for c in printed["clusters"]
    ]
    assert opened.alignments is not None
    assert sum(len(found) for found in opened.alignments.values()) == len(printed["alignments"])


def test_an_index_file_that_cannot_be_written_stops_the_scan_before_it_runs(
    tmp_path: Path,
) -> None:
    missing = tmp_path / "no-such-folder" / "scan.sqlite"
    run = _echoes("scan", str(SEEDS), "--no-cache", "--index", str(missing))
    assert run.returncode == 1
    assert run.stderr.strip() == (
        f"echoes: error: cannot write {missing}: there is no folder {missing.parent}"
    )
    assert run.stdout == ""


def test_an_unusable_index_file_is_one_sentence_and_is_kept(tmp_path: Path) -> None:
    index = tmp_path / "scan.sqlite"
    index.write_bytes(b"not a database at all" * 100)
    with pytest.raises(CorpusError, match=r"^index .*scan\.sqlite is unusable \("):
        open_index(index)
    assert index.exists()  # the user's file: never removed, unlike a cache entry


def test_the_reader_refuses_a_missing_index_file_and_a_corpus_with_an_index(
    tmp_path: Path,
) -> None:
    missing = tmp_path / "gone.sqlite"
    run = _echoes("--index", str(missing))
    assert run.returncode == 2
    assert run.stderr.strip() == f"echoes: error: no such index file: {missing}"
    both = _echoes(str(SEEDS), "--index", str(missing))
    assert both.returncode == 2
    assert "give a corpus or --index FILE, not both" in both.stderr
