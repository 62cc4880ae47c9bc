"""Similarity of sentences as tf-idf vectors: the evidence when reuse keeps the meaning but not
the word order. Two sentences are compared by the cosine of their tf-idf vectors and the Dice
overlap of their term sets, as the PAN 2014 winner does (Sanchez-Perez et al.), with idf
computed over the sentences of the two documents compared.

One pair at a time (`vectorise`, `similar_sentences`, `fragment_cosine`) or many pairs in one
set of array operations (`similar_sentences_many`), with the same sums in the same order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tui.engine.sentences import Floats, Ints, SentenceTerms

Bools = npt.NDArray[np.bool_]

# Sentence pairs of one document pair up to which similarities are summed in a dense grid.
_DENSE_CELLS = 1 << 20


@dataclass(frozen=True)
class SentenceVectors:
    """Sparse tf-idf rows of two documents' sentences over one shared vocabulary.

    Entry `k` of side a is sentence `rows_a[k]`, term `columns_a[k]`, unit-normalised weight
    `weights_a[k]`; each (sentence, term) appears once. `sizes_*` count distinct terms.
    """

    rows_a: Ints
    columns_a: Ints
    weights_a: Floats
    sizes_a: Ints
    rows_b: Ints
    columns_b: Ints
    weights_b: Floats
    sizes_b: Ints
    idf: Floats


def _same_vocabulary(sentences: Sequence[SentenceTerms]) -> None:
    """Sentences compared must have their terms numbered in one vocabulary (prepared in one
    corpus, or given the same `TermVocabulary`): numbers from two would match at random."""
    if len({id(s.vocabulary) for s in sentences}) > 1:
        raise ValueError("sentences numbered in different vocabularies cannot be compared")


def _normalise(rows: Ints, weights: Floats, n_rows: int) -> Floats:
    norms = np.sqrt(np.bincount(rows, weights=weights * weights, minlength=n_rows))
    return weights / np.maximum(norms[rows], 1e-12)


def vectorise(a: SentenceTerms, b: SentenceTerms) -> SentenceVectors:
    """tf-idf vectors of both documents' sentences; idf counts sentences of both."""
    _same_vocabulary([a, b])
    # The shared vocabulary numbers a's terms first, as a numbers them alone, then b's new
    # terms in b's order: so only b's term numbers need translating for this pair.
    rows_a, columns_a, tf_a, sizes_a = a.entries.arrays()
    rows_b, local_columns_b, tf_b, sizes_b = b.entries.arrays()
    numbers_a, order_a, numbers_b = a.numbers, a.number_order, b.numbers
    size = len(numbers_a)
    if size:
        at = order_a[np.minimum(np.searchsorted(numbers_a, numbers_b, sorter=order_a), size - 1)]
        known = numbers_a[at] == numbers_b
    else:
        at, known = np.zeros(len(numbers_b), np.int64), np.zeros(len(numbers_b), bool)
    new = ~known
    translate = np.where(known, at, 0)
    translate[new] = size + np.arange(int(new.sum()))
    size += int(new.sum())
    columns_b = translate[local_columns_b]
    frequency = np.bincount(np.concatenate((columns_a, columns_b)), minlength=size)
    idf = np.log((len(a) + len(b)) / np.maximum(frequency, 1)) + 1.0
    return SentenceVectors(
        rows_a,
        columns_a,
        _normalise(rows_a, tf_a * idf[columns_a], len(a)),
        sizes_a,
        rows_b,
        columns_b,
        _normalise(rows_b, tf_b * idf[columns_b], len(b)),
        sizes_b,
        idf,
    )


def similar_sentences(
    vectors: SentenceVectors, min_cosine: float, min_dice: float
) -> list[tuple[int, int]]:
    """Sentence pairs `(i, j)` whose cosine and Dice both reach the thresholds, computed only
    for pairs that share a term (an inverted index, never all pairs)."""
    v = vectors
    if not len(v.columns_a) or not len(v.columns_b):
        return []
    order = np.argsort(v.columns_b, kind="stable")
    sorted_columns = v.columns_b[order]
    first = np.searchsorted(sorted_columns, v.columns_a, side="left")
    counts = np.searchsorted(sorted_columns, v.columns_a, side="right") - first
    total = int(counts.sum())
    if total == 0:
        return []
    entry_a = np.repeat(np.arange(len(v.columns_a)), counts)
    offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    entry_b = order[np.repeat(first, counts) + offsets]
    n_b = len(v.sizes_b)
    cells = len(v.sizes_a) * n_b
    products = v.weights_a[entry_a] * v.weights_b[entry_b]
    pair_of = v.rows_a[entry_a] * n_b + v.rows_b[entry_b]
    keys, cosine, shared = _cell_sums(pair_of, products, cells, _DENSE_CELLS)
    i, j = keys // n_b, keys % n_b
    dice = 2 * shared / np.maximum(v.sizes_a[i] + v.sizes_b[j], 1)
    keep = (cosine >= min_cosine) & (dice >= min_dice)
    return list(zip(i[keep].tolist(), j[keep].tolist(), strict=True))


