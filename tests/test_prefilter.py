"""Pairs set aside before alignment are pairs the alignment would find nothing in."""

from __future__ import annotations

import dataclasses
import itertools
import json

import numpy as np
import pytest
from conftest import candidates_of
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import SHARED_BENCH
from tui.engine.align import align_pair
from tui.engine.fingerprint import word_codes
from tui.engine.prefilter import corpus_words, hopeless_pairs, without_hopeless
from tui.engine.prepare import PreparedDocument, prepare
from tui.model import Document
from tui.params import Params
from tui.runners.local import scan

REUTERS = SHARED_BENCH / "reuters21578.jsonl"

# Few words, some of them stop words and some long, so that random documents share many
# shingles, and windows fall on both sides of `min_chars`; some open or close a quotation, so
# that short quoted passages (down to `quote_min_chars`) are tested too.
_VOCABULARY = [
    "the",
    "of",
    "bank",
    "said",
    "rates",
    "oil",
    "exports",
    "quarterly",
    "Reuters",
    '"rates',
    'oil"',
    "\u201cexports",
    "bank\u201d",
]
_SENTENCE = st.lists(st.sampled_from(_VOCABULARY), min_size=1, max_size=12).map(
    lambda words: " ".join(words) + "."
)
_DOCUMENT = st.lists(_SENTENCE, min_size=1, max_size=8).map(" ".join)


def _check_every_hopeless_pair(prepared: list[PreparedDocument], params: Params) -> int:
    """Asserts that `align_pair` finds nothing in any pair set aside; returns how many were."""
    pairs = candidates_of(prepared, params)
    codes = word_codes([p.tokens.words for p in prepared])
    words = corpus_words(codes, [p.tokens for p in prepared], [p.quoted for p in prepared])
    hopeless = hopeless_pairs(pairs, words, params)
    for k in np.flatnonzero(hopeless):
        seeds_a, seeds_b = (s.tolist() for s in pairs.seeds(int(k)))
        a, b = prepared[pairs.doc_a[k]], prepared[pairs.doc_b[k]]
        assert align_pair(a, b, seeds_a, seeds_b, params) == [], (int(k), seeds_a, seeds_b)
    return int(hopeless.sum())


@settings(max_examples=150, deadline=None)
@given(
    st.lists(_DOCUMENT, min_size=2, max_size=5),
    st.integers(10, 90),
    st.integers(2, 5),
    st.integers(1, 10),
    st.integers(1, 3),
    st.integers(2, 12),
    st.sampled_from([0, 20, 35]),
)
def test_no_pair_set_aside_holds_a_passage(
    texts: list[str],
    min_chars: int,
    shingle_words: int,
    max_gap: int,
    min_seeds: int,
    sentence_min_seeds: int,
    quote_min_chars: int,
) -> None:
    params = dataclasses.replace(
        Params(),
        min_chars=min_chars,
        quote_min_chars=quote_min_chars,
        shingle_words=shingle_words,
        max_gap_words=max_gap,
        min_seeds=min_seeds,
        sentence_min_seeds=sentence_min_seeds,
        min_informative_words=1,  # more regions pass the later tests: the bound is tested
    )
    documents = [Document(f"d{n}", text) for n, text in enumerate(texts)]
    _check_every_hopeless_pair(prepare(documents, params), params)


@pytest.mark.skipif(not REUTERS.is_file(), reason=f"Reuters corpus not found at {REUTERS}")
def test_on_real_news_most_pairs_are_set_aside_and_none_held_a_passage() -> None:
    with REUTERS.open(encoding="utf-8") as lines:
        records = [json.loads(line) for line in itertools.islice(lines, 1500)]
    documents = [Document(str(r["id"]), r["text"]) for r in records if r["text"].strip()]
    params = Params()
    prepared = prepare(documents, params)
    total = len(candidates_of(prepared, params))
    set_aside = _check_every_hopeless_pair(prepared, params)
    assert set_aside > total // 2  # Reuters' stock phrases: most pairs share nothing more


def test_a_document_paired_with_itself_is_never_set_aside() -> None:
    # A lead pasted twice in one article: its windows are cut differently, so it is kept.
    lead = "Oil exports rose in the quarter, the bank said on Monday. "
    params = Params()
    prepared = prepare([Document("x", lead + "Other news. " + lead)], params)
    pairs = candidates_of(prepared, params)
    assert len(pairs) == 1 and pairs.doc_a[0] == pairs.doc_b[0]
    codes = word_codes([p.tokens.words for p in prepared])
    words = corpus_words(codes, [p.tokens for p in prepared])
    assert not hopeless_pairs(pairs, words, params).any()
    assert len(without_hopeless(pairs, words, params)) == 1


def test_scan_reports_pairs_found_and_pairs_aligned() -> None:
    quote = "the minister said the talks on oil exports would resume in March next year"
    documents = [
        Document("a", f"In Paris, {quote}, officials confirmed."),
        Document("b", f"Reporters heard that {quote}."),
        Document("c", "The bank said rates would stay. The minister said the talks ended."),
    ]
    result = scan(documents, workers=1)
    assert result.stats["pairs_aligned"] <= result.stats["candidate_pairs"]
    assert any({al.a.doc, al.b.doc} == {"a", "b"} for _, al in result.alignments)


def test_subset_keeps_each_pairs_own_seeds() -> None:
    story = "Oil exports rose sharply in the third quarter, the central bank said on Monday. "
    documents = [Document(n, f"{n} news. " + story * (k + 1)) for k, n in enumerate("abc")]
    pairs = candidates_of(prepare(documents, Params()), Params())
    keep = np.arange(len(pairs)) % 2 == 1
    kept = pairs.subset(keep)
    assert len(kept) == int(keep.sum())
    for new, old in enumerate(np.flatnonzero(keep)):
        assert (kept.doc_a[new], kept.doc_b[new]) == (pairs.doc_a[old], pairs.doc_b[old])
        for mine, theirs in zip(kept.seeds(new), pairs.seeds(int(old)), strict=True):
            assert mine.tolist() == theirs.tolist()
