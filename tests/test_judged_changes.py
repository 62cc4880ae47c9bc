"""bench/judged_changes.py: the judged true links a change lost or gained, and the clusters
that vanished outright, read from two dumps of a corpus (real files, a judgment folder of
the format `bench/news_precision.py` reads)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from judged_changes import main  # bench/ is on the path (tests/conftest.py)

TEXTS = {
    "d1": "The minister said the harbour would reopen on Monday after the storm damage.",
    "d2": "Officials said the harbour would reopen on Monday after the storm damage was cleared.",
    "d3": "The storm damage was cleared by Sunday, the port said in a statement.",
}


def _write_lines(path: Path, records: list[object]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _cluster(number: int, *passages: tuple[str, int, int]) -> list[object]:
    spans = [{"doc": d, "start": s, "end": e} for d, s, e in passages]
    return ["cluster", {"id": number, "kind": "edited", "documents": 2, "passages": spans}]


def _dump(path: Path, *clusters: list[object]) -> Path:
    documents: list[object] = [
        ["document", {"id": doc, "source": "Gazette", "length": len(text)}]
        for doc, text in TEXTS.items()
    ]
    return _write_lines(path, [*documents, *clusters])


def _setup(tmp_path: Path) -> tuple[Path, Path]:
    corpus = _write_lines(
        tmp_path / "gazette.jsonl", [{"id": d, "text": t} for d, t in TEXTS.items()]
    )
    folder = tmp_path / "judged"
    folder.mkdir()
    record = {
        "id": "g-dev-001",
        "kind": "cluster",
        "corpus": "gazette",
        "set": "dev",
        "class": "same-outlet",
        "verdict": "reuse",
        "passages": [
            {"doc": "d1", "start": 13, "end": 76, "group": 1},
            {"doc": "d2", "start": 15, "end": 78, "group": 1},
        ],
    }
    _write_lines(folder / "gazette.dev.jsonl", [record])
    return corpus, folder


def test_a_true_link_lost_and_a_cluster_gone_are_both_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, folder = _setup(tmp_path)
    true_pair = _cluster(1, ("d1", 13, 76), ("d2", 15, 78))
    chance = _cluster(2, ("d2", 60, 84), ("d3", 4, 29))
    before = _dump(tmp_path / "before.jsonl", true_pair, chance)
    after = _dump(tmp_path / "after.jsonl", _cluster(1, ("d2", 60, 84), ("d3", 4, 29)))
    assert main([str(corpus), str(before), str(after), "--judged", str(folder)]) == 0
    shown = capsys.readouterr().out
    assert "judged true links: 1 lost, 0 gained, of 1" in shown
    assert "lost g-dev-001: d1[13:76] ~ d2[15:78]" in shown
    assert "the harbour would reopen on Monday" in shown
    # the chance cluster kept its documents together under another number: not gone
    assert "clusters vanished outright: 1 of 2" in shown
    assert "cluster 1 (edited, 2 passages)" in shown


def test_the_same_clusters_renumbered_change_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, folder = _setup(tmp_path)
    true_pair = _cluster(1, ("d1", 13, 76), ("d2", 15, 78))
    before = _dump(tmp_path / "before.jsonl", true_pair)
    after = _dump(tmp_path / "after.jsonl", _cluster(7, ("d1", 13, 76), ("d2", 15, 78)))
    assert main([str(corpus), str(before), str(after), "--judged", str(folder)]) == 0
    shown = capsys.readouterr().out
    assert "judged true links: 0 lost, 0 gained, of 1" in shown
    assert "clusters vanished outright: 0 of 1\n" in shown
