"""The Matrix view: articles × articles, how much of each article's text the other also carries.

Who copies whom, at a glance: a row article whose text is largely found in a column article shows
a strong cell. Percentages are always written out and the strongest cells are bold and reversed,
so the picture survives 16 colours and NO_COLOR. Enter on a cell dismisses with the row article's
first passage shared with the column article (or `None`).
"""

from __future__ import annotations

from collections import Counter
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.theme import Theme
from textual.widgets import DataTable, Footer, Static

from tui.index.queries import ReuseIndex
from tui.model import Document, Span
from tui.reader.screens.clusters import article_title, one_line

MAX_ARTICLES = 40
# Partners drawn beside each top article on a large corpus: enough to see who copies whom,
# few enough that one widely syndicated article does not fill the whole matrix.
PARTNERS_PER_ARTICLE = 3
ROW_TITLE_CHARS = 24

# Shares at or above each bound get the next, stronger shade (see ReuseMatrix's classes).
SHADE_BOUNDS = (0.05, 0.15, 0.40)
SHADES = ("low", "mid", "high", "top")


def shade(share: float) -> str:
    """The shade name of a cell: "none" for nothing shared, then low → top as `share` grows."""
    if share <= 0:
        return "none"
    level = sum(share >= bound for bound in SHADE_BOUNDS)
    return SHADES[level]


def percent(share: float) -> str:
    """A share as the cell shows it: "·" for nothing, "<1%" for a trace, else whole percent."""
    if share <= 0:
        return "·"
    if share < 0.005:
        return "<1%"
    return f"{round(share * 100)}%"


def articles_for_matrix(index: ReuseIndex, limit: int = MAX_ARTICLES) -> list[Document]:
    """The articles to draw. A corpus within `limit` is drawn whole, in corpus order. A larger
    one: the articles with the highest reuse share, each followed by up to three articles it
    shares text with (most shared passages first), while they fit in `limit`. An article whose main
    partner would not fit is passed over: its row would say nothing about who copies whom."""
    documents = index.documents
    if len(documents) <= limit:
        return list(documents)
    order = {d.id: i for i, d in enumerate(documents)}
    shares = {d.id: index.reuse_share(d.id) for d in documents}
    chosen: dict[str, Document] = {}
    for document in sorted(documents, key=lambda d: (-shares[d.id], order[d.id])):
        if len(chosen) >= limit or shares[document.id] <= 0:
            break
        group = [document.id, *partners(index, document.id)[:PARTNERS_PER_ARTICLE]]
        needed = [doc_id for doc_id in group[:2] if doc_id not in chosen]
        if len(chosen) + len(needed) > limit:
            continue
        for doc_id in group:
            if len(chosen) < limit and doc_id not in chosen:
                chosen[doc_id] = index.document(doc_id)
    return list(chosen.values())


def partners(index: ReuseIndex, doc_id: str) -> list[str]:
    """The other articles sharing passages with `doc_id`, most shared passages first."""
    counts: Counter[str] = Counter()
    for _, cluster_id in index.passages_in(doc_id):
        counts.update(d for d in index.cluster(cluster_id).documents if d != doc_id)
    return [doc for doc, _ in counts.most_common()]


def first_shared_passage(index: ReuseIndex, row_doc: str, column_doc: str) -> Span | None:
    """The earliest passage of `row_doc` that `column_doc` also carries (for the diagonal: a
    passage repeated elsewhere in the same article), or None."""
    for span, cluster_id in index.passages_in(row_doc):
        if any(p.doc == column_doc and p != span for p in index.cluster(cluster_id).passages):
            return span
    return None


