"""The reader's search results as plain data: where a search starts, how it steps and wraps,
what filters leave of it, and what the status line says."""

from __future__ import annotations

from tui.index.queries import SearchHit
from tui.model import Document, Span
from tui.reader.search_results import SearchResults

ORDER = {"a": 0, "b": 1, "c": 2}


def hits(*places: tuple[str, int]) -> tuple[SearchHit, ...]:
    return tuple(
        SearchHit(Span(doc, start, start + 4), Document(doc, "Homs")) for doc, start in places
    )


def test_a_search_starts_at_the_first_hit_at_or_after_the_cursor() -> None:
    found = hits(("a", 10), ("b", 5), ("b", 50), ("c", 0))
    results = SearchResults.starting_at("Homs", found, (1, 20), ORDER.get)
    assert results.current == found[2]
    assert SearchResults.starting_at("Homs", found, (1, 5), ORDER.get).current == found[1]


def test_past_the_last_hit_a_search_starts_again_at_the_first() -> None:
    found = hits(("a", 10), ("b", 5))
    assert SearchResults.starting_at("Homs", found, (2, 0), ORDER.get).current == found[0]


def test_stepping_wraps_both_ways() -> None:
    results = SearchResults("Homs", hits(("a", 1), ("b", 2), ("c", 3)), 2)
    assert results.step(1).hit == 0
    assert results.step(1).step(-1).hit == 2
    assert SearchResults("x").step(1) == SearchResults("x")


def test_filters_keep_only_hits_in_articles_they_let_through() -> None:
    results = SearchResults("Homs", hits(("a", 1), ("b", 2), ("c", 3)), 2)
    narrowed = results.within(lambda hit: hit.span.doc != "c")
    assert [hit.span.doc for hit in narrowed.hits] == ["a", "b"]
    assert narrowed.current is not None and narrowed.current.span.doc == "b"
    assert results.within(lambda hit: False).current is None


def test_the_status_line_counts_hits_or_says_none_were_found() -> None:
    assert SearchResults().status() == ""
    assert SearchResults("zebra").status() == "“zebra” not found"
    assert SearchResults("Homs", hits(("a", 1), ("b", 2)), 1).status() == "“Homs” 2/2"
