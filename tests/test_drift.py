"""Drift: the changes between two copies a fact-checker reads first (quotes, figures, names).

On the real seeds (the Carter quote and the Homs paragraph) and on small texts that pin each
rule: an edit inside shared text is drift, a difference of extent or a long added stretch is
not, and respacing is not a change.
"""

from __future__ import annotations

import pytest

from tui.index.drift import compare, is_figure, is_name, quoted_ranges
from tui.index.indexer import open_corpus
from tui.index.queries import ReuseIndex
from tui.model import Span

CARTER_HERE = "Carter later said of the strikes"


@pytest.fixture(scope="module")
def seeds() -> ReuseIndex:
    return ReuseIndex(open_corpus([], use_cache=False).result)


def cluster_with(index: ReuseIndex, words: str) -> int:
    for cluster in index.clusters_by_spread():
        first = index.earliest(cluster.id)
        if words in index.document(first.doc).text[first.start : first.end]:
            return cluster.id
    raise AssertionError(f"no cluster holds {words!r}")


def changes(text_a: str, text_b: str) -> list[tuple[tuple[str, ...], str, str]]:
    """(kinds, words of a, words of b) of every drift between two whole texts."""
    found = compare(text_a, Span("a", 0, len(text_a)), text_b, Span("b", 0, len(text_b)))
    return [(d.kinds, text_a[d.a[0] : d.a[1]], text_b[d.b[0] : d.b[1]]) for d in found.drift]


def test_words_slipped_into_the_carter_quotation_are_quote_drift(seeds: ReuseIndex) -> None:
    cluster = cluster_with(seeds, CARTER_HERE)
    first, copy = seeds.earliest(cluster), seeds.copies(cluster)[1].span
    text_a, text_b = seeds.document(first.doc).text, seeds.document(copy.doc).text
    found = compare(text_a, first, text_b, copy)
    drifted = [(d.kinds, text_b[d.b[0] : d.b[1]]) for d in found.drift]
    assert drifted == [(("quote",), "that"), (("quote",), "whole")]
    # "Mr" before "Carter" is an addition too, but outside the quotation: not drift
    assert any(text_b[s:e] == "Mr" for s, e in found.only_b)


def test_a_dropped_title_and_name_in_the_homs_paragraph_is_name_drift(seeds: ReuseIndex) -> None:
    cluster = cluster_with(seeds, "The Homs area is important")
    [copy] = [c for c in seeds.copies(cluster) if not c.earliest]
    first = seeds.earliest(cluster)
    [drift] = copy.drift
    assert drift.kind == "name"
    assert seeds.document(first.doc).text[drift.a[0] : drift.a[1]] == "President Bashar al"


def test_a_changed_number_is_figure_drift() -> None:
    a = "The opposition group said 33 civilians were killed as a result of the strikes."
    b = "The opposition group said 36 civilians were killed as a result of the strikes."
    assert changes(a, b) == [(("figure",), "33", "36")]


def test_a_changed_weekday_is_a_figure_and_a_name() -> None:
    a = "The ministry said on Monday that the talks with the delegation had gone well."
    b = "The ministry said on Tuesday that the talks with the delegation had gone well."
    assert changes(a, b) == [(("figure", "name"), "Monday", "Tuesday")]


def test_a_swapped_name_is_name_drift_and_a_sentence_opening_word_is_not_a_name() -> None:
    a = "Officials met in the capital, and minister Badri Safadi told reporters it was useful."
    b = "Officials met in the capital, and minister Ayman Safadi told reporters it was useful."
    assert changes(a, b) == [(("name",), "Badri", "Ayman")]
    a2 = "Officials met in the capital. Armed groups held the road into the old city."
    b2 = "Officials met in the capital. Insurgent groups held the road into the old city."
    assert changes(a2, b2) == [], "a capitalised word opening a sentence is not a name"


def test_a_quotation_opened_before_the_passage_still_counts() -> None:
    text = '"We will not give up the biggest centre in the region," she said.'
    start = text.index("the biggest")
    assert quoted_ranges(text, start, len(text)) == [(0, text.index(",") + 2)]


def test_where_each_copy_was_cut_is_not_drift() -> None:
    a = "In Geneva on Monday, the envoy said 40 people had died in the fighting near the border."
    b = "The envoy said 40 people had died in the fighting near the border, officials added."
    assert changes(a, b) == [], "words past the other copy's first or last word are extent"


def test_a_long_added_stretch_is_added_text_not_drift() -> None:
    a = "The envoy said 40 people had died in the fighting near the border town overnight."
    b = (
        "The envoy said 40 people had died, and Geneva talks with Russia, Iran and Turkey "
        "were set for March, in the fighting near the border town overnight."
    )
    assert changes(a, b) == []


def test_respacing_is_not_a_change() -> None:
    a = "It was providing cover for another coastguard helicopter on a mission at the time."
    b = "It was providing cover for another Coast Guard helicopter on a mission at the time."
    assert changes(a, b) == []


@pytest.mark.parametrize(
    ("word", "figure"),
    [("36", True), ("45km", True), ("dozens", True), ("wednesday", True), ("terkcpqu5l", False)],
)
def test_figures_are_numbers_and_words_for_numbers_and_dates(word: str, figure: bool) -> None:
    assert is_figure(word) is figure


def test_names_are_capitalised_words_inside_a_sentence() -> None:
    text = 'He said. "Kerry met Lavrov," I said.'
    assert not is_name(text, 0, 2)  # "He" opens the text
    assert not is_name(text, 10, 15)  # "Kerry" opens a quoted sentence
    assert is_name(text, 20, 26)  # "Lavrov"
    assert not is_name(text, 29, 30)  # "I"