def _cell_sums(
    cells: Ints, products: Floats, n_cells: int, dense_limit: int
) -> tuple[Ints, Floats, Ints]:
    """The cells that received products (sorted), each one's sum of products and their count.
    Up to `dense_limit` cells they are counted straight into a grid (no sort); either way each
    cell's products are added in the order given, so the sums do not depend on the path."""
    keys: Ints
    cosine: Floats
    shared: Ints
    if n_cells <= dense_limit:
        shared_grid = np.bincount(cells, minlength=n_cells)
        keys = np.flatnonzero(shared_grid)
        sums = np.bincount(cells, weights=products, minlength=n_cells)
        cosine = sums.astype(np.float64, copy=False)[keys]  # (already float64: for the stubs)
        shared = shared_grid[keys]
    else:
        keys, inverse = np.unique(cells, return_inverse=True)
        cosine = np.bincount(inverse, weights=products).astype(np.float64, copy=False)
        shared = np.bincount(inverse)
    return keys, cosine, shared


def fragment_cosine(vectors: SentenceVectors, rows_a: range, rows_b: range) -> float:
    """Cosine of two runs of sentences, each taken as one bag of idf-weighted terms."""
    size = len(vectors.idf)

    def bag(rows: Ints, columns: Ints, chosen: range) -> Floats:
        inside = (rows >= chosen.start) & (rows < chosen.stop)
        picked = columns[inside]
        return np.bincount(picked, weights=vectors.idf[picked], minlength=size).astype(np.float64)

    sum_a = bag(vectors.rows_a, vectors.columns_a, rows_a)
    sum_b = bag(vectors.rows_b, vectors.columns_b, rows_b)
    norm = float(np.linalg.norm(sum_a) * np.linalg.norm(sum_b))
    return float(sum_a @ sum_b) / norm if norm else 0.0


def similar_sentences_many(
    pairs: Sequence[tuple[SentenceTerms, SentenceTerms]],
    min_cosine: float,
    min_dice: float,
    rows: Sequence[tuple[Bools | None, Bools | None]] | None = None,
) -> list[list[tuple[int, int]]]:
    """`similar_sentences(vectorise(a, b), ...)` for every pair `(a, b)`, in one set of array
    operations instead of a few dozen small ones per pair: an align task's pairs cost about
    what one big pair costs. Every sum adds the same terms in the same order as the one-pair
    functions (entries keep each document's order), so the answers are the same.

    With `rows`, a mask of each side's sentences per pair (None: all), only the pairs of
    sentences both masks hold are compared and reported: the same ones, found with less
    work (idf and weights still count every sentence of both documents).

    One function of 69 lines, on purpose: each step reads the arrays of the steps before it
    (entries, matches, weights, masks), which split apart would cross as a dozen arguments."""
    _same_vocabulary([t for pair in pairs for t in pair])
    live = [k for k, (a, b) in enumerate(pairs) if len(a.spans) and len(b.spans)]
    found: list[list[tuple[int, int]]] = [[] for _ in pairs]
    if not live:
        return found
    side_a = _Side([pairs[k][0] for k in live])
    side_b = _Side([pairs[k][1] for k in live])
    # Each side's entries sorted by (pair, term): a term meets only its own pair's entries.
    # Any width above every term number gives the same order.
    width = max(side_a.widest, side_b.widest) + 1
    keys_a, keys_b = side_a.sorted_keys(width), side_b.sorted_keys(width)
    first_in_b = np.searchsorted(keys_b, keys_a, side="left")
    matches_in_b = np.searchsorted(keys_b, keys_a, side="right") - first_in_b
    matches_in_a = np.searchsorted(keys_a, keys_b, side="right") - np.searchsorted(
        keys_a, keys_b, side="left"
    )
    # idf per pair: a term's sentences among both documents' (each entry is one sentence).
    sentences = side_a.counts + side_b.counts
    weights_a = side_a.weights(sentences, _run_lengths(keys_a) + matches_in_b)
    weights_b = side_b.weights(sentences, _run_lengths(keys_b) + matches_in_a)
    # Back in a's entry order, each a entry meets the b entries of its pair and term.
    first, counts = side_a.unsorted(first_in_b), side_a.unsorted(matches_in_b)
    allowed_b: Bools | None = None
    if rows is not None:
        masks = [rows[k] for k in live]
        counts[~side_a.allowed([mask for mask, _ in masks])] = 0
        allowed_b = side_b.allowed([mask for _, mask in masks])
    total = int(counts.sum())
    if total == 0:
        return found
    entry_a = np.repeat(np.arange(len(counts)), counts)
    offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    entry_b = side_b.order[np.repeat(first, counts) + offsets]
    if allowed_b is not None:
        wanted = allowed_b[entry_b]
        entry_a, entry_b = entry_a[wanted], entry_b[wanted]
    # Sentence pair (i, j) of pair p is cell `cell_start[p] + i * n_b[p] + j`. Each cell
    # receives at most one product per a entry, in a's entry order: the one-pair sums.
    n_b = side_b.counts
    cell_start = np.concatenate(([0], np.cumsum(side_a.counts * n_b)))
    pair = side_a.pair[entry_a]
    cells = cell_start[pair] + side_a.rows[entry_a] * n_b[pair] + side_b.rows[entry_b]
    products = weights_a[entry_a] * weights_b[entry_b]
    keys, cosine, shared = _cell_sums(cells, products, int(cell_start[-1]), 4 * _DENSE_CELLS)
    pair_of_key = np.searchsorted(cell_start, keys, side="right") - 1
    local = keys - cell_start[pair_of_key]
    i, j = local // n_b[pair_of_key], local % n_b[pair_of_key]
    sizes = side_a.sizes_of(pair_of_key, i) + side_b.sizes_of(pair_of_key, j)
    dice = 2 * shared / np.maximum(sizes, 1)
    keep = (cosine >= min_cosine) & (dice >= min_dice)
    for p, row_a, row_b in zip(
        pair_of_key[keep].tolist(), i[keep].tolist(), j[keep].tolist(), strict=True
    ):
        found[live[p]].append((row_a, row_b))
    return found


