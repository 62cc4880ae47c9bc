"""The Clusters overview and the Matrix view, driven by keyboard on the real seeds.

Each screen is pushed inside a tiny host app, as the reader pushes it; what it dismisses with is
the place the reader will open, so that is what most tests check.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence

import pytest
from rich.text import Text
from textual.app import App
from textual.coordinate import Coordinate
from textual.geometry import Region
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Static

from tui.index.indexer import open_corpus
from tui.index.queries import ReuseIndex
from tui.model import Document, Span
from tui.reader.screens.clusters import ClustersScreen
from tui.reader.screens.matrix import (
    MatrixScreen,
    ReuseMatrix,
    articles_for_matrix,
    first_shared_passage,
    percent,
    shade,
)
from tui.runners.local import scan

CARTER = "Carter later said of the strikes"
View = Screen[Span | None]


class ViewHost(App[None]):
    """Pushes one view the way the reader does and records what it dismisses with."""

    def __init__(self, view: View) -> None:
        super().__init__()
        self.view = view
        self.dismissed: list[Span | None] = []

    def on_mount(self) -> None:
        self.push_screen(self.view, callback=self.dismissed.append)


Check = Callable[[ViewHost, Pilot[None]], Awaitable[None]]


def drive(
    view: View,
    keys: Sequence[str] = (),
    check: Check | None = None,
    size: tuple[int, int] = (80, 24),
) -> ViewHost:
    """Press `keys` on `view` inside a host app at `size`, then run `check` while it is live."""
    host = ViewHost(view)

    async def scenario() -> None:
        async with host.run_test(size=size) as pilot:
            await pilot.pause()
            await pilot.press(*keys)
            await pilot.pause()
            if check is not None:
                await check(host, pilot)

    asyncio.run(scenario())
    return host


def shown(widget: Widget) -> str:
    """The text `widget` paints on screen right now, line by line."""
    width, height = widget.size
    return "\n".join(strip.text for strip in widget.render_lines(Region(0, 0, width, height)))


@pytest.fixture(scope="module")
def seeds() -> ReuseIndex:
    return ReuseIndex(open_corpus([], use_cache=False).result)


def carter_cluster(index: ReuseIndex) -> int:
    """The id of the cluster holding the Carter quote in its earliest copy."""
    for cluster in index.clusters_by_spread():
        source = index.earliest(cluster.id)
        if CARTER in index.document(source.doc).text[source.start : source.end]:
            return cluster.id
    raise AssertionError("the seeds lost the Carter quote")


HOSTILE_PASSAGE = (
    "The minister said on Tuesday that the [bold]emergency[/bold] budget would be "
    "\x1b[31mfrozen\x1b[0m until the autumn, because revenue from the harbour tolls had fallen "
    "for the third year in a row and the council could not borrow more money without the "
    "approval of the regional parliament, which meets again in October."
)
HOSTILE_TITLE = "[red]Harbour[/red] news \x1b]0;pwned\x07"


@pytest.fixture(scope="module")
def hostile() -> ReuseIndex:
    """Two articles sharing a passage full of markup and escape bytes, scanned for real; the
    second is almost all copy, so its matrix cell is the strongest shade."""
    first = Document(
        "harbour",
        f"{HOSTILE_TITLE}\n\nA long introduction about the fishing fleet and its troubles this "
        f"winter.\n\n{HOSTILE_PASSAGE}\n\nOther matters followed in the evening session.",
        title=HOSTILE_TITLE,
    )
    second = Document(
        "budget", f"Budget freeze\n\n{HOSTILE_PASSAGE}\n\nEnd.", title="Budget freeze"
    )
    result = scan([first, second])
    assert len(result.clusters) == 1, (
        "the shared passage must be found for these tests to mean anything"
    )
    return ReuseIndex(result)


# Clusters overview ---------------------------------------------------------------------------


def test_clusters_lists_every_cluster_most_widespread_first(seeds: ReuseIndex) -> None:
    async def check(host: ViewHost, pilot: Pilot[None]) -> None:
        table = host.view.query_one(DataTable)
        keys = [row.value for row in table.rows]
        assert keys == [str(c.id) for c in seeds.clusters_by_spread()]
        spreads = [len(c.documents) for c in seeds.clusters_by_spread()]
        assert spreads == sorted(spreads, reverse=True)
        assert "sorted by spread" in str(host.view.query_one("#clusters-header", Static).render())

    drive(ClustersScreen(seeds), check=check)


def test_carter_cluster_row_names_its_source_and_both_articles(seeds: ReuseIndex) -> None:
    carter = carter_cluster(seeds)
    articles = seeds.cluster(carter).documents
    assert len(articles) == 2

    async def check(host: ViewHost, pilot: Pilot[None]) -> None:
        table = host.view.query_one(DataTable)
        while table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value != str(carter):
            await pilot.press("j")
        row = shown(table).splitlines()[table.cursor_row + 1]  # +1: the header line
        assert "Carter later said" in row
        assert "edited" in row
        source_title = seeds.document(seeds.earliest(carter).doc).title
        assert source_title[:20] in row
        detail = shown(host.view.query_one("#clusters-detail", Static))
        for doc_id in articles:
            assert seeds.document(doc_id).title[:40] in " ".join(detail.split())
        # the seeds are undated: no copy is called the source
        assert "likely source" not in detail and "★" not in detail

    drive(ClustersScreen(seeds), check=check)


@pytest.mark.parametrize(
    ("keys", "row"),
    [
        ((), 0),
        (("j",), 1),
        (("j", "j", "k"), 1),
        (("down", "down"), 2),
        (("G",), -1),
        (("G", "g"), 0),
    ],
)
def test_enter_opens_the_earliest_copy_of_the_cluster_under_the_cursor(
    seeds: ReuseIndex, keys: tuple[str, ...], row: int
) -> None:
    host = drive(ClustersScreen(seeds), keys=(*keys, "enter"))
    expected = seeds.clusters_by_spread()[row]
    assert host.dismissed == [seeds.earliest(expected.id)]


@pytest.mark.parametrize("key", ["q", "escape"])
def test_clusters_back_out_with_nothing_to_open(seeds: ReuseIndex, key: str) -> None:
    host = drive(ClustersScreen(seeds), keys=("j", key))
    assert host.dismissed == [None]


def test_sort_cycles_and_keeps_the_cluster_under_the_cursor(seeds: ReuseIndex) -> None:
    async def check(host: ViewHost, pilot: Pilot[None]) -> None:
        table = host.view.query_one(DataTable)
        header = host.view.query_one("#clusters-header", Static)
        await pilot.press("j")
        chosen = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        await pilot.press("s")
        assert "sorted by similarity" in str(header.render())
        order = [seeds.cluster(int(str(key.value))).similarity for key in table.rows]
        assert order == sorted(order, reverse=True)
        assert table.coordinate_to_cell_key(table.cursor_coordinate).row_key == chosen
        await pilot.press("s")
        assert "sorted by size" in str(header.render())
        sizes = [seeds.earliest(int(str(key.value))).length for key in table.rows]
        assert sizes == sorted(sizes, reverse=True)
        await pilot.press("s")
        assert "sorted by drift" in str(header.render())
        drift = [seeds.drift_count(int(str(key.value))) for key in table.rows]
        assert drift == sorted(drift, reverse=True) and drift[0] > 0
        assert table.coordinate_to_cell_key(table.cursor_coordinate).row_key == chosen
        await pilot.press("s")
        assert "sorted by spread" in str(header.render())
        await pilot.press("enter")

    host = drive(ClustersScreen(seeds), check=check)
    assert host.dismissed == [seeds.earliest(seeds.clusters_by_spread()[1].id)]


def test_markup_and_escape_bytes_in_a_passage_are_shown_literally(hostile: ReuseIndex) -> None:
    async def check(host: ViewHost, pilot: Pilot[None]) -> None:
        table = host.view.query_one(DataTable)
        cell = table.get_cell_at(Coordinate(0, table.get_column_index("passage")))
        assert isinstance(cell, Text)
        assert "[bold]emergency[/bold]" in cell.plain
        assert "\x1b" not in cell.plain and cell.plain.endswith("␛[…")  # cut at 80 characters
        painted = shown(table) + shown(host.view.query_one("#clusters-detail", Static))
        assert "[bold]emergency[/bold]" in painted
        assert "␛[31mfrozen␛[0m" in painted
        assert "[red]Harbour[/red]" in painted
        assert "\x1b" not in painted and "\x07" not in painted

    drive(ClustersScreen(hostile), check=check, size=(160, 48))


def test_keymap_overrides_a_clusters_binding_by_id(seeds: ReuseIndex) -> None:
    async def check(host: ViewHost, pilot: Pilot[None]) -> None:
        host.set_keymap({"clusters.down": "x"})
        await pilot.press("x", "enter")

    host = drive(ClustersScreen(seeds), check=check)
    assert host.dismissed == [seeds.earliest(seeds.clusters_by_spread()[1].id)]


@pytest.mark.parametrize("screen", [ClustersScreen, MatrixScreen])
def test_every_binding_has_an_id_in_the_screens_namespace(screen: type[View]) -> None:
    prefix = "clusters." if screen is ClustersScreen else "matrix."
    ids = [binding.id for binding in screen.BINDINGS if not isinstance(binding, tuple)]
    assert len(ids) == len(screen.BINDINGS)
    assert all(i is not None and i.startswith(prefix) for i in ids)
    assert len(set(ids)) == len(ids)


def test_a_corpus_without_reuse_says_so_and_enter_does_nothing() -> None:
    lonely = ReuseIndex(scan([Document("only", "Nothing here is reused anywhere at all.")]))

    async def check(host: ViewHost, pilot: Pilot[None]) -> None:
        assert "no reused passages" in str(host.view.query_one("#clusters-header", Static).render())
        await pilot.press("enter", "j", "G", "s")
        assert host.dismissed == []
        await pilot.press("q")

    host = drive(ClustersScreen(lonely), check=check)
    assert host.dismissed == [None]


# Matrix view --------------------------------------------------------------------------------


def test_matrix_cells_show_each_articles_share_as_a_percentage(seeds: ReuseIndex) -> None:
    ids = [d.id for d in seeds.documents]
    shares = seeds.matrix(ids)

    async def check(host: ViewHost, pilot: Pilot[None]) -> None:
        table = host.view.query_one(ReuseMatrix)
        assert (table.row_count, len(table.columns)) == (len(ids), len(ids))
        for i in range(len(ids)):
            for j in range(len(ids)):
                assert table.get_cell_at(Coordinate(i, j)).plain == percent(shares[i][j])
        painted = shown(table)
        assert painted.splitlines()[0].split() == [str(n) for n in range(1, len(ids) + 1)]
        assert " 1 " + seeds.documents[0].title[:10] in painted

    # The two articles carrying the Carter quote share text both ways.
    carter = seeds.cluster(carter_cluster(seeds)).documents
    a, b = (ids.index(doc) for doc in carter)
    assert shares[a][b] > 0 and shares[b][a] > 0
    drive(MatrixScreen(seeds), check=check)


def test_enter_on_a_cell_opens_the_row_articles_first_shared_passage(seeds: ReuseIndex) -> None:
    ids = [d.id for d in seeds.documents]
    row, column = (ids.index(doc) for doc in seeds.cluster(carter_cluster(seeds)).documents)
    keys = ["j"] * row + ["l"] * column + ["enter"]
    host = drive(MatrixScreen(seeds), keys=keys)
    [opened] = host.dismissed
    assert opened is not None and opened.doc == ids[row]
    assert opened == first_shared_passage(seeds, ids[row], ids[column])
    # it is a passage the column article carries too, and the earliest such in the row article
    shared = [
        span
        for span, cluster in seeds.passages_in(ids[row])
        if any(p.doc == ids[column] for p in seeds.cluster(cluster).passages)
    ]
    assert opened == min(shared)


def test_enter_on_articles_that_share_nothing_opens_nothing(seeds: ReuseIndex) -> None:
    ids = [d.id for d in seeds.documents]
    shares = seeds.matrix(ids)
    row = next(i for i, line in enumerate(shares) if not any(line))
    host = drive(MatrixScreen(seeds), keys=[*["j"] * row, "enter"])
    assert host.dismissed == [None]
    assert first_shared_passage(seeds, ids[row], ids[0]) is None


@pytest.mark.parametrize("key", ["q", "escape"])
def test_matrix_back_out_with_nothing_to_open(seeds: ReuseIndex, key: str) -> None:
    assert drive(MatrixScreen(seeds), keys=("l", key)).dismissed == [None]


def test_legend_names_the_articles_under_the_cursor(seeds: ReuseIndex) -> None:
    async def check(host: ViewHost, pilot: Pilot[None]) -> None:
        legend = host.view.query_one("#matrix-legend", Static)
        await pilot.press("j", "l", "l")
        painted = shown(legend)
        assert "row  2 " + seeds.documents[1].title[:30] in painted
        assert "col  3 " + seeds.documents[2].title[:30] in painted
        await pilot.press("G", "h", "h", "h", "h", "h", "h")
        assert "row  5" in shown(legend) and "col  1" in shown(legend)

    drive(MatrixScreen(seeds), check=check)


def test_large_corpora_show_the_most_reused_articles_beside_their_partners(
    seeds: ReuseIndex,
) -> None:
    shares = {d.id: seeds.reuse_share(d.id) for d in seeds.documents}
    assert len(articles_for_matrix(seeds, limit=5)) == 5  # a corpus within the limit: all
    assert len(articles_for_matrix(seeds, limit=4)) == 4
    # With room for three, the two top articles share text with each other; the third by
    # reuse share would come without its partner, so it is passed over.
    chosen = [d.id for d in articles_for_matrix(seeds, limit=3)]
    assert chosen[0] == max(shares, key=lambda doc: shares[doc])
    assert all(shares[doc] > 0 for doc in chosen)

    async def check(host: ViewHost, pilot: Pilot[None]) -> None:
        table = host.view.query_one(ReuseMatrix)
        assert table.row_count == len(chosen) >= 2
        # every row shares text with some other article shown: nobody's partner is missing
        for row in range(table.row_count):
            cells = [table.get_cell_at(Coordinate(row, c)).plain for c in range(table.row_count)]
            assert any(cell != "·" for column, cell in enumerate(cells) if column != row)
        header = " ".join(shown(host.view.query_one("#matrix-header", Static)).split())
        assert f"Showing {len(chosen)} of 5 articles: those with the most reused text" in header
        assert "each followed by articles it shares text with" in header

    drive(MatrixScreen(seeds, limit=3), check=check)


@pytest.mark.parametrize(
    ("share", "expected_shade", "expected_text"),
    [
        (0.0, "none", "·"),
        (0.004, "low", "<1%"),
        (0.07, "mid", "7%"),
        (0.2, "high", "20%"),
        (0.94, "top", "94%"),
        (1.0, "top", "100%"),
    ],
)
def test_shades_grow_with_the_share_and_digits_are_always_written(
    share: float, expected_shade: str, expected_text: str
) -> None:
    assert shade(share) == expected_shade
    assert percent(share) == expected_text


def test_strongest_cells_are_bold_and_reversed_so_they_survive_no_color(
    hostile: ReuseIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")

    async def check(host: ViewHost, pilot: Pilot[None]) -> None:
        assert host.no_color
        table = host.view.query_one(ReuseMatrix)
        strongest = table.get_cell_at(Coordinate(1, 0))  # the almost-all-copy article
        assert strongest.plain.endswith("%") and shade(0.9) == "top"
        assert strongest.style.bold and strongest.style.reverse  # type: ignore[union-attr]
        weakest = table.get_cell_at(Coordinate(0, 0))
        assert weakest.plain == "·"
        assert not weakest.style.bold  # type: ignore[union-attr]

    drive(MatrixScreen(hostile), check=check)


def test_matrix_titles_with_markup_and_escapes_are_shown_literally(hostile: ReuseIndex) -> None:
    async def check(host: ViewHost, pilot: Pilot[None]) -> None:
        painted = shown(host.view.query_one(ReuseMatrix))
        painted += shown(host.view.query_one("#matrix-legend", Static))
        assert "[red]Harbour[/red]" in painted
        assert "\x1b" not in painted and "\x07" not in painted and "␛]0;pwned␇" in painted

    drive(MatrixScreen(hostile), check=check, size=(160, 48))


def test_theme_change_restyles_the_cells(seeds: ReuseIndex) -> None:
    async def check(host: ViewHost, pilot: Pilot[None]) -> None:
        table = host.view.query_one(ReuseMatrix)
        ids = [d.id for d in seeds.documents]
        shares = seeds.matrix(ids)
        i, j = next(
            (i, j) for i, r in enumerate(shares) for j, s in enumerate(r) if shade(s) == "mid"
        )
        before = table.get_cell_at(Coordinate(i, j)).style
        host.theme = "textual-light"
        await pilot.pause()
        await pilot.pause()
        after = table.get_cell_at(Coordinate(i, j)).style
        assert after != before

    drive(MatrixScreen(seeds), check=check)


@pytest.mark.parametrize("screen", [ClustersScreen, MatrixScreen])
@pytest.mark.parametrize("size", [(40, 10), (80, 24), (160, 48)])
def test_views_work_in_small_and_large_terminals(
    seeds: ReuseIndex, screen: Callable[[ReuseIndex], View], size: tuple[int, int]
) -> None:
    async def check(host: ViewHost, pilot: Pilot[None]) -> None:
        table = host.view.query_one(DataTable)
        assert table.has_focus
        assert table.size.height >= 3  # at least a header and a couple of rows stay visible
        await pilot.press("G", "enter")

    host = drive(screen(seeds), check=check, size=size)
    assert len(host.dismissed) == 1


def test_clicking_a_highlighted_row_or_cell_opens_it_like_enter(seeds: ReuseIndex) -> None:
    async def click_twice(host: ViewHost, pilot: Pilot[None]) -> None:
        table = host.view.query_one(DataTable)
        # row 2 (under the header); in the matrix, column 1 (after the row labels)
        offset = (33, 3) if isinstance(table, ReuseMatrix) else (2, 3)
        await pilot.click(table, offset=offset)  # the first click moves the cursor there
        assert host.dismissed == []
        await pilot.click(table, offset=offset)

    clusters = drive(ClustersScreen(seeds), check=click_twice)
    assert clusters.dismissed == [seeds.earliest(seeds.clusters_by_spread()[2].id)]
    ids = [d.id for d in seeds.documents]
    matrix = drive(MatrixScreen(seeds), check=click_twice)
    assert matrix.dismissed[0] is not None
    assert matrix.dismissed == [first_shared_passage(seeds, ids[2], ids[0])]
