"""`echoes align SOURCE SUSPICIOUS`: the aligned passages of two files, as `scan` finds them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.cli import main
from tui.engine.compare import align_documents
from tui.engine.load import load_corpus
from tui.engine.tokens import tokenize
from tui.runners.local import scan

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
AL_JAZEERA = SEEDS / "000_7286a1352e34bfc5.txt"
IRISH_TIMES = SEEDS / "002_4e7ccc9cad03257e.txt"


def test_json_lists_offsets_into_both_files(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["align", str(AL_JAZEERA), str(IRISH_TIMES), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    source = AL_JAZEERA.read_text(encoding="utf-8")
    suspicious = IRISH_TIMES.read_text(encoding="utf-8")
    passages = [
        (
            source[a["source"]["start"] : a["source"]["end"]],
            suspicious[a["suspicious"]["start"] : a["suspicious"]["end"]],
        )
        for a in data["alignments"]
    ]
    assert any(
        s.startswith("The Homs area is important") and t.startswith("The Homs area is crucial")
        for s, t in passages
    )
    for record in data["alignments"]:
        assert 0 < record["similarity"] <= 100
        for a0, a1, b0, b1 in record["shared"]:
            # a shared run is the same words once case, quotes and punctuation are set aside
            assert tokenize(source[a0:a1]).words == tokenize(suspicious[b0:b1]).words


def test_align_finds_what_scan_finds_between_the_two() -> None:
    loaded = load_corpus([AL_JAZEERA, IRISH_TIMES])
    source, suspicious = loaded.documents
    pairwise = align_documents(source, suspicious)
    passages = [p for c in scan(loaded.documents).clusters for p in c.passages]
    assert pairwise
    for al in pairwise:
        for side in (al.a, al.b):
            assert any(
                p.doc == side.doc and p.start <= side.start and side.end <= p.end for p in passages
            )


def test_text_report_counts_passages(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["align", str(AL_JAZEERA), str(IRISH_TIMES)]) == 0
    out = capsys.readouterr().out
    assert out.rstrip().endswith("aligned passages")
    assert "similarity" in out


def test_missing_file_is_one_clear_sentence(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["align", str(AL_JAZEERA), str(tmp_path / "nope.txt")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("echoes: error:") and "Traceback" not in err
