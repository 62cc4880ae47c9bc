"""Candidate pairs from the shingle index: which documents share shingles, and where.

Documents sharing a shingle are found by sorting all shingle hashes once, never by comparing
documents with each other. A shingle in more than `max_shingle_docs` documents is a stock phrase
and seeds nothing, which bounds the work a common phrase can create.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tui.engine.fingerprint import ShingleIndex, build_index
from tui.params import Params

Int32s = npt.NDArray[np.int32]


@dataclass(frozen=True)
class CandidatePairs:
    """Document pairs worth aligning, each with its seeds (positions of shared shingles).

    Pair `k` is documents `doc_a[k] <= doc_b[k]`; its seeds are `seeds_a[s:e]`, `seeds_b[s:e]`
    with `s, e = bounds[k], bounds[k + 1]`, sorted by position in `doc_a`. A pair of a
    document with itself holds its repeated passages.
    """

    doc_a: Int32s
    doc_b: Int32s
    bounds: npt.NDArray[np.int64]
    seeds_a: Int32s
    seeds_b: Int32s
    seeds_examined: int

    def __len__(self) -> int:
        return len(self.doc_a)

    def seeds(self, k: int) -> tuple[Int32s, Int32s]:
        s, e = self.bounds[k], self.bounds[k + 1]
        return self.seeds_a[s:e], self.seeds_b[s:e]

    def subset(self, keep: npt.NDArray[np.bool_]) -> CandidatePairs:
        """The pairs where `keep` is true, with their seeds, in the same order."""
        counts = np.diff(self.bounds)
        bounds = np.zeros(int(keep.sum()) + 1, dtype=np.int64)
        np.cumsum(counts[keep], out=bounds[1:])
        seeds_kept = np.repeat(keep, counts)
        return CandidatePairs(
            doc_a=self.doc_a[keep],
            doc_b=self.doc_b[keep],
            bounds=bounds,
            seeds_a=self.seeds_a[seeds_kept],
            seeds_b=self.seeds_b[seeds_kept],
            seeds_examined=self.seeds_examined,
        )


def find_candidates(codes: Sequence[npt.NDArray[np.int64]], params: Params) -> CandidatePairs:
    """The fingerprint and candidate stages: document pairs sharing shingles, with seeds,
    from each document's word codes (`fingerprint.word_codes`)."""
    return find_candidates_and_counts(codes, params)[0]


def find_candidates_and_counts(
    codes: Sequence[npt.NDArray[np.int64]], params: Params
) -> tuple[CandidatePairs, Int32s]:
    """`find_candidates`, and how many documents hold the shingle that starts at each word of
    the corpus (words end to end, 0 where none starts), found by the same sort: the rarity
    of a shared phrase (`tui.engine.rarity`)."""
    index = build_index(codes, params.shingle_words)
    pairs, entry_counts = candidate_pairs_and_counts(
        index,
        len(codes),
        shingle_words=params.shingle_words,
        max_shingle_docs=params.max_shingle_docs,
        min_seeds=params.min_seeds,
        max_pair_seeds=params.max_pair_seeds,
        max_gap_words=params.max_gap_words,
    )
    first = np.zeros(len(codes) + 1, dtype=np.int64)
    np.cumsum([len(c) for c in codes], out=first[1:])
    counts = np.zeros(int(first[-1]), dtype=np.int32)
    counts[first[index.documents] + index.positions] = entry_counts
    return pairs, counts


def _empty(examined: int = 0) -> CandidatePairs:
    none = np.zeros(0, dtype=np.int32)
    return CandidatePairs(none, none, np.zeros(1, dtype=np.int64), none, none, examined)


def candidate_pairs(
    index: ShingleIndex,
    n_documents: int,
    *,
    shingle_words: int,
    max_shingle_docs: int,
    min_seeds: int,
    max_pair_seeds: int,
    max_gap_words: int,
) -> CandidatePairs:
    """Group every pair of equal shingles by document pair; keep pairs with `min_seeds` and
    with at least two seeds close to one diagonal (see `_near_a_diagonal`)."""
    return candidate_pairs_and_counts(
        index,
        n_documents,
        shingle_words=shingle_words,
        max_shingle_docs=max_shingle_docs,
        min_seeds=min_seeds,
        max_pair_seeds=max_pair_seeds,
        max_gap_words=max_gap_words,
    )[0]


