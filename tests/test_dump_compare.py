"""`bench/dump.py --compare`: what changed between two canonical dumps, read as a person would
want it: an alignment that only moved to another cluster number has not changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import write_dated_seeds
from dump import compare, unnumbered, write_dump  # bench/ is on the path (tests/conftest.py)


def _line(kind: str, record: dict[str, object]) -> str:
    return json.dumps([kind, record], ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _alignment(cluster: int, start: int) -> str:
    span = {"doc": "a", "start": start, "end": start + 60}
    other = {"doc": "b", "start": start, "end": start + 60}
    return _line("alignment", {"a": span, "b": other, "cluster": cluster, "similarity": 100.0})


def _cluster(number: int, start: int) -> str:
    passage = {"doc": "a", "start": start, "end": start + 60, "text": "x" * 60}
    record = {"id": number, "kind": "verbatim", "passages": [passage], "similarity": 100.0}
    return _line("cluster", record)


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return path


def test_renumbered_clusters_are_not_reported_as_changes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _write(tmp_path / "before.jsonl", [_cluster(1, 0), _alignment(1, 0)])
    # a new cluster first: the old one is now number 2, its alignment unchanged
    after = _write(
        tmp_path / "after.jsonl",
        [_cluster(1, 500), _cluster(2, 0), _alignment(1, 500), _alignment(2, 0)],
    )
    assert compare(before, after, show=5) == 1
    shown = capsys.readouterr().out
    assert "cluster: 0 vanished, 1 appeared" in shown
    assert "alignment: 0 vanished, 1 appeared" in shown
    assert "a[500:560] ~ b[500:560]" in shown


def test_only_the_numbers_differ(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _write(tmp_path / "before.jsonl", [_cluster(1, 0), _alignment(1, 0)])
    after = _write(tmp_path / "after.jsonl", [_cluster(7, 0), _alignment(7, 0)])
    assert compare(before, after, show=5) == 1  # not byte-identical
    assert "under other cluster numbers" in capsys.readouterr().out


def test_identical_dumps_and_other_records_are_left_as_they_are(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [_cluster(1, 0), _alignment(1, 0)]
    assert compare(_write(tmp_path / "a", lines), _write(tmp_path / "b", lines), 5) == 0
    assert "identical (2 records)" in capsys.readouterr().out
    warning = _line("warning", {"text": "x"})
    assert unnumbered(warning) == warning


def test_a_dump_reads_a_corpus_named_relative_to_where_it_was_asked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_dated_seeds(tmp_path / "seeds.jsonl")
    monkeypatch.chdir(tmp_path)  # the scan itself runs in the checkout
    summary = write_dump(["seeds.jsonl"], [], tmp_path / "dump.jsonl")
    lines = (tmp_path / "dump.jsonl").read_text(encoding="utf-8").splitlines()
    assert "documents=5" in summary
    assert sum(line.startswith('["document"') for line in lines) == 5


def test_a_failed_scan_leaves_no_dump_to_compare(tmp_path: Path) -> None:
    # an empty file left behind would compare "identical" with another failed dump
    with pytest.raises(SystemExit, match="scan failed"):
        write_dump([str(tmp_path / "missing.jsonl")], [], tmp_path / "dump.jsonl")
    assert not (tmp_path / "dump.jsonl").exists()
    with pytest.raises(SystemExit, match="no dump at"):
        compare(tmp_path / "dump.jsonl", tmp_path / "dump.jsonl", 10)
