"""The speed benchmark still runs, and what makes the scan fast does not change its answer.

Timings are never asserted here (benchmarks print them); these tests check that the script
works end to end on a tiny corpus and that every shortcut gives the slow path's result.
"""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SHARED_BENCH
from hypothesis import given, settings
from hypothesis import strategies as st

import tui.engine.prepare
import tui.runners.local
from tui.engine import furniture as boilerplate
from tui.engine.furniture import (
    find_boilerplate,
    is_furniture,
    paragraph_facts,
    paragraph_key,
    repeated_paragraphs,
)
from tui.engine.prepare import prepare
from tui.engine.segment import segment
from tui.engine.tokens import WORD, fold, tokenize, words_only
from tui.index.export import to_dict
from tui.index.store import ScanStore
from tui.model import Cluster, Document
from tui.params import Params
from tui.runners.local import prepare_on_cores, scan

PARAMS = Params()

SPEED = ROOT / "bench" / "speed.py"
LAST_LINE = re.compile(
    r"^size=(\S+) docs=(\d+) seconds=([\d.]+) docs_per_s=(\d+) peak_rss_mb=(\d+) "
    r"floor_ratio=([\d.]+) pairs=(\d+) clusters=(\d+)$"
)


def _unfiltered_furniture(text: str) -> bool:
    """The furniture phrases without the word shortcut: what `is_furniture` must agree with.
    Taken from the module itself, so a new phrase needs no edit here; a new phrase without a
    shortcut word is what these tests catch."""
    return bool(
        boilerplate.FURNITURE_AT_START.match(text) or boilerplate.FURNITURE_ANYWHERE.search(text)
    )


FURNITURE_SAMPLES = [
    "Share this article",
    "  print the story now",
    "Leave a Reply",
    "Your email address will not be published. Required fields are marked *",
    "This site uses Akismet to reduce spam.",
    "Error Sorry, your comment was not saved due to a technical problem.",
    "Please try again later or use another browser.",
    "Sign up for our daily newsletter",
    "Subscribe for $1 a week",
    "All Rights Reserved",
    "We use cookies to improve your experience",
    "Follow us on Twitter",
    "Click here to read more",
    "JavaScript is disabled in your browser",
    "Enable JavaScript to see comments",
    "Related stories:",
    "WhatsApp us",
    "Follow Kathleen Ronayne on Twitter at http://twitter.com/kronayne",
    "Do you have information you want to share with the Huffington Post? Here's how.",
    "Share this slide:",
    "Sıgn up for our newsletter",  # dotless i: IGNORECASE matches it to "i"
    "ſubscribe now",  # long s
    "The minister said markets would follow the lead of the central bank.",
]


def _tiny_corpus(tmp_path: Path, seed_documents: dict[str, Document]) -> Path:
    corpus = tmp_path / "seeds.jsonl"
    with corpus.open("w", encoding="utf-8") as handle:
        for document in seed_documents.values():
            record = {"id": document.id, "title": document.title, "text": document.text}
            handle.write(json.dumps(record) + "\n")
    return corpus


