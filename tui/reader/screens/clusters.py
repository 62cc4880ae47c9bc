"""The Clusters overview: every reused passage in the corpus, most widespread first.

A way in from the corpus rather than from one article: pick a cluster and the reader opens at its
earliest copy. The screen dismisses with that `Span` (or `None` when the user backs out). The
`≠` column counts the copies' changes to quotes, figures and names (a sort of its own).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from tui.index.queries import ReuseIndex
from tui.model import Cluster, Document, Span
from tui.printable import printable
from tui.reader.screens.copies import CopiesScreen

EXCERPT_CHARS = 80
TITLE_CHARS = 24
DETAIL_OCCURRENCES = 6


def article_title(document: Document) -> str:
    """What to call an article on screen: its title, else its file name, else its id."""
    name = document.title or document.path.rsplit("/", 1)[-1] or document.id
    return " ".join(printable(name).split())


def one_line(text: str, limit: int) -> str:
    """`text` made safe and flat (controls shown as symbols, whitespace runs as one space),
    cut to `limit` characters with an ellipsis."""
    flat = " ".join(printable(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


SortKey = Callable[[ReuseIndex, Cluster], tuple[float, ...]]

# Each sort: its name in the header line, and a key (smaller first). Spread is the index's
# own order; the others break ties by spread so equal rows keep a sensible order.
SORTS: tuple[tuple[str, SortKey], ...] = (
    ("spread", lambda index, c: (-len(c.documents), -len(c.passages))),
    ("similarity", lambda index, c: (-c.similarity, -len(c.documents))),
    ("size", lambda index, c: (-index.earliest(c.id).length, -len(c.documents))),
    ("drift", lambda index, c: (-index.drift_count(c.id), -len(c.documents))),
)


class ClustersScreen(Screen[Span | None]):
    """Every cluster with its spread, kind, drift and first copy; enter opens the first copy."""

    DEFAULT_CSS = """
    ClustersScreen {
        layout: vertical;
    }
    ClustersScreen #clusters-header {
        height: 1;
        padding: 0 1;
        background: $panel;
        color: $text;
        text-style: bold;
    }
    ClustersScreen #clusters-table {
        height: 1fr;
        min-height: 3;
    }
    ClustersScreen #clusters-detail-scroll {
        height: auto;
        max-height: 9;
        border-top: solid $primary;
        padding: 0 1;
    }
    ClustersScreen #clusters-detail {
        height: auto;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        # Moves and enter are priority: keys that arrive together then act in the order typed
        # (`j enter` opens the second row, not the first), and the table's own enter binding
        # does not swallow `enter`.
        Binding("j,down", "cursor_down", "Down", show=False, id="clusters.down", priority=True),
        Binding("k,up", "cursor_up", "Up", show=False, id="clusters.up", priority=True),
        Binding("g", "first", "Top", show=False, id="clusters.top", priority=True),
        Binding("G", "last", "Bottom", show=False, id="clusters.bottom", priority=True),
        Binding("enter", "open", "Open", priority=True, id="clusters.open"),
        Binding("s", "cycle_sort", "Sort", id="clusters.sort"),
        Binding("v", "copies", "Copies", id="clusters.copies"),
        Binding("q", "close", "Back", id="clusters.back"),
        Binding("escape", "close", "Back", show=False, id="clusters.escape"),
    ]

    def __init__(
        self,
        index: ReuseIndex,
        *,
        highlights: dict[str, Style] | None = None,
        sort_position: int = 0,
        cluster: int | None = None,
        name: str | None = None,
    ) -> None:
        super().__init__(name=name)
        self.index = index
        self.highlights = dict(highlights or {})
        self.sort_position = 0
        self.sort_position = sort_position % len(SORTS)
        self._cursor_cluster = cluster  # under the cursor when built, and when last opened
        self._clusters = {c.id: c for c in index.clusters_by_spread()}

    def reopened(self) -> ClustersScreen:
        """This view again as it was when a cluster was opened from it (same sort, same
        cluster under the cursor): where `q` goes back to from that cluster."""
        return ClustersScreen(
            self.index,
            highlights=self.highlights,
            sort_position=self.sort_position,
            cluster=self._cursor_cluster,
        )

    def compose(self) -> ComposeResult:
        yield Static(id="clusters-header")
        yield DataTable[Text | str](cursor_type="row", zebra_stripes=True, id="clusters-table")
        with VerticalScroll(id="clusters-detail-scroll"):
            yield Static(id="clusters-detail")
        yield Footer()

    def on_mount(self) -> None:
        table = self.table
        table.add_column("#", key="id")
        table.add_column("kind", key="kind")
        table.add_column("arts", key="articles")
        table.add_column("psgs", key="passages")
        table.add_column("sim%", key="similarity")
        table.add_column("≠", key="drift")
        table.add_column("first seen", key="source")
        table.add_column("passage", key="passage")
        start = self._cursor_cluster
        self._fill(keep=start if start in self._clusters else None)
        table.focus()

    @property
    def table(self) -> DataTable[Text | str]:
        return self.query_one("#clusters-table", DataTable)

    @property
    def sort_name(self) -> str:
        return SORTS[self.sort_position][0]

    def _ordered(self) -> list[Cluster]:
        clusters = self.index.clusters_by_spread()
        if self.sort_position == 0:
            return clusters
        key = SORTS[self.sort_position][1]
        return sorted(clusters, key=lambda c: key(self.index, c))

    def _fill(self, keep: int | None = None) -> None:
        """(Re)build the rows in the current sort order, keeping cluster `keep` under the
        cursor."""
        table = self.table
        table.clear()
        clusters = self._ordered()
        for cluster in clusters:
            table.add_row(*self._row(cluster), key=str(cluster.id))
        if keep is not None:
            table.move_cursor(row=table.get_row_index(str(keep)), animate=False)
        self._update_header(len(clusters))
        self._update_detail()

    def _row(self, cluster: Cluster) -> tuple[Text | str, ...]:
        first = self.index.earliest(cluster.id)
        document = self.index.document(first.doc)
        excerpt = one_line(document.text[first.start : first.end], EXCERPT_CHARS)
        drift = self.index.drift_count(cluster.id)
        star = "★ " if self.index.likely_source(cluster.id) == first else ""
        return (
            Text(str(cluster.id), justify="right"),
            cluster.kind,
            Text(str(len(cluster.documents)), justify="right"),
            Text(str(len(cluster.passages)), justify="right"),
            Text(f"{cluster.similarity:.0f}", justify="right"),
            Text(f"≠{drift}" if drift else "·", justify="right"),
            Text(star + one_line(article_title(document), TITLE_CHARS)),
            Text(excerpt),
        )

    def _update_header(self, count: int) -> None:
        next_sort = SORTS[(self.sort_position + 1) % len(SORTS)][0]
        if count:
            line = (
                f"Clusters · {count} reused passage{'s' if count != 1 else ''}"
                f" · sorted by {self.sort_name} · s: sort by {next_sort}"
            )
        else:
            line = "Clusters · no reused passages in this corpus · q: back"
        self.query_one("#clusters-header", Static).update(Text(line))

    def current_cluster(self) -> Cluster | None:
        """The cluster under the cursor, or None when the table is empty."""
        table = self.table
        if not table.row_count:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return self._clusters[int(str(row_key.value))]

    def _update_detail(self) -> None:
        """Show the highlighted cluster in full: every article carrying it and the whole
        passage, so nothing cut from the table row is out of reach."""
        detail = self.query_one("#clusters-detail", Static)
        cluster = self.current_cluster()
        if cluster is None:
            detail.update("")
            return
        origin = self.index.provenance(cluster.id)
        first = origin.first
        source = first if origin.claim == "source" else None
        same_day = {first, *origin.tied} if origin.claim == "same-day" else set()
        drift = self.index.drift_count(cluster.id)
        lines = Text()
        lines.append(
            f"Cluster {cluster.id} · {cluster.kind} · {cluster.similarity:.0f}% similar"
            f" · {len(cluster.documents)} article{'s' if len(cluster.documents) != 1 else ''}",
            style="bold",
        )
        if drift:
            changes = "change" if drift == 1 else "changes"
            lines.append(f" · ≠ {drift} {changes} to quotes, figures or names (v: copies)")
        for count, passage in enumerate(cluster.passages):
            if count == DETAIL_OCCURRENCES:
                lines.append(f"\n  … and {len(cluster.passages) - count} more occurrences")
                break
            document = self.index.document(passage.doc)
            marker = "★ " if passage == source else "  "
            lines.append("\n" + marker)
            lines.append(one_line(article_title(document), 48))
            facts = [f for f in (document.source, document.date) if f]
            if facts:
                lines.append(" — " + one_line(", ".join(facts), 40), style="dim")
            if passage == source:
                lines.append("  (likely source)", style="italic")
            elif passage in same_day:
                lines.append("  (same day: no direction claimed)", style="italic")
        text = self.index.document(first.doc).text[first.start : first.end]
        lines.append("\n")
        lines.append(" ".join(printable(text).split()), style="italic")
        detail.update(lines)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._update_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        # A mouse click on an already highlighted row: same as enter.
        self.action_open()

    # actions ---------------------------------------------------------------------------
    def action_cursor_down(self) -> None:
        self.table.action_cursor_down()

    def action_cursor_up(self) -> None:
        self.table.action_cursor_up()

    def action_first(self) -> None:
        self.table.move_cursor(row=0, animate=False)

    def action_last(self) -> None:
        self.table.move_cursor(row=self.table.row_count - 1, animate=False)

    def action_cycle_sort(self) -> None:
        current = self.current_cluster()
        self.sort_position = (self.sort_position + 1) % len(SORTS)
        self._fill(keep=current.id if current else None)

    def action_copies(self) -> None:
        cluster = self.current_cluster()
        if cluster is None:
            return
        screen = CopiesScreen(self.index, cluster.id, highlights=self.highlights)
        self.app.push_screen(screen, self._copy_chosen)

    def _copy_chosen(self, span: Span | None) -> None:
        if span is not None:  # a copy's article: the reader opens it, past this view
            self.dismiss(span)

    def action_open(self) -> None:
        cluster = self.current_cluster()
        if cluster is not None:
            self._cursor_cluster = cluster.id
            self.dismiss(self.index.earliest(cluster.id))

    def action_close(self) -> None:
        self.dismiss(None)
