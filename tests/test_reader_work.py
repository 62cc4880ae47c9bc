"""The reader for real work, by keys under `App.run_test`: filters, the Copies view, the list's
width, labelled counters and the loading screen's counts.

On the dated seeds (tests/conftest.py): Al Jazeera ran the Carter quote a day before the Irish
Times. Every test waits for the scan worker rather than sleeping.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Footer, Input, Label, Static

from tests.test_reader import (
    SMALL,
    WIDE,
    big_corpus,
    list_lines,
    make_app,
    reading,
    sentence_text,
    synchronously,
)
from tui.index.filters import Filters
from tui.reader.layout import list_width
from tui.reader.screens.clusters import ClustersScreen
from tui.reader.screens.copies import CopiesScreen
from tui.reader.screens.help import HelpScreen
from tui.reader.screens.loading import LoadingScreen
from tui.reader.screens.matrix import MatrixScreen
from tui.reader.screens.reader import ReaderScreen
from tui.reader.widgets.article_list import ArticleList
from tui.reader.widgets.filter_bar import FilterBar
from tui.reader.widgets.status_line import StatusLine

AL_JAZEERA = "000_7286a1352e34bfc5"
IRISH_TIMES = "002_4e7ccc9cad03257e"
CARTER_HERE = "Carter later said of the strikes"
CARTER_THERE = "Mr Carter said of the strikes"


def status(reader: ReaderScreen) -> str:
    return str(reader.query_one(StatusLine).render())


# filters -------------------------------------------------------------------------------------
@pytest.mark.parametrize("size", [WIDE, SMALL], ids=["160x48", "80x24"])
@synchronously
async def test_filter_bar_narrows_the_list_and_the_echoes_and_says_so(
    dated_seeds: Path, size: tuple[int, int]
) -> None:
    async with reading(make_app([dated_seeds]), size) as (pilot, reader):
        await pilot.press("f")
        bar = reader.query_one(FilterBar)
        assert bar.is_open
        await pilot.press(*"al j, iri", "tab", *"2015-09-01", "enter")
        assert not bar.is_open
        assert reader.index.filters == Filters(
            sources=("Al Jazeera", "Irish Times"), date_from="2015-09-01"
        )
        assert reader.query_one(ArticleList).doc_ids == [AL_JAZEERA, IRISH_TIMES]
        assert "article 1/2" in status(reader)
        assert "filter: Al Jazeera, Irish Times · 2015-09-01–…" in status(reader)
        await pilot.press("n")
        assert sentence_text(reader).startswith(CARTER_HERE)
        assert [e.there.doc for e in reader.echoes] == [IRISH_TIMES]
        # cross-outlet with a similarity no echo reaches: the echo goes
        await pilot.press("f", "tab", "tab", "tab", *"99", "enter")
        assert reader.index.filters.min_similarity == 99
        assert reader.echoes == []


@pytest.mark.parametrize("size", [WIDE, SMALL], ids=["160x48", "80x24"])
@synchronously
async def test_the_filter_bar_is_whole_above_the_footer(
    dated_seeds: Path, size: tuple[int, int]
) -> None:
    async with reading(make_app([dated_seeds]), size) as (pilot, reader):
        await pilot.press("f")
        bar = reader.query_one(FilterBar)
        message = bar.query_one("#filter-message", Static)
        footer = reader.query_one(Footer)
        assert message.region.height == 1 and "enter: apply" in str(message.render())
        assert bar.region.bottom <= footer.region.y, "the last row hidden under the footer"
        panes = reader.query_one("#panes")
        assert panes.region.bottom <= bar.region.y, "the panes make room for the bar"


@synchronously
async def test_a_value_that_cannot_be_used_is_named_and_nothing_changes(
    dated_seeds: Path,
) -> None:
    async with reading(make_app([dated_seeds]), SMALL) as (pilot, reader):
        await pilot.press("f", *"BBC", "enter")
        bar = reader.query_one(FilterBar)
        assert bar.is_open, "the bar stays for the user to fix the value"
        message = str(bar.query_one("#filter-message", Static).render())
        assert "no source named 'BBC'" in message
        await pilot.press("escape")
        assert not bar.is_open and not reader.index.filters.active
        assert len(reader.query_one(ArticleList).doc_ids) == 5
        assert reader.focused is reader.article


@synchronously
async def test_the_clusters_view_and_the_matrix_show_the_filtered_corpus(
    dated_seeds: Path,
) -> None:
    app = make_app([dated_seeds])
    async with reading(app, WIDE) as (pilot, _reader):
        await pilot.press("f", *"al j, irish", "enter", "c")
        clusters = app.screen
        assert isinstance(clusters, ClustersScreen)
        shown = {p.doc for c in clusters.index.clusters_by_spread() for p in c.passages}
        assert shown == {AL_JAZEERA, IRISH_TIMES}
        assert "4 reused passages" in str(clusters.query_one("#clusters-header", Static).render())
        await pilot.press("escape", "m")
        matrix = app.screen
        assert isinstance(matrix, MatrixScreen)
        assert [d.id for d in matrix.articles] == [AL_JAZEERA, IRISH_TIMES]


@synchronously
async def test_right_arrow_completes_the_last_source(dated_seeds: Path) -> None:
    async with reading(make_app([dated_seeds]), SMALL) as (pilot, reader):
        await pilot.press("f", *"al j, iri")
        field = reader.query_one("#filter-sources", Input)
        for _ in range(100):  # the suggestion arrives from a worker: wait for it
            if field._suggestion:
                break
            await pilot.pause(0.01)
        await pilot.press("right")
        assert field.value == "al j, Irish Times"


@synchronously
async def test_filters_that_match_nothing_leave_a_usable_reader(dated_seeds: Path) -> None:
    async with reading(make_app([dated_seeds]), SMALL) as (pilot, reader):
        await pilot.press("f", "tab", *"2020", "enter")
        assert reader.index.documents == ()
        assert "No article matches the filters" in status(reader)
        await pilot.press("j", "n", "J", "space", "v", "y", "e", "backspace", "c")
        assert isinstance(pilot.app.screen, ClustersScreen)
        await pilot.press("escape", "f", "ctrl+r", "enter")
        assert len(reader.index.documents) == 5 and reader.doc_id == AL_JAZEERA


@synchronously
async def test_filters_are_remembered_for_the_corpus(dated_seeds: Path) -> None:
    async with reading(make_app([dated_seeds], remember=True), SMALL) as (pilot, reader):
        await pilot.press("f", *"irish", "enter")
        assert reader.query_one(ArticleList).doc_ids == [IRISH_TIMES]
    async with reading(make_app([dated_seeds], remember=True), SMALL) as (pilot, reader):
        assert reader.index.filters.sources == ("Irish Times",)
        assert reader.doc_id == IRISH_TIMES
        assert "filter: Irish Times" in status(reader)
    # another corpus starts unfiltered
    async with reading(make_app(remember=True), SMALL) as (pilot, reader):
        assert not reader.index.filters.active


# the Copies view -----------------------------------------------------------------------------
@pytest.mark.parametrize("size", [WIDE, SMALL], ids=["160x48", "80x24"])
@synchronously
async def test_copies_view_steps_through_copies_and_opens_one(
    dated_seeds: Path, size: tuple[int, int]
) -> None:
    app = make_app([dated_seeds])
    async with reading(app, size) as (pilot, reader):
        await pilot.press("n")
        before = reader.article.cursor
        await pilot.press("v")
        copies = app.screen
        assert isinstance(copies, CopiesScreen)
        header = str(copies.query_one("#copies-header", Static).render())
        assert "First seen: Al Jazeera, 2015-09-30" in header
        assert "Irish Times, 2015-10-01 (+1 day)" in header
        assert "Likely direction: from Al Jazeera to the later copies." in header
        assert "≠ 2 changes to quotes, figures or names" in header
        second = str(copies.view.get_option_at_index(1).prompt)
        assert "does appear ≠that they were" in second and "‹−later›" in second
        assert copies.current() is copies.copies[0]
        await pilot.press("j")
        assert copies.current() is copies.copies[1]
        await pilot.press("k", "j", "enter")
        assert app.screen is reader
        assert reader.doc_id == IRISH_TIMES
        assert sentence_text(reader).startswith(CARTER_THERE)
        await pilot.press("backspace")
        assert reader.doc_id == AL_JAZEERA and reader.article.cursor == before


@synchronously
async def test_backspace_leaves_the_copies_view_where_it_was(dated_seeds: Path) -> None:
    app = make_app([dated_seeds])
    async with reading(app, SMALL) as (pilot, reader):
        await pilot.press("n", "v")
        assert isinstance(app.screen, CopiesScreen)
        await pilot.press("j", "backspace")
        assert app.screen is reader and reader.doc_id == AL_JAZEERA
        await pilot.press("v", "q")
        assert app.screen is reader, "q backs out of the view, it does not quit"
        await pilot.press("g", "v")
        assert app.screen is reader, "not on a reused passage: nothing to show"
        assert any("no copies to show" in n.message for n in app._notifications)


@synchronously
async def test_copies_view_from_the_clusters_view_opens_in_the_reader(dated_seeds: Path) -> None:
    app = make_app([dated_seeds])
    async with reading(app, SMALL) as (pilot, reader):
        await pilot.press("c", "v")
        assert isinstance(app.screen, CopiesScreen)
        await pilot.press("j", "enter")
        assert app.screen is reader
        assert reader.doc_id == IRISH_TIMES and sentence_text(reader).startswith(CARTER_THERE)


# layout and counters -------------------------------------------------------------------------
@pytest.mark.parametrize(("terminal", "width"), [(100, 30), (120, 36), (160, 40), (240, 60)])
def test_the_list_widens_with_the_terminal(terminal: int, width: int) -> None:
    assert list_width(terminal) == width


@synchronously
async def test_source_and_date_are_whole_at_120_columns_and_the_list_resizes(
    dated_seeds: Path,
) -> None:
    async with reading(make_app([dated_seeds]), (120, 40)) as (pilot, reader):
        articles = reader.query_one(ArticleList)
        assert articles.outer_size.width == 36
        shown = list_lines(articles)
        for source, date in (("Washington Post", "2015-10-01"), ("Al Jazeera", "2015-09-30")):
            assert any(line.startswith(f"{source} · {date}") for line in shown), shown
        await pilot.press("greater_than_sign", "greater_than_sign")
        assert articles.outer_size.width == 44
        await pilot.press(*["less_than_sign"] * 10)
        assert articles.outer_size.width == 20, "as narrow as it goes"
        assert any("as narrow as it goes" in n.message for n in pilot.app._notifications)


@synchronously
async def test_counters_are_labelled(dated_seeds: Path) -> None:
    async with reading(make_app([dated_seeds]), WIDE) as (pilot, reader):
        assert status(reader).startswith("sentence 1/33 · article 1/5 · 12% reused · no echoes")
        await pilot.press("n")
        assert status(reader).startswith("sentence 9/33 · article 1/5 · 12% reused ◆ 1 echo")
        await pilot.press("J")
        assert "article 2/5" in status(reader)


@synchronously
async def test_help_lists_the_filter_bar_and_copies_view_keys() -> None:
    app = make_app()
    async with reading(app, WIDE) as (pilot, _reader):
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        shown = str(app.screen.query_one(Static).render())
        for binding in (*FilterBar.BINDINGS, *CopiesScreen.BINDINGS):
            assert binding.description in shown  # type: ignore[union-attr]
        assert "Filter bar (f)" in shown and "Copies view (v)" in shown


# progress ------------------------------------------------------------------------------------
@synchronously
async def test_the_loading_screen_counts_what_the_scan_does(tmp_path: Path) -> None:
    app = make_app([big_corpus(tmp_path / "big")], use_cache=False)
    async with app.run_test(size=SMALL) as pilot:
        loading = app.screen
        assert isinstance(loading, LoadingScreen)
        counts = loading.query_one("#counts", Label)
        for _ in range(1000):  # wait for a report with counts, not for a fixed time
            await pilot.pause(0.02)
            if "of 300 documents prepared" in str(counts.render()) or app.screen is not loading:
                break
        assert "of 300 documents prepared" in str(counts.render())
        await pilot.press("escape")
        await app.workers.wait_for_complete()
