"""Sentences as weighted bags of content words: the evidence when reuse keeps the meaning but
not the word order (shuffled, reworded, translated back and forth, summarised).

Each sentence keeps its exact character span; its terms are its informative words, stemmed
(Snowball) so "plunge" = "plunged" and "strikes" = "strike". Two sentences are compared by the
cosine of their tf-idf vectors and the Dice overlap of their term sets, as the PAN 2014 winner
does (Sanchez-Perez et al.), with idf computed over the sentences being compared.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import accumulate, chain, compress, pairwise

import numpy as np
import numpy.typing as npt
import Stemmer

from tui.engine.segment import Segments
from tui.engine.tokens import Tokens, is_informative

# Sentences with fewer content terms than this join the next sentence: "Ca. 1720" or "Yes."
# alone cannot be compared by their words.
_MIN_TERMS = 3
_STEMMER = Stemmer.Stemmer("english")

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]

# Every term this process has seen, numbered: lets two documents' vocabularies be matched by
# array search. Grows with the distinct stems read, which a corpus bounds.
_TERM_NUMBERS: dict[str, int] = {}
# Sentence pairs of one document pair up to which similarities are summed in a dense grid.
_DENSE_CELLS = 1 << 20


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball (Porter 2) English stem: "noted" = "note", "retired" = "retirement",
    "surfaces" = "surface". Reworded and translated text keeps the stems, not the endings."""
    return str(_STEMMER.stemWord(word))


def _is_term(word: str) -> bool:
    """Content words and numbers: "36 civilians" is evidence twice over."""
    return is_informative(word) or word.isdigit()


@dataclass(frozen=True)
class SentenceTerms:
    """Comparable sentences of one document: character spans, their first and last word
    indices, and the stemmed content terms of each."""

    spans: tuple[tuple[int, int], ...]
    words: tuple[tuple[int, int], ...]  # [first, last) word index of each sentence
    terms: tuple[tuple[str, ...], ...]

    def __len__(self) -> int:
        return len(self.spans)

    @cached_property
    def entries(self) -> tuple[tuple[str, ...], Ints, Ints, Floats, Ints]:
        """This document's side of `vectorise`, computed once, not once per document pair:
        its distinct terms in order of first appearance (their numbers), then the (sentence,
        term) entries' rows, term numbers and counts, and each sentence's number of distinct
        terms. The terms are kept as a tuple: a dict per document would hold a corpus's
        sentences' worth of hash tables (40 MB on Reuters) that only numbering needs."""
        numbers: dict[str, int] = {}
        found = sentence_entries([self.terms], numbers)
        return (tuple(numbers), found.rows, found.columns, found.counts, found.sizes)

    def __getstate__(self) -> dict[str, object]:
        # Term numbers are only valid in the process that numbered them.
        return {k: v for k, v in vars(self).items() if k not in _PROCESS_LOCAL}

    @cached_property
    def term_numbers(self) -> tuple[Ints, Ints]:
        """Process-wide numbers of this document's distinct terms (in `entries` order) and the
        order that sorts them, so two documents' vocabularies meet by array search."""
        numbers = number_terms(self.entries[0])
        return numbers, np.argsort(numbers, kind="stable")

    def use_term_numbers(self, numbers: Ints, order: Ints | None = None) -> None:
        """Take the process-wide numbers of this document's distinct terms from a caller that
        numbered many documents' terms at once (`number_terms`), as `term_numbers` would;
        with the order that sorts them, if the caller sorted them too."""
        if order is None:
            order = np.argsort(numbers, kind="stable")
        vars(self)["term_numbers"] = (numbers, order)

    @cached_property
    def term_columns(self) -> Ints:
        """The process-wide number of each (sentence, term) entry's term, in `entries` order."""
        return self.term_numbers[0][self.entries[2]]

    @cached_property
    def by_term(self) -> Ints:
        """The entries' order sorted by `term_columns`, for `similar_sentences_many`."""
        return np.argsort(self.term_columns, kind="stable")


# Cached properties that hold process-wide term numbers: never pickled, recomputed on arrival.
_PROCESS_LOCAL = frozenset({"term_numbers", "term_columns", "by_term"})


def number_terms(terms: Sequence[str]) -> Ints:
    """The process-wide numbers of `terms`, new terms numbered on first sight."""
    return np.fromiter(
        (_TERM_NUMBERS.setdefault(t, len(_TERM_NUMBERS)) for t in terms),
        dtype=np.int64,
        count=len(terms),
    )


def numbered_terms() -> list[str]:
    """Every term `number_terms` has numbered in this process, each at its number."""
    return list(_TERM_NUMBERS)


