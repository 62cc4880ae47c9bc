"""Sentences as weighted bags of content words: the evidence when reuse keeps the meaning but
not the word order (shuffled, reworded, translated back and forth, summarised).

Each sentence keeps its exact character span; its terms are its informative words, stemmed
(Snowball) so "plunge" = "plunged" and "strikes" = "strike". `tui.engine.similarity` compares
them. Terms get corpus-wide numbers from a `TermVocabulary` that the caller owns (one per
scan), so two documents' vocabularies meet by array search; the numbers never change an
answer, only how fast it is found.
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

_STEMMER = Stemmer.Stemmer("english")

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
# One sentence's span, or its [first, last) word range.
Pair = tuple[int, int]
# A document's sentences before numbering: spans, word ranges and the terms of each.
SentenceBags = tuple[tuple[Pair, ...], tuple[Pair, ...], tuple[tuple[str, ...], ...]]


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball (Porter 2) English stem: "noted" = "note", "retired" = "retirement",
    "surfaces" = "surface". Reworded and translated text keeps the stems, not the endings.
    (A memo of a pure function: it never changes an answer.)"""
    return str(_STEMMER.stemWord(word))


def _is_term(word: str) -> bool:
    """Content words and numbers: "36 civilians" is evidence twice over."""
    return is_informative(word) or word.isdigit()


def word_term(word: str) -> str:
    """The stemmed term a word contributes to its sentence's bag, or "" for none."""
    return stem(word) if _is_term(word) else ""


class TermsOfWords(dict[str, str]):
    """Each word's term (`word_term`), worked out on first sight and kept: looking words up
    with the dict's own `__getitem__` runs in C, about twice as fast as a call through
    `lru_cache`. Whoever prepares many documents holds one; it is emptied at `limit`
    distinct words, so a huge corpus cannot grow it without end."""

    def __init__(self, limit: int = 1 << 19) -> None:
        super().__init__()
        self.limit = limit

    def __missing__(self, word: str) -> str:
        if len(self) >= self.limit:
            self.clear()
        term = self[word] = word_term(word)
        return term


class TermVocabulary:
    """Corpus-wide numbers of sentence terms, new terms numbered on first sight. One per
    scan, owned by whoever runs it: numbers let two documents' terms meet by array search,
    and the order they were given in never changes an answer."""

    def __init__(self) -> None:
        self._numbers: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._numbers)

    def number(self, terms: Sequence[str]) -> Ints:
        """The numbers of `terms`, numbering the new ones."""
        numbers = self._numbers
        return np.fromiter(
            (numbers.setdefault(t, len(numbers)) for t in terms), dtype=np.int64, count=len(terms)
        )

    def spellings(self) -> list[str]:
        """Every numbered term, each at its number."""
        return list(self._numbers)


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


@dataclass(frozen=True, slots=True)
class SentenceEntries:
    """One document's sentences as sparse bags: its distinct terms in order of first
    appearance (numbered from 0 in that order), then each (sentence, term) entry's sentence,
    term and count, and each sentence's number of distinct terms. Computed once per document,
    not once per document pair."""

    distinct: tuple[str, ...]
    rows: Ints
    columns: Ints
    counts: Floats
    sizes: Ints

    def arrays(self) -> tuple[Ints, Ints, Floats, Ints]:
        return self.rows, self.columns, self.counts, self.sizes


