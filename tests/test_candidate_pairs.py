"""The candidate stage, array by array, gives what its rules say when written out plainly."""

from __future__ import annotations

import itertools
from collections import defaultdict

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.engine.candidates import (
    CandidatePairs,
    block_bounds,
    candidate_pairs,
    joined_blocks,
    pairs_in_block,
    sorted_shingles,
)
from tui.engine.fingerprint import ShingleIndex, build_index, word_codes

# A tiny vocabulary without stop words: random documents share many shingles, in runs,
# repeats inside one document and on many diagonals.
_WORDS = st.lists(st.sampled_from(["oil", "bank", "rates", "exports", "wheat"]), max_size=40)

Pairs = dict[tuple[int, int], list[tuple[int, int]]]


def plain_candidates(
    index: ShingleIndex,
    shingle_words: int,
    max_shingle_docs: int,
    min_seeds: int,
    max_pair_seeds: int,
    max_gap_words: int,
) -> tuple[Pairs, int]:
    """The candidate rules one shingle and one pair at a time, and the seeds examined."""
    occurrences: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for code, document, position in zip(
        index.hashes.tolist(), index.documents.tolist(), index.positions.tolist(), strict=True
    ):
        occurrences[code].append((document, position))  # in document, then position order
    seeds: Pairs = defaultdict(list)
    examined = 0
    for found in occurrences.values():
        documents = {document for document, _ in found}
        if len(found) < 2 or len(documents) > max_shingle_docs:
            continue
        if len(found) > 2 * max_shingle_docs:
            continue
        for i, (doc_a, pos_a) in enumerate(found):
            for doc_b, pos_b in found[i + 1 :]:
                examined += 1
                if doc_a == doc_b and pos_b - pos_a < shingle_words:
                    continue  # the two occurrences overlap
                seeds[(doc_a, doc_b)].append((pos_a, pos_b))
    width = max(1, 2 * max_gap_words)
    kept: Pairs = {}
    for pair, found_seeds in sorted(seeds.items()):
        bands: dict[int, int] = defaultdict(int)
        for pos_a, pos_b in found_seeds:
            bands[(pos_b - pos_a) // width] += 1
        near = any(n >= 2 for n in bands.values()) or any(b + 1 in bands for b in bands)
        if near and len(found_seeds) >= min_seeds:
            kept[pair] = sorted(found_seeds)[:max_pair_seeds]
    return kept, examined


def _as_dict(pairs: CandidatePairs) -> Pairs:
    found: Pairs = {}
    for k in range(len(pairs)):
        seeds_a, seeds_b = pairs.seeds(k)
        pair = (int(pairs.doc_a[k]), int(pairs.doc_b[k]))
        found[pair] = list(zip(seeds_a.tolist(), seeds_b.tolist(), strict=True))
    return found


@settings(max_examples=200, deadline=None)
@given(
    st.lists(_WORDS, min_size=1, max_size=6),
    st.integers(1, 4),
    st.integers(2, 6),
    st.integers(1, 3),
    st.integers(1, 6),
    st.integers(0, 5),
)
def test_candidate_pairs_follow_the_plain_rules(
    documents: list[list[str]],
    shingle_words: int,
    max_shingle_docs: int,
    min_seeds: int,
    max_pair_seeds: int,
    max_gap_words: int,
) -> None:
    index = build_index(word_codes(documents), shingle_words)
    settings_ = {
        "shingle_words": shingle_words,
        "max_shingle_docs": max_shingle_docs,
        "min_seeds": min_seeds,
        "max_pair_seeds": max_pair_seeds,
        "max_gap_words": max_gap_words,
    }
    found = candidate_pairs(index, len(documents), **settings_)
    expected, examined = plain_candidates(index, **settings_)
    assert _as_dict(found) == expected
    # pairs in (document, document) order, each with its seeds in position order
    assert list(_as_dict(found)) == sorted(expected)
    if expected:
        assert found.seeds_examined == examined


def _same(a: CandidatePairs, b: CandidatePairs) -> bool:
    return (
        all(
            np.array_equal(getattr(a, f), getattr(b, f))
            for f in ("doc_a", "doc_b", "bounds", "seeds_a", "seeds_b")
        )
        and a.seeds_examined == b.seeds_examined
    )


@settings(max_examples=200, deadline=None)
@given(
    st.lists(_WORDS, min_size=1, max_size=8),
    st.integers(2, 4),
    st.integers(2, 6),
    st.integers(0, 40),
)
def test_blocks_of_documents_join_into_the_pairs_of_all(
    documents: list[list[str]], shingle_words: int, max_shingle_docs: int, budget: int
) -> None:
    index = build_index(word_codes(documents), shingle_words)
    rules = {
        "shingle_words": shingle_words,
        "min_seeds": 2,
        "max_pair_seeds": 5,
        "max_gap_words": 3,
    }
    whole = candidate_pairs(index, len(documents), max_shingle_docs=max_shingle_docs, **rules)
    shingles = sorted_shingles(index, len(documents), max_shingle_docs)
    cuts = block_bounds(shingles, budget)
    assert cuts[0][0] == 0 and cuts[-1][1] == len(documents)
    assert all(hi == lo for (_, hi), (lo, _) in itertools.pairwise(cuts))
    blocks = [pairs_in_block(shingles, cut, **rules) for cut in cuts]
    assert _same(joined_blocks(blocks), whole)
    for block, (lo, hi) in zip(blocks, cuts, strict=True):
        assert all(lo <= d < hi for d in block.doc_a.tolist())
