"""The prepare stage's per-document functions, rewritten for speed, give exactly what their
plain earlier versions gave. Each earlier version is kept here, short, as the reference."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from itertools import islice, pairwise

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import SHARED_BENCH
from tui.engine.load import load_corpus
from tui.engine.segment import (
    CLOSERS,
    SENTENCE_ENDS,
    SOFT_WRAP_MIN,
    Segments,
    segment,
    split_sentences,
)
from tui.engine.sentences import (
    SentenceBags,
    SentenceTerms,
    TermVocabulary,
    sentence_bags,
    sentence_entries,
    sentence_terms,
    word_term,
)
from tui.engine.tokens import Tokens, tokenize
from tui.params import Params

MIN_TERMS = Params().sentence_min_terms

REUTERS = SHARED_BENCH / "reuters21578.jsonl"

# Text built from pieces that exercise sentence ends, numbers in groups, short sentences,
# stop words, paragraph breaks and hard wraps.
_PIECES = st.sampled_from(
    [
        "The",
        "minister",
        "said",
        "U.S.",
        "Mr.",
        "5,000",
        "53.5",
        "1800 666 111",
        "20:00",
        "plunged",
        "shares",
        "of",
        "a",
        "Yes.",
        "Oil.",
        '"Quote."',
        "end.",
        "\n",
        "\n\n",
        "\n   ",
        "café",
        "Ca. 1720",
        "x" * 45,
        "-",
        ",",
    ]
)
_TEXTS = st.lists(_PIECES, max_size=80).map(" ".join) | st.text(
    st.sampled_from(' \t\n\u00a0\u2029.!?"”)aAZ1Mr'), max_size=60
)


def reference_split_paragraphs(text: str) -> list[tuple[int, int]]:
    """`split_paragraphs` as it was: lines by regex, spans stripped one character at a time."""

    def strip(start: int, end: int) -> tuple[int, int]:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return start, end

    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]*\n?", text) if m.end() > m.start()]
    indented_style = any(
        i > 0 and text[s : s + 1] in (" ", "\t") and text[s:e].strip()
        for i, (s, e) in enumerate(lines)
    )
    paragraphs: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None
    previous = ""
    for s, e in lines:
        content = text[s:e].strip()
        if not content:
            if current:
                paragraphs.append(current)
            current, previous = None, ""
            continue
        if current is None:
            breaks = True
        elif indented_style:
            breaks = text[s : s + 1] in (" ", "\t")
        else:
            soft_wrap = len(previous) >= SOFT_WRAP_MIN and (
                previous[-1] not in SENTENCE_ENDS + CLOSERS + ":"
            )
            breaks = not soft_wrap
        if breaks:
            if current:
                paragraphs.append(current)
            current = (s, e)
        else:
            assert current is not None
            current = (current[0], e)
        previous = content
    if current:
        paragraphs.append(current)
    return [span for span in (strip(s, e) for s, e in paragraphs) if span[1] > span[0]]


def reference_segment(text: str) -> Segments:
    """`segment` as it was: paragraphs as above, then a boundary search per paragraph."""
    paragraphs = reference_split_paragraphs(text)
    sentences, owner = [], []
    for index, (s, e) in enumerate(paragraphs):
        for sentence in split_sentences(text, s, e):
            sentences.append(sentence)
            owner.append(index)
    starts = tuple(s for s, _ in sentences)
    return Segments(tuple(paragraphs), tuple(sentences), tuple(owner), starts)


def reference_sentence_terms(text: str, tokens: Tokens, segments: object) -> SentenceBags:
    """`sentence_terms` as it was: one Python step per sentence, terms gathered on the way."""
    from tui.engine.sentences import whole_numbers

    starts, words = tokens.starts, whole_numbers(text, tokens)
    sentence_starts = segments.sentence_starts  # type: ignore[attr-defined]
    cuts = [0, *(bisect_left(starts, b) for b in sentence_starts[1:]), len(words)]
    spans, word_ranges, terms = [], [], []
    first, content = 0, []
    for lo, hi in pairwise(cuts):
        content.extend(t for t in map(word_term, words[lo:hi]) if t)
        if len(content) < MIN_TERMS or hi == first:
            continue
        spans.append((starts[first], tokens.ends[hi - 1]))
        word_ranges.append((first, hi))
        terms.append(tuple(content))
        first, content = hi, []
    if first < len(words) and spans:
        spans[-1] = (spans[-1][0], tokens.ends[len(words) - 1])
        word_ranges[-1] = (word_ranges[-1][0], len(words))
        terms[-1] = terms[-1] + tuple(content)
    return tuple(spans), tuple(word_ranges), tuple(terms)


def reference_entries(terms: Sequence[tuple[str, ...]]) -> tuple[object, ...]:
    """`SentenceTerms.entries` as it was: a Counter per sentence, entries appended one by one."""
    vocabulary: dict[str, int] = {}
    for sentence in terms:
        for term in sentence:
            vocabulary.setdefault(term, len(vocabulary))
    rows, columns, counts, sizes = [], [], [], []
    for row, sentence in enumerate(terms):
        bag = Counter(sentence)
        sizes.append(len(bag))
        for term, n in bag.items():
            rows.append(row)
            columns.append(vocabulary[term])
            counts.append(n)
    return (
        tuple(vocabulary),
        np.asarray(rows, dtype=np.int64),
        np.asarray(columns, dtype=np.int64),
        np.asarray(counts, dtype=np.float64),
        np.asarray(sizes, dtype=np.int64),
    )


def assert_same_entries(found: tuple[object, ...], expected: tuple[object, ...]) -> None:
    assert found[0] == expected[0]
    for got, want in zip(found[1:], expected[1:], strict=True):
        assert isinstance(got, np.ndarray) and isinstance(want, np.ndarray)
        assert got.dtype == want.dtype
        assert got.tolist() == want.tolist()


def assert_same_prepared(text: str) -> None:
    tokens, segments = tokenize(text), segment(text)
    assert segments == reference_segment(text)
    bags = sentence_bags(text, tokens, segments, MIN_TERMS)
    assert bags == reference_sentence_terms(text, tokens, segments)
    found = sentence_terms(text, tokens, segments, MIN_TERMS, TermVocabulary())
    assert (found.spans, found.words) == bags[:2]
    assert_same_entries(
        (found.entries.distinct, *found.entries.arrays()), reference_entries(bags[2])
    )


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_sentence_terms_and_entries_equal_the_plain_versions(text: str) -> None:
    assert_same_prepared(text)


@given(st.lists(st.lists(st.sampled_from("abcdef"), max_size=6).map(tuple), max_size=6))
def test_entries_of_any_bags_equal_the_plain_version(terms: list[tuple[str, ...]]) -> None:
    pairs = ((0, 1),) * len(terms)
    found = SentenceTerms.of(pairs, pairs, tuple(terms), TermVocabulary())
    assert_same_entries((found.entries.distinct, *found.entries.arrays()), reference_entries(terms))


_BAGS = st.lists(st.lists(st.sampled_from("abcdef"), max_size=6).map(tuple), max_size=6)


@given(st.lists(_BAGS, max_size=5), st.lists(st.sampled_from("abcdefgh"), max_size=4))
def test_entries_of_several_documents_at_once_are_each_documents_own(
    documents: list[list[tuple[str, ...]]], known: list[str]
) -> None:
    numbers = dict.fromkeys(known, 0)  # terms numbered before (by earlier documents)
    numbers = {term: k for k, term in enumerate(numbers)}
    before = dict(numbers)
    found = sentence_entries(documents, numbers)
    # new terms numbered after the known ones, in order of first appearance
    new = [t for t in dict.fromkeys(t for d in documents for s in d for t in s) if t not in before]
    assert list(numbers) == [*before, *new]
    spelled = list(numbers)
    terms_at = entries_at = sentences_at = 0
    for document, distinct in zip(documents, found.distinct_counts.tolist(), strict=True):
        expected = reference_entries(document)
        size = len(expected[1])
        terms = found.distinct_terms[terms_at : terms_at + distinct].tolist()
        assert tuple(spelled[n] for n in terms) == expected[0]
        got = (
            found.rows[entries_at : entries_at + size],
            found.columns[entries_at : entries_at + size],
            found.counts[entries_at : entries_at + size],
            found.sizes[sentences_at : sentences_at + len(document)],
        )
        assert_same_entries((expected[0], *got), expected)
        terms_at, entries_at, sentences_at = (
            terms_at + distinct,
            entries_at + size,
            sentences_at + len(document),
        )
    assert (terms_at, entries_at, sentences_at) == (
        len(found.distinct_terms),
        len(found.rows),
        len(found.sizes),
    )


@pytest.mark.skipif(not REUTERS.exists(), reason=f"benchmark corpus {REUTERS} is absent")
def test_reuters_articles_prepare_as_before() -> None:
    for document in islice(load_corpus([REUTERS]).documents, 1500):
        assert_same_prepared(document.text)
