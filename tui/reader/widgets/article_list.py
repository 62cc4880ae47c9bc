"""The Articles list: title, source, date and how much of each article is reused.

A line-API view: each article is two screen lines, and only the lines on screen are rendered
(then cached), so a corpus of tens of thousands of articles opens as fast as one of five.
Sorted in corpus order or by reuse share (`s` toggles); `enter` or a click opens the
highlighted article. The second line puts source and date first and the reuse share after
("BBC · 2017-02-07   12% reused ██······"), dropping the bar, then the word, before any of
the source or date is cut. Text is shown literally: lines are `rich.text.Text` built from
`printable()` text.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.index.queries import ReuseIndex
from tui.printable import printable
from tui.reader.widgets.echoes_pane import article_label

BAR_CELLS = 8
ENTRY_LINES = 2  # a title line, then the reuse bar with source and date


def share_bar(share: float, cells: int = BAR_CELLS) -> str:
    """A bar of `cells` characters, filled in eighths."""
    eighths = round(max(0.0, min(1.0, share)) * cells * 8)
    full, part = divmod(eighths, 8)
    partial = " ▏▎▍▌▋▊▉"[part] if part else ""
    return ("█" * full + partial).ljust(cells, "·")


def meta_line(meta: str, share: float, width: int) -> str:
    """Source and date, then the share: "BBC · 2017-02-07  12% reused ██······" when it fits;
    the bar goes first, then the word "reused", and only then is `meta` cut."""
    percent = f"{share * 100:3.0f}%"
    used = cell_len(meta)
    for tail in (f"{percent} reused {share_bar(share)}", f"{percent} reused", percent):
        room = width - len(tail)
        if used + (2 if meta else 0) <= room:
            return meta + " " * (room - used) + tail
    room = max(1, width - len(percent) - 1)
    cut = meta if used <= room else set_cell_size(meta, room - 1) + "…"
    return f"{cut} {percent}"


class ArticleList(ScrollView, can_focus=True):
    """Every article of the corpus with its reuse share, one highlighted."""

    DEFAULT_CSS = """
    ArticleList {
        height: 1fr;
        border: none;
        padding: 0;
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        scrollbar-size-vertical: 1;
    }
    ArticleList:focus {
        background-tint: $foreground 5%;
    }
    ArticleList > .article-list--highlighted {
        color: $foreground;
        background: $block-cursor-blurred-background;
        text-style: $block-cursor-blurred-text-style;
    }
    ArticleList:focus > .article-list--highlighted {
        color: $block-cursor-foreground;
        background: $block-cursor-background;
        text-style: $block-cursor-text-style;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"article-list--highlighted"}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Next in the list", show=False, id="articles.down"),
        Binding("up,k", "cursor_up", "Previous in the list", show=False, id="articles.up"),
        Binding("pagedown", "page_down", "Page down the list", show=False, id="articles.page_down"),
        Binding("pageup", "page_up", "Page up the list", show=False, id="articles.page_up"),
        Binding("home,g", "first", "Top of the list", show=False, id="articles.first"),
        Binding("end,G", "last", "Bottom of the list", show=False, id="articles.last"),
        Binding("s", "toggle_sort", "Sort by reuse", id="articles.sort"),
        Binding("enter", "select", "Open", id="articles.open"),
    ]

    class Open(Message):
        """The user chose article `doc_id`."""

        def __init__(self, doc_id: str) -> None:
            super().__init__()
            self.doc_id = doc_id

    def __init__(self, index: ReuseIndex, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.index = index
        self.by_reuse = False
        self.doc_ids: list[str] = index.doc_ids()
        self._positions: dict[str, int] | None = None  # doc id -> row, built on first need
        self._highlighted: int | None = 0 if self.doc_ids else None
        self._cache: LRUCache[tuple[object, ...], Strip] = LRUCache(256)
        self.virtual_size = Size(0, len(self.doc_ids) * ENTRY_LINES)

    def set_index(self, index: ReuseIndex) -> None:
        """List the articles of `index` (a filtered view) instead, in the same sort order."""
        current = self.current_id
        self.index = index
        self._highlighted = None
        self._reorder()
        width = self.scrollable_content_region.width
        self.virtual_size = Size(width, len(self.doc_ids) * ENTRY_LINES)
        self._highlighted = 0 if self.doc_ids else None
        if current is not None:
            self.select_article(current)
        self.scroll_to_highlight()

    # state -------------------------------------------------------------------------
    @property
    def highlighted(self) -> int | None:
        """Row of the highlighted article in the current order."""
        return self._highlighted

    @highlighted.setter
    def highlighted(self, row: int | None) -> None:
        if row is not None:
            row = max(0, min(row, len(self.doc_ids) - 1)) if self.doc_ids else None
        if row == self._highlighted:
            return
        previous, self._highlighted = self._highlighted, row
        for changed in (previous, row):
            if changed is not None:
                self.refresh(self._entry_region(changed))
        self.scroll_to_highlight()

    @property
    def current_id(self) -> str | None:
        if self._highlighted is None or not self.doc_ids:
            return None
        return self.doc_ids[self._highlighted]

    def row_of(self, doc_id: str) -> int | None:
        """Where `doc_id` is in the list's current order, or None."""
        if not self.by_reuse:  # corpus order: the index knows, without a dictionary here
            return self.index.position(doc_id)
        if self._positions is None:
            self._positions = {doc: row for row, doc in enumerate(self.doc_ids)}
        return self._positions.get(doc_id)

    def select_article(self, doc_id: str) -> None:
        """Highlight `doc_id` without opening it."""
        row = self.row_of(doc_id)
        if row is not None:
            self.highlighted = row

    def _reorder(self) -> None:
        ids = self.index.doc_ids()
        if self.by_reuse:
            shares = self.index.reuse_shares()
            order = sorted(range(len(ids)), key=lambda i: -shares[i])
            self.doc_ids = [ids[i] for i in order]
        else:
            self.doc_ids = ids
        self._positions = None
        self._cache.clear()
        self.refresh()

    # layout ------------------------------------------------------------------------
    def _entry_region(self, row: int) -> Region:
        """Where entry `row` is on screen now (for a partial repaint)."""
        top = row * ENTRY_LINES - int(self.scroll_y)
        return Region(0, top, self.size.width, ENTRY_LINES)

    def scroll_to_highlight(self) -> None:
        """Scroll the least needed to show the whole highlighted entry."""
        if self._highlighted is None or not self.is_mounted:
            return
        width = self.scrollable_content_region.width
        region = Region(0, self._highlighted * ENTRY_LINES, width, ENTRY_LINES)
        self.scroll_to_region(region, animate=False, force=True, immediate=True)

    def on_resize(self) -> None:
        self._cache.clear()
        width = self.scrollable_content_region.width
        self.virtual_size = Size(width, len(self.doc_ids) * ENTRY_LINES)
        self.scroll_to_highlight()

    def on_mount(self) -> None:
        self.scroll_to_highlight()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()

    def _on_focus(self, event: events.Focus) -> None:
        super()._on_focus(event)
        self._cache.clear()  # the highlight has its own colours while focused
        self.refresh()

    def _on_blur(self, event: events.Blur) -> None:
        super()._on_blur(event)
        self._cache.clear()
        self.refresh()

    # rendering ---------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        line = int(self.scroll_y) + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        row, part = divmod(line, ENTRY_LINES)
        if row >= len(self.doc_ids):
            return Strip.blank(width, base)
        highlighted = row == self._highlighted
        key = (row, part, width, highlighted)  # focus changes clear the cache
        strip = self._cache.get(key)
        if strip is None:
            strip = self._render_entry_line(row, part, width, highlighted, base)
            self._cache[key] = strip
        return strip

    def _render_entry_line(
        self, row: int, part: int, width: int, highlighted: bool, base: Style
    ) -> Strip:
        doc_id = self.doc_ids[row]
        document = self.index.document(doc_id)
        style = base
        if highlighted:
            style = base + self.get_component_rich_style("article-list--highlighted")
        if part == 0:
            text = Text(article_label(document), style=style, no_wrap=True, end="")
            text.stylize(Style(bold=True))
        else:
            meta = printable(" · ".join(p for p in (document.source, document.date) if p))
            line = meta_line(" ".join(meta.split()), self.index.reuse_share(doc_id), width)
            text = Text(line, style=style, no_wrap=True, end="")
            text.stylize(Style(dim=True))
        text.truncate(width, overflow="ellipsis", pad=True)
        return Strip(text.render(self.app.console), width)

    # actions -----------------------------------------------------------------------
    def _move_to(self, row: int) -> None:
        if self.doc_ids:
            self.highlighted = row

    def action_cursor_down(self) -> None:
        self._move_to((self._highlighted or 0) + 1)

    def action_cursor_up(self) -> None:
        self._move_to((self._highlighted or 0) - 1)

    def action_first(self) -> None:
        self._move_to(0)

    def action_last(self) -> None:
        self._move_to(len(self.doc_ids) - 1)

    def _page_rows(self) -> int:
        return max(1, self.scrollable_content_region.height // ENTRY_LINES)

    def action_page_down(self) -> None:
        self._move_to((self._highlighted or 0) + self._page_rows())

    def action_page_up(self) -> None:
        self._move_to((self._highlighted or 0) - self._page_rows())

    def action_select(self) -> None:
        current = self.current_id
        if current is not None:
            self.post_message(self.Open(current))

    def action_toggle_sort(self) -> None:
        current = self.current_id
        self.by_reuse = not self.by_reuse
        self._reorder()
        if current is not None:
            self.select_article(current)
        label = "by reuse share" if self.by_reuse else "in corpus order"
        self.notify(f"Articles {label}", timeout=2)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row = (offset.y + int(self.scroll_y)) // ENTRY_LINES
        if 0 <= row < len(self.doc_ids):
            self.highlighted = row
            self.action_select()
