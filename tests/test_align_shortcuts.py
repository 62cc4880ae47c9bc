"""The align stage's shortcuts give the answer of the longer way they replace."""

from __future__ import annotations

import dataclasses

from conftest import candidates_of
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Indel, LCSseq

from tui.engine.align import finish_pair, shingle_alignments
from tui.engine.align.evidence import (
    aligned_blocks,
    indel_similarity,
    is_name_like,
    mostly_furniture,
)
from tui.engine.align.regions import (
    chain_seeds,
    enough_informative,
    merge_regions,
    two_seed_region,
)
from tui.engine.prepare import prepare
from tui.engine.tokens import is_informative
from tui.model import Document, Span
from tui.params import Params

# A small vocabulary, so that random word lists share many words and ties abound.
_WORDS = st.lists(st.sampled_from(["the", "bank", "said", "rates", "of", "oil", "up"]), max_size=40)


@given(_WORDS, _WORDS)
def test_similarity_from_blocks_is_rapidfuzz_float(words_a: list[str], words_b: list[str]) -> None:
    shared = sum(size for _, _, size in aligned_blocks(words_a, words_b))
    expected = Indel.normalized_similarity(words_a, words_b)
    assert indel_similarity(len(words_a), len(words_b), shared) == expected


@given(_WORDS, _WORDS, st.integers(0, 5), st.integers(0, 5))
def test_blocks_left_after_cutting_edges_are_an_optimal_alignment_of_what_they_span(
    words_a: list[str], words_b: list[str], cut_first: int, cut_last: int
) -> None:
    blocks = aligned_blocks(words_a, words_b)
    kept = blocks[cut_first : len(blocks) - cut_last]
    if not kept:
        return
    a0, b0 = kept[0][0], kept[0][1]
    a1, b1 = kept[-1][0] + kept[-1][2], kept[-1][1] + kept[-1][2]
    shared = sum(size for _, _, size in kept)
    assert shared == LCSseq.similarity(words_a[a0:a1], words_b[b0:b1])


_STORY = (
    "The central bank raised its main lending rate by half a point on Tuesday, citing "
    "inflation that has run above its target for most of the year. "
)


def test_pair_without_sentence_passes_ends_past_its_closing_punctuation() -> None:
    # No snapping to whole sentences: the stop after "year" is there by the punctuation rule.
    params = dataclasses.replace(Params(), end_punctuation=True, snap_fraction=0.0)
    documents = [
        Document("a", "Markets. " + _STORY + "Traders shrugged."),
        Document("b", "Elsewhere. " + _STORY + "Shares fell."),
    ]
    a, b = prepare(documents, params)
    pairs = candidates_of([a, b], params)
    seeds_a, seeds_b = (s.tolist() for s in pairs.seeds(0))
    found = shingle_alignments(a, b, seeds_a, seeds_b, params)
    assert len(found) == 1
    (passage,) = finish_pair(a, b, found, params, sentences=False)
    assert a.document.text[passage.a.start : passage.a.end].endswith("year.")
    assert finish_pair(a, b, [], params, sentences=False) == []


@given(
    st.lists(st.tuples(st.integers(0, 80), st.integers(0, 80)), min_size=2, max_size=2),
    st.integers(2, 5),
    st.integers(0, 12),
)
def test_two_seed_region_is_what_chaining_and_merging_keep(
    seeds: list[tuple[int, int]], shingle_words: int, max_gap: int
) -> None:
    seeds.sort(key=lambda seed: seed[0])  # chain_seeds takes seeds in `a`'s order
    seeds_a, seeds_b = [i for i, _ in seeds], [j for _, j in seeds]
    regions = merge_regions(chain_seeds(seeds_a, seeds_b, shingle_words, max_gap), max_gap)
    expected = [(r.a0, r.a1, r.b0, r.b1, r.seeds) for r in regions if r.seeds >= 2]
    region = two_seed_region(seeds_a, seeds_b, shingle_words, max_gap)
    found = [] if region is None else [(region.a0, region.a1, region.b0, region.b1, region.seeds)]
    assert found == expected


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(["a", "of", "the", "oil", "Oil", "rates", "it", "Bank", "x1"]), max_size=30
    ),
    st.integers(0, 6),
    st.booleans(),
)
def test_informative_count_inline_is_is_informative(
    words: list[str], needed: int, names_count: bool
) -> None:
    (prepared,) = prepare([Document("d", " ".join(words) + ".")], Params())
    tokens = prepared.tokens.words
    blocks = [(0, 0, len(tokens))] if tokens else []
    expected = sum(
        is_informative(w) and (names_count or not is_name_like(prepared, k))
        for k, w in enumerate(tokens)
    )
    assert enough_informative(prepared, 0, blocks, needed, names_count) == (expected >= needed)


_SPAN = st.tuples(st.integers(0, 60), st.integers(1, 30)).map(lambda s: Span("d", s[0], sum(s)))


@given(_SPAN, st.lists(_SPAN, max_size=4))
def test_mostly_boilerplate_inline_is_span_overlap(span: Span, furniture: list[Span]) -> None:
    expected = sum(span.overlap(b) for b in furniture) * 2 > span.length
    assert mostly_furniture(span, furniture) == expected
