"""The persistent index: reopen without rescanning, invalidate only what changed, survive
corruption and interruption. Real SQLite files in a temporary cache folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import SEEDS
from tui.corpus import load_corpus
from tui.indexer import open_corpus
from tui.params import Params
from tui.scan import find_candidates, prepare, worth_caching
from tui.store import ScanStore, corpus_key


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    return folder


def _scan_files(home: Path) -> list[Path]:
    return sorted((home / "cache" / "scans").glob("*"))


def test_second_open_comes_from_the_index_with_the_same_answer(
    corpus: Path, echoes_home: Path
) -> None:
    first = open_corpus([corpus])
    second = open_corpus([corpus])
    assert not first.from_cache and second.from_cache
    assert second.result.clusters == first.result.clusters
    assert second.result.alignments == first.result.alignments
    assert second.result.boilerplate == first.result.boilerplate
    assert [d.text for d in second.result.documents] == [d.text for d in first.result.documents]
    assert [p.suffix for p in _scan_files(echoes_home)] == [".sqlite"]


def test_reopening_with_the_corpus_in_hand_gives_the_stored_result(
    corpus: Path, echoes_home: Path
) -> None:
    open_corpus([corpus])
    loaded = load_corpus([corpus])
    store = ScanStore(echoes_home / "cache")
    key = corpus_key(loaded.documents, Params().fingerprint())
    from_disk, from_hand = store.load(key), store.load(key, loaded.documents)
    assert from_disk is not None and from_hand is not None
    assert from_hand == from_disk and from_hand.documents == tuple(loaded.documents)


def test_changed_parameters_are_a_different_index(corpus: Path) -> None:
    open_corpus([corpus])
    assert not open_corpus([corpus], Params(min_chars=80)).from_cache


def _pairs_involving(corpus: Path, doc_id: str) -> tuple[int, int, int]:
    """(all candidate pairs, cached pairs, cached pairs involving `doc_id`), by the engine's
    own stages."""
    params = Params()
    documents = load_corpus([corpus]).documents
    pairs = find_candidates(prepare(documents, params), params)
    position = [d.id for d in documents].index(doc_id)
    cached = worth_caching(pairs, params.sentence_min_seeds)
    involving = sum(1 for k in cached if position in (pairs.doc_a[k], pairs.doc_b[k]))
    return len(pairs), len(cached), involving


def test_a_changed_file_realigns_only_its_own_pairs(corpus: Path) -> None:
    first = open_corpus([corpus])
    assert first.result.stats["pairs_from_cache"] == 0
    target = corpus / "003_99e24934e41de514.txt"
    target.write_text(target.read_text(encoding="utf-8") + "\nA new closing line.\n", "utf-8")
    second = open_corpus([corpus])
    assert not second.from_cache
    total, cached, involving = _pairs_involving(corpus, "003_99e24934e41de514")
    assert 0 < involving < cached <= total
    assert second.result.stats["candidate_pairs"] == total
    assert second.result.stats["pairs_from_cache"] == cached - involving
    assert second.result.clusters == first.result.clusters


def test_corrupt_index_is_rebuilt_with_a_warning(corpus: Path, echoes_home: Path) -> None:
    first = open_corpus([corpus])
    (index_file,) = _scan_files(echoes_home)
    index_file.write_bytes(b"this is not a database" * 100)
    again = open_corpus([corpus])
    assert not again.from_cache
    assert again.result.clusters == first.result.clusters
    assert any("unusable" in w and "scanning again" in w for w in again.result.warnings)
    assert open_corpus([corpus]).from_cache  # and the rebuilt index is good


def test_corrupt_pair_cache_is_rebuilt_with_a_warning(corpus: Path, echoes_home: Path) -> None:
    open_corpus([corpus])
    (echoes_home / "cache" / "pairs.sqlite").write_bytes(b"garbage" * 1000)
    for scan_file in _scan_files(echoes_home):
        scan_file.unlink()
    again = open_corpus([corpus])
    assert any("pair cache" in w and "rebuilt" in w for w in again.result.warnings)
    assert again.result.clusters


def test_an_interrupted_scan_leaves_no_index(corpus: Path, echoes_home: Path) -> None:
    def interrupt(stage: str, done: int, total: int) -> None:
        if stage == "clustering":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        open_corpus([corpus], progress=interrupt)
    assert _scan_files(echoes_home) == []
    assert open_corpus([corpus]).from_cache is False