def _run_lengths(ordered: Ints) -> Ints:
    """For each key of the sorted `ordered`, how many times it occurs there."""
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    lengths: Ints = np.diff(np.append(starts, len(ordered)))
    repeated: Ints = np.repeat(lengths, lengths)
    return repeated


class _Side:
    """One side (a or b) of many document pairs, their entries laid end to end: the entries
    of pair p follow those of pair p - 1, each in its document's own order."""

    def __init__(self, documents: Sequence[SentenceTerms]) -> None:
        self.documents = documents
        self.counts = np.array([len(d.spans) for d in documents], dtype=np.int64)
        self.row_start = np.concatenate(([0], np.cumsum(self.counts)[:-1]))
        entries = [d.entries for d in documents]
        lengths = np.array([len(e.rows) for e in entries], dtype=np.int64)
        entry_start = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        self.pair = np.repeat(np.arange(len(documents)), lengths)
        self.rows = np.concatenate([e.rows for e in entries])
        self.tf = np.concatenate([e.counts for e in entries])
        self.sizes = np.concatenate([e.sizes for e in entries])
        # `order[k]` is the entry at sorted position k: each document's entries by term.
        self.order = np.concatenate([d.by_term for d in documents]) + np.repeat(
            entry_start, lengths
        )
        self._sorted_terms = np.concatenate([d.term_columns[d.by_term] for d in documents])
        self.widest = int(self._sorted_terms.max(initial=0))  # the largest term number met

    def sorted_keys(self, width: int) -> Ints:
        """Each entry's (pair, term) as one number, in sorted order (see `order`)."""
        keys: Ints = self.pair * width + self._sorted_terms
        return keys

    def unsorted(self, values: Ints) -> Ints:
        """`values` given in sorted order, put back in entry order."""
        back = np.empty_like(values)
        back[self.order] = values
        return back

    def weights(self, sentences: Ints, sorted_frequency: Ints) -> Floats:
        """Unit-length tf-idf weights, sentence by sentence, as `vectorise` gives them: idf
        from the pair's sentence count and each entry's term frequency (in sorted order)."""
        frequency = self.unsorted(sorted_frequency)
        idf = np.log(sentences[self.pair] / np.maximum(frequency, 1)) + 1.0
        rows = self.rows + self.row_start[self.pair]
        return _normalise(rows, self.tf * idf, int(self.counts.sum()))

    def allowed(self, masks: Sequence[Bools | None]) -> Bools:
        """Whether each entry's sentence is in its pair's mask (None: every sentence)."""
        return np.concatenate(
            [
                np.ones(len(d.entries.rows), dtype=bool) if mask is None else mask[d.entries.rows]
                for d, mask in zip(self.documents, masks, strict=True)
            ]
        )

    def sizes_of(self, pair: Ints, row: Ints) -> Ints:
        """Distinct terms of sentence `row` of each `pair`'s document on this side."""
        return self.sizes[self.row_start[pair] + row]