def candidate_pairs_and_counts(
    index: ShingleIndex,
    n_documents: int,
    *,
    shingle_words: int,
    max_shingle_docs: int,
    min_seeds: int,
    max_pair_seeds: int,
    max_gap_words: int,
) -> tuple[CandidatePairs, Int32s]:
    """`candidate_pairs`, and how many documents hold each index entry's shingle."""
    if len(index.hashes) < 2:
        return _empty(), np.ones(len(index.hashes), dtype=np.int32)
    entry_counts, seeds = _shared_shingles(index, max_shingle_docs)
    if seeds is None:
        return _empty(), entry_counts
    doc_a, doc_b, pos_a, pos_b, examined = seeds
    del seeds
    # Inside one document the two occurrences must not overlap.
    valid = (doc_a != doc_b) | (pos_b - pos_a >= shingle_words)
    doc_a, doc_b, pos_a, pos_b = doc_a[valid], doc_b[valid], pos_a[valid], pos_b[valid]
    key = doc_a.astype(np.int64) * n_documents + doc_b
    del doc_a, doc_b
    near = _near_a_diagonal(key, pos_a, pos_b, max_gap_words)
    key, pos_a, pos_b = key[near], pos_a[near], pos_b[near]
    order = _sort_order(key, pos_a.astype(np.int64), pos_b.astype(np.int64))
    pairs = _by_pair(
        key[order], pos_a[order], pos_b[order], n_documents, min_seeds, max_pair_seeds, examined
    )
    return pairs, entry_counts


def _shared_shingles(
    index: ShingleIndex, max_shingle_docs: int
) -> tuple[Int32s, tuple[Int32s, Int32s, Int32s, Int32s, int] | None]:
    """How many documents hold each entry's shingle (index order), and every pair of
    occurrences of one shingle, as (document a, document b, position in a, position in b),
    with how many were examined (None when there are none).
    A shingle in more than `max_shingle_docs` documents is a stock phrase and pairs nothing;
    one repeated many times inside few documents is a pattern, not a passage."""
    order = np.argsort(index.hashes, kind="stable")
    hashes = index.hashes[order]
    docs = index.documents[order]
    positions = index.positions[order]

    new_run = np.empty(len(hashes), dtype=bool)
    new_run[0] = True
    np.not_equal(hashes[1:], hashes[:-1], out=new_run[1:])
    run_starts = np.flatnonzero(new_run)
    run_lengths = np.diff(np.append(run_starts, len(hashes)))
    # Within a run the stable sort keeps document order, so distinct documents = doc changes.
    new_doc = new_run.copy()
    new_doc[1:] |= docs[1:] != docs[:-1]
    run_docs = np.add.reduceat(new_doc.astype(np.int64), run_starts)
    keep = (run_lengths >= 2) & (run_docs <= max_shingle_docs)
    keep &= run_lengths <= 2 * max_shingle_docs
    entry_counts = np.empty(len(hashes), dtype=np.int32)
    entry_counts[order] = np.repeat(run_docs.astype(np.int32), run_lengths)
    del order, hashes, new_run, new_doc  # the sorted index's largest arrays

    # Positions in the sorted index fit in 32 bits (the index would not fit in memory first).
    firsts: list[Int32s] = []
    seconds: list[Int32s] = []
    kept_starts = run_starts[keep].astype(np.int32)
    kept_lengths = run_lengths[keep]
    for length in np.unique(kept_lengths):
        starts = kept_starts[kept_lengths == length]
        upper_i, upper_j = (u.astype(np.int32) for u in np.triu_indices(int(length), 1))
        firsts.append((starts[:, None] + upper_i[None, :]).ravel())
        seconds.append((starts[:, None] + upper_j[None, :]).ravel())
    if not firsts:
        return entry_counts, None
    first = np.concatenate(firsts)
    del firsts
    second = np.concatenate(seconds)
    del seconds
    return entry_counts, (
        docs[first],
        docs[second],
        positions[first],
        positions[second],
        len(first),
    )


