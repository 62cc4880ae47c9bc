"""The persistent index: reopen without rescanning, invalidate only what changed, survive
corruption and interruption. Real SQLite files in a temporary cache folder."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from conftest import candidates_of

import tui.index.indexer
import tui.runners.local
from tests.conftest import SEEDS
from tui.engine.load import load_corpus
from tui.engine.prepare import prepare
from tui.index.indexer import open_corpus
from tui.index.queries import ReuseIndex
from tui.index.store import ScanStore, corpus_key
from tui.model import Alignment, Document
from tui.params import Params
from tui.runners.local import worth_caching


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
    pairs = candidates_of(prepare(documents, params), params)
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


def test_reopening_unchanged_files_parses_none_of_them(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = open_corpus([corpus])

    def parse_again(paths: object) -> None:
        raise AssertionError("the corpus was parsed although its files did not change")

    monkeypatch.setattr(tui.index.indexer, "load_corpus", parse_again)
    again = open_corpus([corpus])
    assert again.from_cache and again.key == first.key
    assert again.result == dataclasses.replace(first.result, warnings=())


def test_a_rewritten_file_of_the_same_size_and_time_is_scanned_again(corpus: Path) -> None:
    first = open_corpus([corpus])
    target = corpus / "003_99e24934e41de514.txt"
    before = target.stat()
    text = target.read_text(encoding="utf-8")
    changed = text.replace("Carter", "Garter", 1)
    assert changed != text and len(changed.encode()) == len(text.encode())
    target.write_text(changed, encoding="utf-8")
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    again = open_corpus([corpus])
    assert not again.from_cache and again.key != first.key
    document = next(d for d in again.result.documents if d.id == "003_99e24934e41de514")
    assert "Garter" in document.text


def test_an_added_file_is_scanned_again(corpus: Path) -> None:
    open_corpus([corpus])
    (corpus / "005_new.txt").write_text("A new article.\n\nIt says little.\n", "utf-8")
    again = open_corpus([corpus])
    assert not again.from_cache
    assert [d.id for d in again.result.documents][-1] == "005_new"


def test_warnings_from_loading_come_back_on_a_quick_reopen(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "a", "text": "One article about the strikes in Syria."}),
        '{"id": "broken", "text": ',
        json.dumps({"id": "b", "text": "Another article about something else."}),
    ]
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    first, again = open_corpus([feed]), open_corpus([feed])
    assert again.from_cache
    assert again.result.warnings == first.result.warnings
    assert any(f"{feed}:2: skipped, not valid JSON" in w for w in again.result.warnings)


def test_a_damaged_source_record_only_costs_a_parse(corpus: Path, echoes_home: Path) -> None:
    open_corpus([corpus])
    (record,) = (echoes_home / "cache" / "sources").glob("*.json")
    record.write_text("{not json", encoding="utf-8")
    again = open_corpus([corpus])
    assert again.from_cache and not again.result.warnings
    assert json.loads(record.read_text(encoding="utf-8"))["key"] == again.key


def test_alignments_decoded_by_cluster_are_the_stored_ones(corpus: Path) -> None:
    first = open_corpus([corpus])
    later = open_corpus([corpus], alignments_later=True)
    assert later.from_cache and later.result.alignments == () and later.alignments is not None
    by_cluster: dict[int, list[Alignment]] = {}
    for cluster_id, alignment in first.result.alignments:
        by_cluster.setdefault(cluster_id, []).append(alignment)
    assert {c: list(a) for c, a in later.alignments.items()} == by_cluster
    whole, lazy = ReuseIndex(first.result), ReuseIndex(later.result, later.alignments)
    for document in first.result.documents:
        for start, end in whole.segments(document.id).sentences:
            assert lazy.echoes(document.id, start, end) == whole.echoes(document.id, start, end)


def _damage_first_alignment_row(echoes_home: Path) -> int:
    (index_file,) = _scan_files(echoes_home)
    with closing(sqlite3.connect(index_file)) as db, db:
        (cluster,) = db.execute("SELECT cluster FROM alignments ORDER BY position").fetchone()
        db.execute("UPDATE alignments SET payload = '[[1, 2' WHERE cluster = ?", (cluster,))
    return int(cluster)


def test_a_damaged_alignment_row_is_aligned_live_by_the_reader(
    corpus: Path, echoes_home: Path
) -> None:
    first = open_corpus([corpus])
    cluster_id = _damage_first_alignment_row(echoes_home)
    later = open_corpus([corpus], alignments_later=True)
    assert later.from_cache and later.alignments is not None
    assert later.alignments[cluster_id] == ()
    whole, lazy = ReuseIndex(first.result), ReuseIndex(later.result, later.alignments)
    here = first.result.clusters[cluster_id - 1].passages[0]
    from_live = lazy.echoes(here.doc, here.start, here.end)
    stored = whole.echoes(here.doc, here.start, here.end)
    assert sorted(e.there for e in from_live) == sorted(e.there for e in stored)
    assert all(e.shared_here for e in from_live)


def test_a_damaged_alignment_row_means_a_rescan_for_the_whole_result(
    corpus: Path, echoes_home: Path
) -> None:
    first = open_corpus([corpus])
    _damage_first_alignment_row(echoes_home)
    again = open_corpus([corpus])
    assert not again.from_cache
    assert any("unusable" in w for w in again.result.warnings)
    assert again.result.alignments == first.result.alignments


def test_pair_cache_keys_change_with_the_detection_version(
    seed_documents: dict[str, Document], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Alignments cached by an older engine must not be served after detection changed."""
    params = Params()
    prepared = prepare(list(seed_documents.values()), params)
    pairs = candidates_of(prepared, params)
    digests = [tui.runners.local.document_digest(p, params) for p in prepared]
    k = worth_caching(pairs, 1)[0]
    current = tui.runners.local.pair_key(params.fingerprint(), digests, pairs, k)
    monkeypatch.setattr(tui.runners.local, "DETECTION_VERSION", "older")
    assert tui.runners.local.pair_key(params.fingerprint(), digests, pairs, k) != current