class _TermsOfWords(dict[str, str]):
    """Each word's term, worked out on first sight: looking words up with the dict's own
    `__getitem__` runs in C, about twice as fast as a call through `lru_cache`. Emptied when
    it reaches `_MAX_WORDS_KEPT` distinct words, so a huge corpus cannot grow it without end."""

    def __missing__(self, word: str) -> str:
        if len(self) >= _MAX_WORDS_KEPT:
            self.clear()
        term = stem(word) if _is_term(word) else ""
        self[word] = term
        return term


_MAX_WORDS_KEPT = 1 << 19


_TERMS_OF_WORDS = _TermsOfWords()


def term_of(word: str) -> str:
    """The stemmed term a word contributes to its sentence's bag, or "" for none."""
    return _TERMS_OF_WORDS[word]


def whole_numbers(text: str, tokens: Tokens) -> Sequence[str]:
    """The words, with a number written in groups ("5,000", "53.5", "1800 666 111") as one
    word of its digits on its first group and nothing on the others. Split apart, its groups
    are numbers of their own: "53" of "53.5" would match "53 people", and the three groups of
    one phone number would count as three shared facts."""
    words = tokens.words
    continued = [k for k in _digit_pairs(words) if _continues_number(text, tokens, k)]
    if not continued:
        return words
    joined = list(words)
    head = continued[0]
    for previous, k in zip([-2, *continued], continued, strict=False):
        if k != previous + 1:  # a new number starts at word k
            head = k
        joined[head] += joined[k + 1]
        joined[k + 1] = ""
    return joined


def _digit_pairs(words: Sequence[str]) -> list[int]:
    """Indices `k` where words `k` and `k + 1` are both all digits."""
    digits = list(compress(range(len(words)), map(str.isdigit, words)))
    return [k for k, following in pairwise(digits) if following == k + 1]


def _continues_number(text: str, tokens: Tokens, k: int) -> bool:
    """Whether word `k + 1` is the next digit group of the number ending at word `k`: one
    separator between them, "," "." or "-", or a space before a 3-digit group. (Not ":" or
    "/": "20:00" is a time and "3/4" a date or a fraction, not the number 2000 or 34.)"""
    following = tokens.words[k + 1]
    if not following.isdigit() or tokens.starts[k + 1] - tokens.ends[k] != 1:
        return False
    separator = text[tokens.ends[k]]
    return separator in ",.-" or (separator == " " and len(following) == 3)


def sentence_terms(text: str, tokens: Tokens, segments: Segments) -> SentenceTerms:
    """The document's sentences with their terms; short sentences merge into the next."""
    starts, words = tokens.starts, whole_numbers(text, tokens)
    # Sentence k holds the words from the first one starting at or after its start; words
    # before the second sentence all belong to the first.
    cuts = [0, *(bisect_left(starts, b) for b in segments.sentence_starts[1:]), len(words)]
    # Every word's term at once; `before[k]` counts the terms among words[:k].
    word_terms = list(map(_TERMS_OF_WORDS.__getitem__, words))
    before = list(accumulate(map(bool, word_terms), initial=0))
    ends = tokens.ends
    spans: list[tuple[int, int]] = []
    word_ranges: list[tuple[int, int]] = []
    first = 0
    for hi in cuts[1:]:
        if before[hi] - before[first] < _MIN_TERMS or hi == first:
            continue
        spans.append((starts[first], ends[hi - 1]))
        word_ranges.append((first, hi))
        first = hi
    if first < len(words) and spans:  # a short tail joins the last sentence
        spans[-1] = (spans[-1][0], ends[len(words) - 1])
        word_ranges[-1] = (word_ranges[-1][0], len(words))
    terms = [tuple(filter(None, word_terms[lo:hi])) for lo, hi in word_ranges]  # "" is no term
    return SentenceTerms(tuple(spans), tuple(word_ranges), tuple(terms))


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


@dataclass(frozen=True)
class Entries:
    """Several documents' `SentenceTerms.entries`, one document's after another's: each
    document's distinct terms, as numbers into the caller's term list, and how many each
    has; then every (sentence, term) entry's row and column (both counted within its
    document), its count, and each sentence's number of distinct terms."""

    distinct_terms: Ints
    distinct_counts: Ints
    rows: Ints
    columns: Ints
    counts: Floats
    sizes: Ints


