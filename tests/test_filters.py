"""Filters narrow the corpus and its reuse; the filtered view answers like the whole one.

Run on the dated seeds (outlets and dates in tests/conftest.py) scanned for real; filters are
remembered per corpus in the state folder.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.index.filters import FilterError, Filters, filter_result
from tui.index.indexer import open_corpus
from tui.index.queries import ReuseIndex
from tui.model import Document, Related, ScanResult, Span
from tui.reader.state import filters_file, load_filters, save_filters
from tui.reader.widgets.filter_bar import describe_filters, match_sources

AL_JAZEERA = "000_7286a1352e34bfc5"
IRISH_TIMES = "002_4e7ccc9cad03257e"


@pytest.fixture
def dated(dated_seeds: Path) -> ReuseIndex:
    return ReuseIndex(open_corpus([dated_seeds], use_cache=False).result)


def test_no_filter_is_the_whole_corpus(dated: ReuseIndex) -> None:
    assert not Filters().active
    assert dated.filtered(Filters()) is dated


def test_sources_keep_only_their_articles_and_the_reuse_between_them(dated: ReuseIndex) -> None:
    view = dated.filtered(Filters(sources=("Al Jazeera", "Irish Times")))
    assert {d.id for d in view.documents} == {AL_JAZEERA, IRISH_TIMES}
    assert view.clusters_by_spread(), "the Carter quote and two more clusters join them"
    for cluster in view.clusters_by_spread():
        assert {p.doc for p in cluster.passages} <= {AL_JAZEERA, IRISH_TIMES}
    assert view.unfiltered is dated and view.filters.sources == ("Al Jazeera", "Irish Times")
    # the full index is untouched
    assert len(dated.documents) == 5


def test_a_date_range_keeps_dated_articles_inside_it(dated: ReuseIndex) -> None:
    october = dated.filtered(Filters(date_from="2015-10"))
    assert AL_JAZEERA not in {d.id for d in october.documents}
    assert len(october.documents) == 4
    first_day = dated.filtered(Filters(date_to="2015-09-30"))
    assert [d.id for d in first_day.documents] == [AL_JAZEERA]
    assert not first_day.clusters_by_spread(), "alone, Al Jazeera only repeats nothing"
    undated = Document("u", "No date here.")
    result = ScanResult((undated,), (), (), ())
    assert filter_result(result, Filters(date_from="2015")).documents == ()


def test_kinds_similarity_and_cross_outlet_narrow_the_clusters(dated: ReuseIndex) -> None:
    everything = dated.clusters_by_spread()
    verbatim = dated.filtered(Filters(kinds=("verbatim",))).clusters_by_spread()
    assert verbatim and all(c.kind == "verbatim" for c in verbatim)
    strong = dated.filtered(Filters(min_similarity=94)).clusters_by_spread()
    assert strong and all(c.similarity >= 94 for c in strong)
    assert len(strong) < len(everything)
    cross = dated.filtered(Filters(cross_outlet=True)).clusters_by_spread()
    assert cross and len(cross) < len(everything)
    for cluster in cross:
        assert len({dated.document(d).source for d in cluster.documents}) >= 2


def test_the_echoes_pane_sees_only_what_the_filters_keep(dated: ReuseIndex) -> None:
    cluster = next(
        c
        for c in dated.clusters_by_spread()
        if "Carter later said" in dated.document(c.passages[0].doc).text[c.passages[0].start :]
    )
    here = next(p for p in cluster.passages if p.doc == AL_JAZEERA)
    assert dated.echoes(AL_JAZEERA, here.start, here.end)
    high = dated.filtered(Filters(min_similarity=99))
    assert high.echoes(AL_JAZEERA, here.start, here.end) == []


def test_same_fact_links_follow_the_kind_and_outlet_filters() -> None:
    a = Document("a", "x" * 50, source="One")
    b = Document("b", "y" * 50, source="One")
    c = Document("c", "z" * 50, source="Two")
    links = (
        Related(Span("a", 0, 10), Span("b", 0, 10), 1.0, ("36",)),
        Related(Span("a", 0, 10), Span("c", 0, 10), 1.0, ("36",)),
    )
    result = ScanResult((a, b, c), (), (), (), related=links)
    assert filter_result(result, Filters(kinds=("edited",))).related == ()
    assert filter_result(result, Filters(cross_outlet=True)).related == (links[1],)


@pytest.mark.parametrize(
    "bad",
    [
        {"date_from": "yesterday"},
        {"date_from": "2017-03", "date_to": "2017-02"},
        {"kinds": ("pasted",)},
        {"min_similarity": 101.0},
    ],
)
def test_values_that_cannot_be_used_say_why(bad: dict[str, object]) -> None:
    with pytest.raises(FilterError):
        Filters(**bad)  # type: ignore[arg-type]


def test_sources_are_typed_loosely_and_checked() -> None:
    known = ["Al Jazeera", "AP", "Irish Times"]
    assert match_sources("al j, iri", known) == ("Al Jazeera", "Irish Times")
    assert match_sources("AP", known) == ("AP",), "an exact name beats a longer one"
    with pytest.raises(FilterError, match="could be"):
        match_sources("a", known)
    with pytest.raises(FilterError, match="no source named 'BBC'"):
        match_sources("BBC", known)


def test_the_status_line_summary_names_what_is_active() -> None:
    assert describe_filters(Filters()) == ""
    summary = describe_filters(
        Filters(
            sources=("BBC",),
            date_from="2017-02",
            kinds=("edited",),
            min_similarity=80,
            cross_outlet=True,
        )
    )
    assert summary == "filter: BBC · 2017-02–… · edited · ≥80% similar · cross-outlet"


def test_filters_are_remembered_per_corpus_and_a_broken_file_is_ignored() -> None:
    chosen = Filters(sources=("BBC",), date_to="2017-03-01", cross_outlet=True)
    save_filters("corpus one", chosen)
    assert load_filters("corpus one") == chosen
    assert load_filters("corpus two") is None
    filters_file("corpus two").write_text(
        json.dumps({"corpus": "corpus two", "kinds": "everything"}), encoding="utf-8"
    )
    assert load_filters("corpus two") is None
    filters_file("corpus one").write_text("{not json", encoding="utf-8")
    assert load_filters("corpus one") is None