def test_pair_cache_keys_change_with_a_documents_date(
    seed_documents: dict[str, Document],
) -> None:
    """How far apart two stories ran decides a short quotation's link: a redated article's
    pairs must align again, the others' keys stay."""
    params = Params()
    documents = list(seed_documents.values())
    redated = [dataclasses.replace(documents[0], date="1999-01-01"), *documents[1:]]
    before = [tui.runners.local.document_digest(p, params) for p in prepare(documents, params)]
    after = [tui.runners.local.document_digest(p, params) for p in prepare(redated, params)]
    assert after[0] != before[0]
    assert after[1:] == before[1:]


def test_a_reopened_scan_answers_from_its_rows_as_the_scan_did(corpus: Path) -> None:
    first = open_corpus([corpus])
    later = open_corpus([corpus], alignments_later=True)
    assert later.from_cache
    assert later.result.documents == first.result.documents
    assert later.result.clusters == first.result.clusters
    assert later.result.boilerplate == first.result.boilerplate
    assert later.result.related == first.result.related
    whole, lazy = ReuseIndex(first.result), ReuseIndex(later.result, later.alignments)
    assert lazy.doc_ids() == whole.doc_ids() == [d.id for d in first.result.documents]
    assert lazy.sources() == whole.sources()
    assert lazy.reuse_shares() == whole.reuse_shares()
    for document in first.result.documents:
        assert lazy.passages_in(document.id) == whole.passages_in(document.id)
        assert lazy.boilerplate_in(document.id) == whole.boilerplate_in(document.id)
        assert lazy.document(document.id) == document
    for cluster in first.result.clusters:
        assert lazy.cluster(cluster.id) == cluster


def test_a_reopened_scan_reads_an_article_only_when_it_is_shown(
    corpus: Path, echoes_home: Path
) -> None:
    open_corpus([corpus])
    later = open_corpus([corpus], alignments_later=True)
    (index_file,) = _scan_files(echoes_home)
    with closing(sqlite3.connect(index_file)) as db, db:  # changed after the open
        db.execute("UPDATE documents SET text = 'changed since' WHERE position = 1")
    documents = later.result.documents
    assert documents[1].text == "changed since"  # read now, not at the open
    assert documents[0].text and documents[0].text != "changed since"


def test_rows_damaged_after_the_open_read_as_empty_and_are_noted(
    corpus: Path, echoes_home: Path
) -> None:
    first = open_corpus([corpus])
    later = open_corpus([corpus], alignments_later=True)
    (index_file,) = _scan_files(echoes_home)
    with closing(sqlite3.connect(index_file)) as db, db:
        db.execute("DROP TABLE passages")
    lazy = ReuseIndex(later.result, later.alignments)
    some = next(d for d in first.result.documents if ReuseIndex(first.result).passages_in(d.id))
    assert lazy.passages_in(some.id) == ()
    assert lazy.echoes(some.id, 0, len(some.text)) == []
    assert later.result.documents[0].text == first.result.documents[0].text
    assert later.result.clusters[0].passages == ()
    assert later.alignments is not None
    assert any("could not be read" in p for p in later.alignments.problems)