def sentence_entries(
    documents: Sequence[Sequence[tuple[str, ...]]], numbers: dict[str, int]
) -> Entries:
    """The entries of every document (its sentences' terms), in a few array operations for
    all of them rather than a `Counter` per sentence. Terms are numbered in `numbers`, new
    ones in order of first appearance; a document numbers its own distinct terms the same
    way, from 0."""
    lengths = [len(sentence) for document in documents for sentence in document]
    flat = list(chain.from_iterable(chain.from_iterable(documents)))
    for term in dict.fromkeys(flat):
        numbers.setdefault(term, len(numbers))
    codes = np.fromiter(map(numbers.__getitem__, flat), dtype=np.int64, count=len(flat))
    width = len(numbers) + 1
    sentences_of = np.array([len(document) for document in documents], dtype=np.int64)
    first_sentence = np.cumsum(sentences_of) - sentences_of
    row = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
    document = np.repeat(np.repeat(np.arange(len(documents)), sentences_of), lengths)
    # Each document's distinct terms, in order of first appearance, numbered from 0 in it.
    distinct, first, inverse = np.unique(
        document * width + codes, return_index=True, return_inverse=True
    )
    by_appearance = np.argsort(first, kind="stable")
    distinct = distinct[by_appearance]
    distinct_counts = np.bincount(distinct // width, minlength=len(documents))
    rank = np.empty(len(by_appearance), dtype=np.int64)
    rank[by_appearance] = np.arange(len(by_appearance)) - np.repeat(
        np.cumsum(distinct_counts) - distinct_counts, distinct_counts
    )
    column = rank[inverse.ravel()]
    # Each sentence's distinct terms, in order of first appearance, with their counts.
    cells, first, counts = np.unique(row * width + codes, return_index=True, return_counts=True)
    by_appearance = np.argsort(first, kind="stable")
    rows = cells[by_appearance] // width
    sizes = np.bincount(rows, minlength=len(lengths))
    document_of_row = np.repeat(np.arange(len(documents)), sentences_of)
    return Entries(
        distinct_terms=distinct % width,
        distinct_counts=distinct_counts,
        rows=rows - first_sentence[document_of_row[rows]],
        columns=column[first[by_appearance]],
        counts=counts[by_appearance].astype(np.float64),
        sizes=sizes,
    )


def _normalise(rows: Ints, weights: Floats, n_rows: int) -> Floats:
    norms = np.sqrt(np.bincount(rows, weights=weights * weights, minlength=n_rows))
    return weights / np.maximum(norms[rows], 1e-12)


def vectorise(a: SentenceTerms, b: SentenceTerms) -> SentenceVectors:
    """tf-idf vectors of both documents' sentences; idf counts sentences of both."""
    # The shared vocabulary numbers a's terms first, as a numbers them alone, then b's new
    # terms in b's order: so only b's term numbers need translating for this pair.
    _, rows_a, columns_a, tf_a, sizes_a = a.entries
    _, rows_b, local_columns_b, tf_b, sizes_b = b.entries
    (numbers_a, order_a), (numbers_b, _) = a.term_numbers, b.term_numbers
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
    pairs: Sequence[tuple[SentenceTerms, SentenceTerms]], min_cosine: float, min_dice: float
) -> list[list[tuple[int, int]]]:
    """`similar_sentences(vectorise(a, b), ...)` for every pair `(a, b)`, in one set of array
    operations instead of a few dozen small ones per pair: an align task's pairs cost about
    what one big pair costs. Every sum adds the same terms in the same order as the one-pair
    functions (entries keep each document's order), so the answers are the same."""
    live = [k for k, (a, b) in enumerate(pairs) if len(a.spans) and len(b.spans)]
    found: list[list[tuple[int, int]]] = [[] for _ in pairs]
    if not live:
        return found
    side_a = _Side([pairs[k][0] for k in live])
    side_b = _Side([pairs[k][1] for k in live])
    # Each side's entries sorted by (pair, term): a term meets only its own pair's entries.
    width = len(_TERM_NUMBERS) + 1
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
    total = int(counts.sum())
    if total == 0:
        return found
    entry_a = np.repeat(np.arange(len(counts)), counts)
    offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    entry_b = side_b.order[np.repeat(first, counts) + offsets]
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
        self.counts = np.array([len(d.spans) for d in documents], dtype=np.int64)
        self.row_start = np.concatenate(([0], np.cumsum(self.counts)[:-1]))
        entries = [d.entries for d in documents]
        lengths = np.array([len(e[1]) for e in entries], dtype=np.int64)
        entry_start = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        self.pair = np.repeat(np.arange(len(documents)), lengths)
        self.rows = np.concatenate([e[1] for e in entries])
        self.tf = np.concatenate([e[3] for e in entries])
        self.sizes = np.concatenate([e[4] for e in entries])
        # `order[k]` is the entry at sorted position k: each document's entries by term.
        self.order = np.concatenate([d.by_term for d in documents]) + np.repeat(
            entry_start, lengths
        )
        self._sorted_terms = np.concatenate([d.term_columns[d.by_term] for d in documents])

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

    def sizes_of(self, pair: Ints, row: Ints) -> Ints:
        """Distinct terms of sentence `row` of each `pair`'s document on this side."""
        return self.sizes[self.row_start[pair] + row]
