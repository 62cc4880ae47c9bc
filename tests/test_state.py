"""The remembered position: a round trip, one file per corpus, and no crash on a bad file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui import paths
from tui.reader.state import Position, load_position, position_file, save_position


def test_position_round_trips() -> None:
    save_position("corpus-a", Position(doc="aljazeera-carter", offset=1234))
    assert load_position("corpus-a") == Position(doc="aljazeera-carter", offset=1234)


def test_nothing_saved_means_no_position() -> None:
    assert load_position("never-opened") is None


def test_each_corpus_keeps_its_own_position() -> None:
    save_position("corpus-a", Position("a", 1))
    save_position("corpus-b", Position("b", 2))
    save_position("corpus-a", Position("a", 3))
    assert load_position("corpus-a") == Position("a", 3)
    assert load_position("corpus-b") == Position("b", 2)


def test_position_lives_under_the_state_folder_and_leaves_no_temporary_files() -> None:
    save_position("../../escape/attempt", Position("doc", 0))
    path = position_file("../../escape/attempt")
    assert path.parent.parent == paths.state_dir()
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_odd_document_ids_survive() -> None:
    doc = 'naïve [bold]id[/bold] \x1b[31m \\ "quoted"'
    save_position("k", Position(doc, 7))
    assert load_position("k") == Position(doc, 7)


CORRUPT = [
    pytest.param(b"", id="empty"),
    pytest.param(b"{not json", id="truncated-json"),
    pytest.param(b"\xff\xfe\x00garbage", id="not-utf8"),
    pytest.param(b"[1, 2]", id="not-an-object"),
    pytest.param(b'{"corpus": "k", "doc": "a"}', id="missing-offset"),
    pytest.param(b'{"corpus": "k", "doc": "a", "offset": "12"}', id="offset-as-text"),
    pytest.param(b'{"corpus": "k", "doc": "a", "offset": true}', id="offset-as-bool"),
    pytest.param(b'{"corpus": "k", "doc": "a", "offset": -1}', id="negative-offset"),
    pytest.param(b'{"corpus": "k", "doc": 5, "offset": 1}', id="doc-not-text"),
    pytest.param(b'{"corpus": "other", "doc": "a", "offset": 1}', id="another-corpus"),
]


@pytest.mark.parametrize("content", CORRUPT)
def test_corrupt_state_file_means_no_position(content: bytes) -> None:
    path = position_file("k")
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    assert load_position("k") is None


def test_unreadable_state_file_means_no_position() -> None:
    position_file("k").mkdir(parents=True)
    assert load_position("k") is None


def test_saving_over_a_corrupt_file_repairs_it() -> None:
    path = position_file("k")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"{broken")
    save_position("k", Position("a", 5))
    assert json.loads(path.read_text(encoding="utf-8"))["offset"] == 5
    assert load_position("k") == Position("a", 5)


def test_unwritable_state_folder_raises_oserror_for_the_caller_to_report(
    echoes_home: Path,
) -> None:
    # A file where the state folder should be: nothing can be created inside it, even by root.
    echoes_home.mkdir(parents=True, exist_ok=True)
    paths.state_dir().write_text("in the way", encoding="utf-8")
    with pytest.raises(OSError):
        save_position("k", Position("a", 1))
    assert load_position("k") is None


def test_failed_save_leaves_no_temporary_file() -> None:
    save_position("k", Position("a", 1))
    path = position_file("k")
    # Make the final rename fail: the target becomes a folder that is not empty.
    path.unlink()
    path.mkdir()
    (path / "inside").write_text("x", encoding="utf-8")
    with pytest.raises(OSError):
        save_position("k", Position("b", 2))
    assert [p.name for p in path.parent.iterdir()] == [path.name]
