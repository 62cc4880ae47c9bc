"""Sentences as weighted bags of content words: the evidence when reuse keeps the meaning but
not the word order (shuffled, reworded, translated back and forth, summarised).

Each sentence keeps its exact character span; its terms are its informative words, stemmed
(Snowball) so "plunge" = "plunged" and "strikes" = "strike". Two sentences are compared by the
cosine of their tf-idf vectors and the Dice overlap of their term sets, as the PAN 2014 winner
does (Sanchez-Perez et al.), with idf computed over the sentences being compared.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import pairwise

import numpy as np
import numpy.typing as npt
import Stemmer

from tui.segment import Segments
from tui.tokens import Tokens, is_informative

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
    def entries(self) -> tuple[dict[str, int], Ints, Ints, Floats, Ints]:
        """This document's side of `vectorise`, computed once, not once per document pair:
        its distinct terms numbered in order of first appearance, then the (sentence, term)
        entries' rows, term numbers and counts, and each sentence's number of distinct terms."""
        vocabulary: dict[str, int] = {}
        for sentence in self.terms:
            for term in sentence:
                vocabulary.setdefault(term, len(vocabulary))
        return (vocabulary, *_entries(self.terms, vocabulary))

    def __getstate__(self) -> dict[str, object]:
        # Term numbers are only valid in the process that numbered them.
        return {k: v for k, v in vars(self).items() if k != "term_numbers"}

    @cached_property
    def term_numbers(self) -> tuple[Ints, Ints]:
        """Process-wide numbers of this document's distinct terms (in `entries` order) and the
        order that sorts them, so two documents' vocabularies meet by array search."""
        numbers = np.fromiter(
            (_TERM_NUMBERS.setdefault(t, len(_TERM_NUMBERS)) for t in self.entries[0]),
            dtype=np.int64,
            count=len(self.entries[0]),
        )
        return numbers, np.argsort(numbers, kind="stable")


@lru_cache(maxsize=1 << 18)
def term_of(word: str) -> str:
    """The stemmed term a word contributes to its sentence's bag, or "" for none."""
    return stem(word) if _is_term(word) else ""


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
    digits = [k for k, word in enumerate(words) if word.isdigit()]
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
    spans: list[tuple[int, int]] = []
    word_ranges: list[tuple[int, int]] = []
    terms: list[tuple[str, ...]] = []
    first = 0
    content: list[str] = []
    for lo, hi in pairwise(cuts):
        content.extend(t for t in map(term_of, words[lo:hi]) if t)
        if len(content) < _MIN_TERMS or hi == first:
            continue
        spans.append((starts[first], tokens.ends[hi - 1]))
        word_ranges.append((first, hi))
        terms.append(tuple(content))
        first, content = hi, []
    if first < len(words) and spans:  # a short tail joins the last sentence
        spans[-1] = (spans[-1][0], tokens.ends[len(words) - 1])
        word_ranges[-1] = (word_ranges[-1][0], len(words))
        terms[-1] = terms[-1] + tuple(content)
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


def _entries(
    terms: Sequence[tuple[str, ...]], vocabulary: dict[str, int]
) -> tuple[Ints, Ints, Floats, Ints]:
    rows: list[int] = []
    columns: list[int] = []
    counts: list[int] = []
    sizes: list[int] = []
    for row, sentence in enumerate(terms):
        bag = Counter(sentence)
        sizes.append(len(bag))
        for term, n in bag.items():
            rows.append(row)
            columns.append(vocabulary[term])
            counts.append(n)
    return (
        np.asarray(rows, dtype=np.int64),
        np.asarray(columns, dtype=np.int64),
        np.asarray(counts, dtype=np.float64),
        np.asarray(sizes, dtype=np.int64),
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
    if cells <= _DENSE_CELLS:
        # Count straight into the sentence-by-sentence grid: no sort, and the same additions
        # in the same order per pair as grouping with np.unique, so the same sums.
        shared_grid = np.bincount(pair_of, minlength=cells)
        keys = np.flatnonzero(shared_grid)
        cosine = np.bincount(pair_of, weights=products, minlength=cells)[keys]
        shared = shared_grid[keys]
    else:
        keys, inverse = np.unique(pair_of, return_inverse=True)
        cosine = np.bincount(inverse, weights=products)
        shared = np.bincount(inverse)
    i, j = keys // n_b, keys % n_b
    dice = 2 * shared / np.maximum(v.sizes_a[i] + v.sizes_b[j], 1)
    keep = (cosine >= min_cosine) & (dice >= min_dice)
    return list(zip(i[keep].tolist(), j[keep].tolist(), strict=True))


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
