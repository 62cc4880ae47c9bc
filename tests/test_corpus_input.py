"""Bad input gets one clear warning and never stops the rest of the corpus from loading."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tui.engine.load import MAX_DOCUMENT_BYTES, CorpusError, load_corpus

GOOD = "A reused paragraph about airstrikes in Syria.\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "sub" / "nested.md").write_text("# Title\n\nBody text.\n", encoding="utf-8")
    (corpus / "ignored.csv").write_text("a,b\n", encoding="utf-8")
    (corpus / ".hidden.txt").write_text(GOOD, encoding="utf-8")
    return corpus


def test_folder_is_read_recursively_with_relative_ids(folder: Path) -> None:
    loaded = load_corpus([folder])
    assert [d.id for d in loaded.documents] == ["good", "sub/nested"]
    assert loaded.documents[1].title == "# Title"
    assert loaded.warnings == []


def test_text_is_kept_exactly_as_read_including_crlf(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes("First line.\r\nSecond “line”.\r\n".encode())
    (document,) = load_corpus([path]).documents
    with open(path, encoding="utf-8", newline="") as handle:
        assert document.text == handle.read()


def test_binary_empty_and_unreadable_files_are_skipped_with_a_warning(folder: Path) -> None:
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR")
    (folder / "empty.txt").write_text("  \n\n", encoding="utf-8")
    (folder / "dangling.txt").symlink_to(folder / "does-not-exist.txt")
    loaded = load_corpus([folder])
    assert [d.id for d in loaded.documents] == ["good", "sub/nested"]
    messages = "\n".join(loaded.warnings)
    assert "image.txt: skipped, looks like a binary file" in messages
    assert "empty.txt: skipped, the file is empty" in messages
    assert "dangling.txt: skipped, cannot be read" in messages


def test_invalid_utf8_falls_back_to_windows_1252_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes("Caf\u00e9 \u201cquoted\u201d text.".encode("cp1252"))
    loaded = load_corpus([path])
    assert loaded.documents[0].text == "Café “quoted” text."
    assert "not valid UTF-8" in loaded.warnings[0] and "Windows-1252" in loaded.warnings[0]


def test_oversized_file_is_skipped_not_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse: costs no disk
        handle.truncate(MAX_DOCUMENT_BYTES + 1)
    (tmp_path / "ok.txt").write_text(GOOD, encoding="utf-8")
    loaded = load_corpus([tmp_path])
    assert [d.id for d in loaded.documents] == ["ok"]
    assert "huge.txt: skipped" in loaded.warnings[0] and "MiB" in loaded.warnings[0]


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="no such file or folder"):
        load_corpus([tmp_path / "nope"])


def test_jsonl_broken_lines_are_reported_by_line_number_and_mis_encoded_ones_kept(
    tmp_path: Path,
) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "a1", "title": "T", "date": "2017-02-07", "source": "AP", "text": GOOD}),
        '{"id": "broken", "text": ',
        json.dumps({"id": "no-text"}),
        "[1, 2]",
        "",
        json.dumps({"id": "a2", "text": "Another article."}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    latin1_line = b'{"id": "bad-bytes", "text": "caf\xe9"}\n'
    with path.open("ab") as handle:
        handle.write(latin1_line)
    loaded = load_corpus([path])
    assert [d.id for d in loaded.documents] == ["a1", "a2", "bad-bytes"]
    assert loaded.documents[2].text == "café"
    first = loaded.documents[0]
    assert (first.title, first.source, first.date, first.text) == ("T", "AP", "2017-02-07", GOOD)
    warnings = "\n".join(loaded.warnings)
    assert f"{path}:2: skipped, not valid JSON" in warnings
    assert f"{path}:3: skipped, no 'text' field" in warnings
    assert f"{path}:4: skipped, expected a JSON object" in warnings
    bad_byte = latin1_line.index(b"\xe9")
    assert f"{path}:7: not valid UTF-8 (byte {bad_byte}), read as Windows-1252 instead" in warnings


def test_repeated_ids_are_renamed_not_lost(tmp_path: Path) -> None:
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "story.txt").write_text(f"{name} {GOOD}", encoding="utf-8")
    loaded = load_corpus([tmp_path / "one", tmp_path / "two"])
    assert [d.id for d in loaded.documents] == ["story", "story#2"]
    assert "already taken" in loaded.warnings[0]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_permission_denied_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(GOOD, encoding="utf-8")
    path.chmod(0)
    loaded = load_corpus([tmp_path])
    assert loaded.documents == [] and "cannot be read" in loaded.warnings[0]