def test_speed_script_prints_a_row_per_size_and_a_parsable_last_line(
    tmp_path: Path, seed_documents: dict[str, Document]
) -> None:
    corpus = _tiny_corpus(tmp_path, seed_documents)
    done = subprocess.run(
        [sys.executable, str(SPEED), str(corpus), "--sizes", "2,all", "--no-cursor"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    rows = [line.split() for line in lines[1:] if line.split()[0] in ("2", "all")]
    assert [row[1] for row in rows] == ["2", "5"]  # documents scanned at each size
    assert any(line.startswith("reopen:") and "from_cache=True" in line for line in lines)
    last = LAST_LINE.match(lines[-1])
    assert last is not None, lines[-1]
    assert last.group(1) == "all" and last.group(2) == "5"
    assert int(last.group(8)) == len(scan(list(seed_documents.values())).clusters)
    assert float(last.group(6)) > 0 and int(last.group(5)) > 0


def test_speed_script_refuses_a_bad_size_with_a_message(tmp_path: Path) -> None:
    corpus = tmp_path / "empty.jsonl"
    corpus.write_text("")
    done = subprocess.run(
        [sys.executable, str(SPEED), str(corpus), "--sizes", "ten"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "not a size: 'ten'" in done.stderr
    assert "Traceback" not in done.stderr


def test_scan_gives_the_same_result_on_one_or_two_workers(
    seed_documents: dict[str, Document], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Small tasks, so that both stages really split their work over two processes.
    monkeypatch.setattr(tui.runners.local, "PREPARE_CHUNK", 2)
    monkeypatch.setattr(tui.runners.local, "ALIGN_CHUNK", 3)
    documents = [
        Document(f"{n}-{d.id}", d.text, title=d.title)
        for n in range(3)
        for d in seed_documents.values()
    ]
    serial = to_dict(scan(documents, workers=1))
    parallel = to_dict(scan(documents, workers=2))
    for result in (serial, parallel):
        del result["stats"]  # timings
    assert serial == parallel
    assert serial["clusters"]


def test_prepared_documents_match_on_any_worker_count(
    seed_documents: dict[str, Document], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tui.runners.local, "PREPARE_CHUNK", 2)
    documents = list(seed_documents.values())
    one = prepare(documents, Params())
    two = prepare_on_cores(documents, Params(), workers=2).corpus.documents
    for a, b in zip(one, two, strict=True):
        assert a.tokens.words == b.tokens.words
        assert list(a.tokens.starts) == list(b.tokens.starts)
        assert list(a.tokens.ends) == list(b.tokens.ends)
        assert a.segments == b.segments
        assert a.boilerplate == b.boilerplate


@pytest.mark.parametrize("text", FURNITURE_SAMPLES)
def test_furniture_shortcut_agrees_with_the_full_regex(text: str) -> None:
    assert is_furniture(text) == _unfiltered_furniture(text)
    assert is_furniture(text) == (text != FURNITURE_SAMPLES[-1])  # all but the news sentence


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "share",
                "this",
                "article",
                "leave",
                "a",
                "reply",
                "Sign",
                "up",
                "for",
                "our",
                "the",
                "newsletter",
                "ſubscribe",
                "now",
                "cookies",
                "we",
                "use",
                "İ",
                "ı",
                " ",
                "\n",
                ":",
                "Related",
                "stories",
                "read",
                "more",
                "js",
                "is",
                "disabled",
                "x",
            ]
        ),
        max_size=12,
    ).map(" ".join)
)
def test_furniture_shortcut_agrees_with_the_full_regex_on_any_text(text: str) -> None:
    assert is_furniture(text) == _unfiltered_furniture(text)


def test_tokenize_folds_each_word_as_fold_does(seed_documents: dict[str, Document]) -> None:
    text = "Café au lait, U.S. and the U.N.'s “ISIL” 250,000 ﷺ naïve"
    tokens = tokenize(text)
    matches = list(WORD.finditer(text))
    assert tokens.words == tuple(fold(m.group()) for m in matches)
    assert tokens.starts == tuple(m.start() for m in matches)
    assert words_only(text) == list(tokens.words)
    for document in seed_documents.values():
        assert list(tokenize(document.text).words) == words_only(document.text)


def test_paragraph_keys_from_tokens_equal_keys_from_paragraph_text(
    seed_documents: dict[str, Document],
) -> None:
    for document in seed_documents.values():
        segments = segment(document.text)
        from_tokens = paragraph_facts(document.text, segments, PARAMS, tokenize(document.text))
        from_text = paragraph_facts(document.text, segments, PARAMS)
        assert from_tokens == from_text
        most = PARAMS.boilerplate_max_words
        keys = [paragraph_key(document.text[s:e], most) for s, e in segments.paragraphs]
        assert list(from_tokens.keys) == keys


def test_boilerplate_is_unchanged_by_precomputed_facts(
    seed_documents: dict[str, Document],
) -> None:
    documents = list(seed_documents.values())
    segments = [segment(d.text) for d in documents]
    repeated = repeated_paragraphs(documents, segments, PARAMS)
    found = [
        find_boilerplate(d, s, repeated, PARAMS) for d, s in zip(documents, segments, strict=True)
    ]
    assert any(found)  # the seeds hold a comment form and sharing prompts
    prepared = prepare(documents, PARAMS)
    assert [list(p.boilerplate) for p in prepared] == found


@pytest.mark.skipif(
    not (SHARED_BENCH / "newsarticles.jsonl").exists(),
    reason="the shared benchmark data (../shared/bench) is not present",
)
def test_paragraph_keys_from_tokens_on_real_news() -> None:
    lines = (SHARED_BENCH / "newsarticles.jsonl").read_text(encoding="utf-8").splitlines()
    for line in lines[:300]:
        text = json.loads(line)["text"]
        segments = segment(text)
        from_tokens = paragraph_facts(text, segments, PARAMS, tokenize(text))
        assert from_tokens == paragraph_facts(text, segments, PARAMS)


def test_index_gives_back_exactly_the_result_it_stored(
    seed_documents: dict[str, Document], tmp_path: Path
) -> None:
    result = scan(list(seed_documents.values()), workers=1)
    assert result.clusters and result.alignments and result.boilerplate
    store = ScanStore(tmp_path)
    store.save("key", result, {"shingle_words": 4})
    assert store.load("key") == result
    assert not store.warnings


def test_reader_scans_with_worker_processes_from_its_thread(
    seed_documents: dict[str, Document], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reader scans in a thread; the scan forks workers from there and must still finish
    with the same clusters as a scan on one process."""
    from tui.reader.app import EchoesApp
    from tui.reader.screens.reader import ReaderScreen
    from tui.reader.theme import load_themes

    monkeypatch.setattr(tui.runners.local, "PREPARE_CHUNK", 2)
    monkeypatch.setattr(tui.runners.local, "ALIGN_CHUNK", 3)
    monkeypatch.setattr(tui.runners.local, "available_cores", lambda: 2)
    corpus = _tiny_corpus(tmp_path, seed_documents)
    themes, _ = load_themes()
    app = EchoesApp([corpus], themes=themes, remember=False, use_cache=False)
    shown: list[Cluster] = []

    async def read() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(app.screen, ReaderScreen)
            shown.extend(app.screen.index.result.clusters)

    asyncio.run(read())
    assert shown == list(scan(list(seed_documents.values()), workers=1).clusters)


def test_furniture_grows_over_short_labels_and_the_page_tail_from_precomputed_facts() -> None:
    text = (
        "The dam on the river held through the night, engineers said on Monday.\n\n"
        "Share this article\n\n"
        "Reply\n\n"
        "Yes.\n\n"
        "Engineers will inspect the dam again next week, the regional authority said.\n\n"
        "Leave a comment\n\n"
        "Tags\n\n"
        "Politics World Europe"
    )
    facts = paragraph_facts(text, segment(text), PARAMS, tokenize(text))
    assert facts.words[:4] == (9, 3, 1, 1)  # counted up to one past the page-tail limit
    assert facts.closed[:4] == (True, False, False, True)
    [prepared] = prepare([Document("page", text)], Params())
    assert [text[b.start : b.end] for b in prepared.boilerplate] == [
        "Share this article\n\nReply",  # a short label beside furniture joins it; "Yes." not
        "Leave a comment\n\nTags\n\nPolitics World Europe",  # short lines to the end: tail
    ]