def _by_pair(
    key: npt.NDArray[np.int64],
    pos_a: Int32s,
    pos_b: Int32s,
    n_documents: int,
    min_seeds: int,
    max_pair_seeds: int,
    examined: int,
) -> CandidatePairs:
    """Seeds sorted by (pair, position in a, position in b) grouped by pair: pairs with
    `min_seeds` seeds or more, each keeping its first `max_pair_seeds`."""
    # `key` is sorted: its runs are the document pairs (no second sort, as np.unique would).
    new_key = np.empty(len(key), dtype=bool)
    new_key[:1] = True
    np.not_equal(key[1:], key[:-1], out=new_key[1:])
    starts = np.flatnonzero(new_key)
    counts = np.diff(np.append(starts, len(key)))
    unique_keys = key[starts]
    wanted = counts >= min_seeds
    unique_keys, starts, counts = unique_keys[wanted], starts[wanted], counts[wanted]
    counts = np.minimum(counts, max_pair_seeds)

    bounds = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=bounds[1:])
    # indices of the first `counts[k]` seeds of each pair, without a Python loop
    take = np.arange(bounds[-1], dtype=np.int64) + np.repeat(starts - bounds[:-1], counts)
    return CandidatePairs(
        doc_a=(unique_keys // n_documents).astype(np.int32),
        doc_b=(unique_keys % n_documents).astype(np.int32),
        bounds=bounds,
        seeds_a=pos_a[take].astype(np.int32),
        seeds_b=pos_b[take].astype(np.int32),
        seeds_examined=examined,
    )


def _sort_order(*columns: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """The order that sorts rows by `columns` (first column most significant), all of them
    non-negative. Packed into one int64 when their ranges fit, one sort is several times
    faster than `np.lexsort` over millions of rows; otherwise `np.lexsort` does it."""
    if len(columns[0]) == 0:
        return np.zeros(0, dtype=np.int64)
    packed = np.zeros(len(columns[0]), dtype=np.int64)
    bits = 0
    for column in columns:
        width = int(column.max()).bit_length()
        bits += width
        if bits > 62:
            return np.lexsort(columns[::-1]).astype(np.int64)
        packed <<= width
        packed |= column
    return np.argsort(packed, kind="stable")


def _near_a_diagonal(
    key: npt.NDArray[np.int64],
    pos_a: Int32s,
    pos_b: Int32s,
    max_gap_words: int,
) -> npt.NDArray[np.bool_]:
    """Which seeds belong to document pairs where two seeds lie near one diagonal
    (`pos_b - pos_a`).

    Alignment joins seeds (and merges regions) only when their diagonals differ by at most
    `2 * max_gap_words`, so a pair without two such seeds cannot hold a passage: its seeds are
    stock phrases met by chance. Two such seeds always fall in the same or adjacent bands of
    that width, which is what is counted here, for the whole corpus at once, before any
    per-pair work.
    """
    if len(key) == 0:
        return np.zeros(0, dtype=bool)
    band = (pos_b.astype(np.int64) - pos_a) // max(1, 2 * max_gap_words)
    band -= band.min()
    order = _sort_order(key, band)
    key_sorted, band_sorted = key[order], band[order]
    del band
    new_cell = np.empty(len(order), dtype=bool)
    new_cell[0] = True
    new_cell[1:] = (key_sorted[1:] != key_sorted[:-1]) | (band_sorted[1:] != band_sorted[:-1])
    starts = np.flatnonzero(new_cell)
    counts = np.diff(np.append(starts, len(order)))
    cell_key, cell_band = key_sorted[starts], band_sorted[starts]
    with_next = np.zeros(len(starts), dtype=bool)
    adjacent = (cell_key[1:] == cell_key[:-1]) & (cell_band[1:] == cell_band[:-1] + 1)
    with_next[:-1] = adjacent & (counts[1:] + counts[:-1] >= 2)
    good_cell = (counts >= 2) | with_next
    del key_sorted, band_sorted, counts, cell_band, with_next, adjacent
    # A pair is good when any of its cells is; its cells are contiguous in sorted order.
    new_key = np.empty(len(starts), dtype=bool)
    new_key[0] = True
    new_key[1:] = cell_key[1:] != cell_key[:-1]
    key_starts = np.flatnonzero(new_key)
    good_key = np.logical_or.reduceat(good_cell, key_starts)
    good_of_cell = good_key[np.cumsum(new_key, dtype=np.int32) - 1]
    near = np.empty(len(order), dtype=bool)
    near[order] = good_of_cell[np.cumsum(new_cell, dtype=np.int32) - 1]
    return near
