"""The rules of trust's shortcuts give the answer of the word-by-word loops they replace: the
rare-word test reads a passage's counts in one array operation, and the figure-slot test
stops counting slots once the answer is known. Long copies with an edit every few words have
hundreds of shared runs, which is where the loops cost most."""

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
from tui.engine.tokens import STOPWORDS, is_figure
from tui.model import Document
from tui.params import Params

_VOCABULARY = ["the", "Bank", "said", "rates", "of", "oil", "up", "12", "three", "Shr", "cts", "vs"]
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


# Tables: figures in most gaps between shared runs.
_TABLES = st.lists(
    st.sampled_from(["Shr", "12", "cts", "vs", "three", "40"]), min_size=1, max_size=40
)
_TABLE_TEXTS = _TABLES.map(" ".join)

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


def _figure_slots_dense_by_counting(
    a: PreparedDocument,
    b: PreparedDocument,
    runs_a: list[tuple[int, int]],
    runs_b: list[tuple[int, int]],
    params: Params,
) -> bool:
    """The test as it read before: every gap counted, then both tests, then the figures."""

    def holds(document: PreparedDocument, start: int, end: int) -> bool:
        return any(is_figure(document.tokens.words[k]) for k in _words_of(document, start, end))

    slots = sum(
        holds(a, runs_a[k][1], runs_a[k + 1][0]) and holds(b, runs_b[k][1], runs_b[k + 1][0])
        for k in range(len(runs_a) - 1)
    )
    if slots < params.template_slot_figures:
        return False
    shared_words = sum(len(_words_of(a, start, end)) for start, end in runs_a)
    if shared_words > params.template_slot_words * slots:
        return False
    figures_a = trust._whole_figures(a, runs_a[0][0], runs_a[-1][1])
    figures_b = trust._whole_figures(b, runs_b[0][0], runs_b[-1][1])
    same = sum((figures_a & figures_b).values())
    return 2 * same < max(figures_a.total(), figures_b.total())


@settings(max_examples=1000, deadline=None)
@given(_TABLE_TEXTS, _TABLE_TEXTS, st.booleans(), _PICKS, st.integers(1, 4), st.integers(1, 12))
def test_figure_slots_counted_until_known_give_the_full_count(
    text_a: str,
    text_b: str,
    same_text: bool,
    picks: list[tuple[int, int]],
    needed: int,
    per_slot: int,
) -> None:
    text_b = text_a if same_text else text_b
    params = dataclasses.replace(
        Params(), template_slot_figures=needed, template_slot_words=per_slot
    )
    a, b = _prepared(text_a, [50], 100), _prepared(text_b, [50], 100)
    runs_a = sorted(_runs(a, picks))
    runs_b = sorted(_runs(b, picks))[: len(runs_a)]
    if len(runs_b) < len(runs_a):
        return
    expected = _figure_slots_dense_by_counting(a, b, runs_a, runs_b, params)
    assert trust._figure_slots_dense(a, b, runs_a, runs_b, params) == expected


@given(_TEXTS, st.integers(0, 400), st.integers(0, 400))
def test_figure_in_a_gap_by_the_figures_index_is_a_look_at_each_word(
    text: str, start: int, end: int
) -> None:
    document = _prepared(text, [1], 1)
    words = _words_of(document, start, end)
    expected = any(is_figure(document.tokens.words[k]) for k in words)
    assert trust._holds_figure(document, start, end) == expected


def test_two_slots_in_two_gaps_are_found_when_every_gap_counts() -> None:
    # "Shr [40] cts vs [17] cts" against "Shr [22] cts vs [31] cts": two gaps, both slots,
    # exactly the two the threshold asks for.
    params = dataclasses.replace(Params(), template_slot_figures=2, template_slot_words=25)
    a, b = (
        _prepared("Shr 40 cts vs 17 cts", [50], 100),
        _prepared("Shr 22 cts vs 31 cts", [50], 100),
    )
    runs_a = _runs(a, [(0, 0), (2, 1), (5, 0)])
    runs_b = _runs(b, [(0, 0), (2, 1), (5, 0)])
    assert _figure_slots_dense_by_counting(a, b, runs_a, runs_b, params)
    assert trust._figure_slots_dense(a, b, runs_a, runs_b, params)