class ReuseMatrix(DataTable[Text]):
    """The grid itself: a cell table whose shades come from the theme via component classes."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "reuse-matrix--none",
        "reuse-matrix--low",
        "reuse-matrix--mid",
        "reuse-matrix--high",
        "reuse-matrix--top",
    }

    DEFAULT_CSS = """
    ReuseMatrix > .reuse-matrix--none { color: $text-disabled; }
    ReuseMatrix > .reuse-matrix--low { color: $text; }
    ReuseMatrix > .reuse-matrix--mid { color: $text; background: $accent 30%; }
    ReuseMatrix > .reuse-matrix--high { color: $text; background: $accent 60%; text-style: bold; }
    ReuseMatrix > .reuse-matrix--top { color: $accent; text-style: bold reverse; }
    """

    def cell(self, share: float) -> Text:
        style = self.get_component_rich_style(f"reuse-matrix--{shade(share)}")
        return Text(percent(share), style=style, justify="right")


class MatrixScreen(Screen[Span | None]):
    """Articles × articles; cell (i, j) is the share of article i's text also found in j."""

    DEFAULT_CSS = """
    MatrixScreen {
        layout: vertical;
    }
    MatrixScreen #matrix-header {
        height: auto;
        padding: 0 1;
        background: $panel;
        color: $text;
    }
    MatrixScreen #matrix-table {
        height: 1fr;
        min-height: 3;
    }
    MatrixScreen #matrix-legend {
        height: auto;
        max-height: 4;
        padding: 0 1;
        border-top: solid $primary;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "move(1, 0)", "Down", show=False, id="matrix.down"),
        Binding("k", "move(-1, 0)", "Up", show=False, id="matrix.up"),
        Binding("l", "move(0, 1)", "Right", show=False, id="matrix.right"),
        Binding("h", "move(0, -1)", "Left", show=False, id="matrix.left"),
        Binding("g", "first", "Top", show=False, id="matrix.top"),
        Binding("G", "last", "Bottom", show=False, id="matrix.bottom"),
        # priority: the table's own enter binding would otherwise only post a message
        Binding("enter", "open", "Open shared passage", priority=True, id="matrix.open"),
        Binding("q", "close", "Back", id="matrix.back"),
        Binding("escape", "close", "Back", show=False, id="matrix.escape"),
    ]

    def __init__(
        self,
        index: ReuseIndex,
        *,
        limit: int = MAX_ARTICLES,
        cell: tuple[int, int] = (0, 0),
        name: str | None = None,
    ) -> None:
        super().__init__(name=name)
        self.index = index
        self.limit = limit
        self._cursor_cell = cell  # under the cursor when built, and when last opened
        self.articles = articles_for_matrix(index, limit)
        self.shares = index.matrix([d.id for d in self.articles])

    def reopened(self) -> MatrixScreen:
        """This view again with the cursor on the cell a passage was opened from: where `q`
        goes back to from that passage."""
        return MatrixScreen(self.index, limit=self.limit, cell=self._cursor_cell)

    def compose(self) -> ComposeResult:
        yield Static(self._header(), id="matrix-header")
        yield ReuseMatrix(
            cursor_type="cell",
            cursor_background_priority="css",
            cursor_foreground_priority="css",
            id="matrix-table",
        )
        yield Static(id="matrix-legend")
        yield Footer()

    def _header(self) -> Text:
        total = len(self.index.documents)
        if not self.articles:
            return Text("Matrix · no articles in this corpus · q: back")
        line = Text("Matrix · % of the row article's text also found in the column article")
        if len(self.articles) < total:
            line.append(
                f"\nShowing {len(self.articles)} of {total} articles: those with the most reused"
                " text, each followed by articles it shares text with.",
                style="bold",
            )
        return line

    def on_mount(self) -> None:
        table = self.table
        for number in range(1, len(self.articles) + 1):
            table.add_column(Text(str(number), justify="right"), key=str(number), width=4)
        self._fill(Coordinate(*self._cursor_cell))
        table.focus()
        self.app.theme_changed_signal.subscribe(self, self._restyle)

    @property
    def table(self) -> ReuseMatrix:
        return self.query_one("#matrix-table", ReuseMatrix)

    def _fill(self, cursor: Coordinate | None = None) -> None:
        table = self.table
        cursor = cursor or table.cursor_coordinate
        table.clear()
        for number, (document, shares) in enumerate(zip(self.articles, self.shares, strict=True)):
            label = Text(f"{number + 1:>2} {one_line(article_title(document), ROW_TITLE_CHARS)}")
            table.add_row(*(table.cell(share) for share in shares), key=document.id, label=label)
        if self.articles:
            table.move_cursor(row=cursor.row, column=cursor.column, animate=False)
        self._update_legend()

    def _restyle(self, theme: Theme) -> None:
        # Cell styles are resolved from the theme when a row is added: rebuild the rows once the
        # new theme's CSS is in place.
        self.call_after_refresh(self._fill)

    def current_pair(self) -> tuple[Document, Document] | None:
        """The (row, column) articles under the cursor, or None for an empty corpus."""
        if not self.articles:
            return None
        cursor = self.table.cursor_coordinate
        return self.articles[cursor.row], self.articles[cursor.column]

    def _update_legend(self) -> None:
        """Name the two articles under the cursor in full: column labels are only numbers."""
        legend = self.query_one("#matrix-legend", Static)
        pair = self.current_pair()
        if pair is None:
            legend.update("")
            return
        row, column = pair
        cursor = self.table.cursor_coordinate
        share = self.shares[cursor.row][cursor.column]
        text = Text()
        for label, number, document in (
            ("row", cursor.row + 1, row),
            ("col", cursor.column + 1, column),
        ):
            facts = ", ".join(f for f in (document.source, document.date) if f)
            text.append(f"{label} {number:>2} ", style="bold")
            text.append(one_line(article_title(document), 70))
            if facts:
                text.append(" — " + one_line(facts, 30), style="dim")
            text.append("\n")
        if row is column:
            summary = (
                f"{percent(share)} of article {cursor.row + 1} is repeated within itself"
                if share > 0
                else f"article {cursor.row + 1} repeats none of its own text"
            )
        elif share > 0:
            summary = (
                f"{percent(share)} of article {cursor.row + 1}'s text is also in article"
                f" {cursor.column + 1} · enter: open it"
            )
        else:
            summary = f"articles {cursor.row + 1} and {cursor.column + 1} share no passage"
        text.append(summary, style="italic")
        legend.update(text)

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        self._update_legend()

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        # A mouse click on an already highlighted cell: same as enter.
        self.action_open()

    # actions ---------------------------------------------------------------------------
    def action_move(self, rows: int, columns: int) -> None:
        table = self.table
        cursor = table.cursor_coordinate
        table.cursor_coordinate = Coordinate(cursor.row + rows, cursor.column + columns)

    def action_first(self) -> None:
        self.table.move_cursor(row=0, animate=False)

    def action_last(self) -> None:
        self.table.move_cursor(row=self.table.row_count - 1, animate=False)

    def action_open(self) -> None:
        pair = self.current_pair()
        if pair is not None:
            row, column = pair
            cursor = self.table.cursor_coordinate
            self._cursor_cell = (cursor.row, cursor.column)
            self.dismiss(first_shared_passage(self.index, row.id, column.id))

    def action_close(self) -> None:
        self.dismiss(None)