@dataclass(frozen=True, eq=False)
class SentenceTerms:
    """Comparable sentences of one document: character spans, their first and last word
    indices, their entries (each sentence's stemmed content terms, counted), and the numbers
    of the distinct terms (`entries.distinct`) in `vocabulary`, with the order that sorts
    them. Only sentences numbered in one vocabulary can be compared.

    Each sentence's terms in word order (its bag, `sentence_bags`) make the entries and are
    then let go: nothing compares sentences by them, and they were a quarter of a scan's
    prepared sentences (26 of 112 MB on all of Reuters)."""

    spans: tuple[Pair, ...]
    words: tuple[Pair, ...]  # [first, last) word index of each sentence
    entries: SentenceEntries
    numbers: Ints
    number_order: Ints
    vocabulary: TermVocabulary

    @classmethod
    def of(
        cls,
        spans: tuple[Pair, ...],
        words: tuple[Pair, ...],
        terms: tuple[tuple[str, ...], ...],
        vocabulary: TermVocabulary,
    ) -> SentenceTerms:
        """Sentences with their entries computed and their terms numbered in `vocabulary`."""
        local: dict[str, int] = {}  # the document's terms from 0, in order of first appearance
        found = sentence_entries([terms], local)
        entries = SentenceEntries(tuple(local), *found.arrays())
        numbers = vocabulary.number(entries.distinct)
        order = np.argsort(numbers, kind="stable")
        return cls(spans, words, entries, numbers, order, vocabulary)

    def __len__(self) -> int:
        return len(self.spans)

    @cached_property
    def term_columns(self) -> Ints:
        """The corpus-wide number of each (sentence, term) entry's term, in entries order."""
        return self.numbers[self.entries.columns]

    @cached_property
    def by_term(self) -> Ints:
        """The entries' order sorted by `term_columns`, for `similar_sentences_many`."""
        return np.argsort(self.term_columns, kind="stable")


def sentence_bags(
    text: str,
    tokens: Tokens,
    segments: Segments,
    min_terms: int,
    terms_of: TermsOfWords | None = None,
) -> SentenceBags:
    """The document's sentences (spans, word ranges, terms); a sentence with fewer than
    `min_terms` terms ("Ca. 1720", "Yes.") merges into the next, a short tail into the last."""
    terms_of = TermsOfWords() if terms_of is None else terms_of
    starts, words = tokens.starts, whole_numbers(text, tokens)
    # Sentence k holds the words from the first one starting at or after its start; words
    # before the second sentence all belong to the first.
    cuts = [0, *(bisect_left(starts, b) for b in segments.sentence_starts[1:]), len(words)]
    # Every word's term at once; `before[k]` counts the terms among words[:k].
    word_terms = list(map(terms_of.__getitem__, words))
    before = list(accumulate(map(bool, word_terms), initial=0))
    ends = tokens.ends
    spans: list[Pair] = []
    word_ranges: list[Pair] = []
    first = 0
    for hi in cuts[1:]:
        if before[hi] - before[first] < min_terms or hi == first:
            continue
        spans.append((starts[first], ends[hi - 1]))
        word_ranges.append((first, hi))
        first = hi
    if first < len(words) and spans:  # a short tail joins the last sentence
        spans[-1] = (spans[-1][0], ends[len(words) - 1])
        word_ranges[-1] = (word_ranges[-1][0], len(words))
    terms = [tuple(filter(None, word_terms[lo:hi])) for lo, hi in word_ranges]  # "" is no term
    return tuple(spans), tuple(word_ranges), tuple(terms)


def sentence_terms(
    text: str,
    tokens: Tokens,
    segments: Segments,
    min_terms: int,
    vocabulary: TermVocabulary,
    terms_of: TermsOfWords | None = None,
) -> SentenceTerms:
    """The document's sentences (`sentence_bags`), numbered in `vocabulary`."""
    bags = sentence_bags(text, tokens, segments, min_terms, terms_of)
    return SentenceTerms.of(*bags, vocabulary)


@dataclass(frozen=True)
class Entries:
    """Several documents' `SentenceEntries`, one document's after another's: each document's
    distinct terms, as numbers into the caller's term list, and how many each has; then
    every (sentence, term) entry's row and column (both counted within its document), its
    count, and each sentence's number of distinct terms."""

    distinct_terms: Ints
    distinct_counts: Ints
    rows: Ints
    columns: Ints
    counts: Floats
    sizes: Ints

    def arrays(self) -> tuple[Ints, Ints, Floats, Ints]:
        """Rows, columns, counts and sizes, as `SentenceEntries.arrays` gives them."""
        return self.rows, self.columns, self.counts, self.sizes


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
