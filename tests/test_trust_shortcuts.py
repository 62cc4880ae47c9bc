"""The rules of trust's shortcuts give the answer of the word-by-word loops they replace: the
rare-word test reads a passage's counts in one array operation. Long copies with an edit
every few words have hundreds of shared runs and thousands of words, where the loop cost
most."""

from __future__ import annotations

import dataclasses
from bisect import bisect_left

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.engine.align import trust
from tui.engine.align.evidence import is_name_like
from tui.engine.prepare import PreparedDocument, prepare
from tui.engine.rarity import DocumentRarity
from tui.engine.tokens import STOPWORDS
from tui.model import Document
from tui.params import Params

_VOCABULARY = ["the", "Bank", "said", "rates", "of", "oil", "up", "12", "three", "Shr", "cts"]
_TEXTS = st.lists(st.sampled_from(_VOCABULARY), min_size=1, max_size=40).map(" ".join)


def _prepared(text: str, counts: list[int], documents: int) -> PreparedDocument:
    (document,) = prepare([Document("d", text)], Params())
    words = len(document.tokens)
    rarity = DocumentRarity(
        np.array((counts * words)[:words], dtype=np.int32),
        np.zeros(words, dtype=np.int32),
        documents,
    )
    return dataclasses.replace(document, rarity=rarity)


def _runs(document: PreparedDocument, picks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Character runs over whole words, in the order drawn (runs found sentence by sentence
    may come in any order, and may overlap)."""
    starts, ends = document.tokens.starts, document.tokens.ends
    last = len(starts) - 1
    return [(starts[min(i, last)], ends[min(max(i, i + n), last)]) for i, n in picks if i <= last]


def _words_of(document: PreparedDocument, start: int, end: int) -> range:
    starts = document.tokens.starts
    return range(bisect_left(starts, start), bisect_left(starts, end))


def _holds_rare_word_by_loop(
    document: PreparedDocument, runs: list[tuple[int, int]], params: Params, names: bool
) -> bool:
    """The test as it read before: every shared word, one by one, in the runs' order."""
    rarity = document.rarity
    assert rarity is not None
    limit = rarity.rare_word_limit(params)
    words = document.tokens.words
    for start, end in runs:
        for k in _words_of(document, start, end):
            word = words[k]
            rare = rarity.words[k] <= limit and len(word) > 2 and not word.isdigit()
            if rare and word not in STOPWORDS and (names or not is_name_like(document, k)):
                return True
    return False


_PICKS = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 5)), max_size=12)


@settings(max_examples=1000, deadline=None)
@given(_TEXTS, st.lists(st.integers(1, 30), min_size=1, max_size=7), _PICKS, st.booleans())
def test_rare_word_test_in_one_pass_is_the_word_by_word_loop(
    text: str, counts: list[int], picks: list[tuple[int, int]], names: bool
) -> None:
    params = dataclasses.replace(Params(), rare_word_docs=10, rare_word_share=0.0)
    document = _prepared(text, counts, 100)
    runs = _runs(document, picks)
    expected = _holds_rare_word_by_loop(document, runs, params, names)
    assert trust._holds_rare_word(document, runs, params, names=names) == expected
