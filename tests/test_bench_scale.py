"""The growth benchmark's corpora are the documented edits of the corpus given, always the same
bytes, and `bench/scale.py` runs end to end on a tiny corpus (its timings are never asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

from conftest import ROOT
from edited_copies import DROP_EVERY, copy_id, edit_of, edited_corpus, edited_record

from tui.model import Document

SCALE = ROOT / "bench" / "scale.py"
TEXT = (
    "The Homs area is important to President Bashar al Assad's control of western Syria.\n\n"
    "Armed groups hold parts of the countryside north of the city, officials said on Monday, "
    "and the army has moved more troops into the area."
)


def test_copy_zero_is_the_article_itself() -> None:
    record = {"id": "a", "title": "T", "text": TEXT, "source": "S"}
    assert edited_record(record, 0) == record


def test_copies_take_turns_dropping_swapping_and_both() -> None:
    assert [edit_of(c) for c in range(1, 7)] == ["drop", "swap", "both"] * 2


def test_a_drop_copy_loses_every_seventh_word_and_keeps_its_paragraphs() -> None:
    words = TEXT.split()
    copy = edited_record({"id": "a", "text": TEXT}, 1)
    assert copy["id"] == copy_id("a", 1) == "a~c1"
    assert copy["text"].split() == [w for k, w in enumerate(words) if k % DROP_EVERY != 0]
    assert copy["text"].count("\n\n") == TEXT.count("\n\n")
    fourth = edited_record({"id": "a", "text": TEXT}, 4)  # the next drop copy: next offset
    assert fourth["text"].split() == [w for k, w in enumerate(words) if k % DROP_EVERY != 1]


def test_a_swap_copy_keeps_its_words_and_moves_about_a_tenth() -> None:
    long_text = " ".join([TEXT] * 40)
    words = long_text.split()
    swapped = edited_record({"id": "a", "text": long_text}, 2)["text"].split()
    assert Counter(swapped) == Counter(words)
    moved = sum(1 for old, new in zip(words, swapped, strict=True) if old != new)
    assert 0.1 * len(words) < moved < 0.3 * len(words)  # two words move per swap


def test_the_same_corpus_always_grows_into_the_same_copies() -> None:
    records = [{"id": f"n{k}", "text": f"{TEXT} {k}"} for k in range(5)]
    once = list(edited_corpus(records, 4))
    assert once == list(edited_corpus(records, 4))
    assert len(once) == 20 and len({r["id"] for r in once}) == 20
    assert len({r["text"] for r in once}) == 20  # every copy differs from the others


def test_scale_prints_a_row_per_size_and_the_growth(
    tmp_path: Path, seed_documents: dict[str, Document]
) -> None:
    corpus = tmp_path / "seeds.jsonl"
    corpus.write_text(
        "".join(json.dumps({"id": d.id, "text": d.text}) + "\n" for d in seed_documents.values())
    )
    done = subprocess.run(
        [sys.executable, str(SCALE), str(corpus), "--copies", "1,2", "--keep", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    rows = {line.split()[0]: line.split() for line in done.stdout.splitlines() if line.strip()}
    assert rows["x1"][1] == "5" and rows["x2"][1] == "10"  # articles
    assert int(rows["x2"][2]) > int(rows["x1"][2])  # words
    assert int(rows["x2"][8]) > 0  # clusters
    assert "wall x2 / wall x1" in done.stdout
    kept = (tmp_path / "seeds-x2.jsonl").read_text().splitlines()
    assert len(kept) == 10


def test_scale_refuses_bad_sizes_with_a_message(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("")
    done = subprocess.run(
        [sys.executable, str(SCALE), str(corpus), "--copies", "two"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2 and "not copy counts" in done.stderr
    assert "Traceback" not in done.stderr


def test_scale_runs_the_scan_with_the_interpreter_given(
    tmp_path: Path, seed_documents: dict[str, Document]
) -> None:
    corpus = tmp_path / "seeds.jsonl"
    corpus.write_text(
        "".join(json.dumps({"id": d.id, "text": d.text}) + "\n" for d in seed_documents.values())
    )
    marker = tmp_path / "ran"
    python = tmp_path / "python"  # another venv's interpreter, as --python names it
    python.write_text(f'#!/bin/sh\necho "$@" >> {marker}\nexec {sys.executable} "$@"\n')
    python.chmod(0o755)
    command = [sys.executable, str(SCALE), str(corpus), "--copies", "1"]
    done = subprocess.run(
        [*command, "--checkout", str(ROOT), "--python", str(python)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert f"python: {python}" in done.stdout
    assert "-m tui scan" in marker.read_text()
