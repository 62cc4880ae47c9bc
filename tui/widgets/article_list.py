"""The Articles list: title, source, date and how much of each article is reused.

Sorted in corpus order or by reuse share (`s` toggles); `enter` opens the highlighted article.
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.index import ReuseIndex
from tui.printable import printable
from tui.widgets.echoes_pane import article_label

BAR_CELLS = 8


def share_bar(share: float, cells: int = BAR_CELLS) -> str:
    """A bar of `cells` characters, filled in eighths, then the share as a percentage."""
    eighths = round(max(0.0, min(1.0, share)) * cells * 8)
    full, part = divmod(eighths, 8)
    partial = " ▏▎▍▌▋▊▉"[part] if part else ""
    bar = ("█" * full + partial).ljust(cells, "·")
    return f"{bar} {share * 100:3.0f}%"


class ArticleList(OptionList):
    """Every article of the corpus with its reuse share."""

    DEFAULT_CSS = """
    ArticleList {
        height: 1fr;
        border: none;
        padding: 0;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
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
        self.doc_ids: list[str] = [d.id for d in index.documents]
        self._shares = {d.id: index.reuse_share(d.id) for d in index.documents}

    def on_mount(self) -> None:
        self._fill()

    def _entry(self, doc_id: str) -> Text:
        document = self.index.document(doc_id)
        entry = Text(article_label(document), style=Style(bold=True), end="")
        meta = " · ".join(part for part in (document.source, document.date) if part)
        line = f"{share_bar(self._shares[doc_id])}  {printable(meta)}".rstrip()
        entry.append("\n" + line, style=Style(dim=True))
        return entry

    def _fill(self, keep: str | None = None) -> None:
        order = [d.id for d in self.index.documents]
        if self.by_reuse:
            order.sort(key=lambda d: -self._shares[d])
        self.doc_ids = order
        self.set_options([Option(self._entry(d), id=d) for d in order])
        if keep is not None:
            self.select_article(keep)

    def action_toggle_sort(self) -> None:
        current = self.current_id
        self.by_reuse = not self.by_reuse
        self._fill(keep=current)
        label = "by reuse share" if self.by_reuse else "in corpus order"
        self.notify(f"Articles {label}", timeout=2)

    @property
    def current_id(self) -> str | None:
        if self.highlighted is None or not self.doc_ids:
            return None
        return self.doc_ids[self.highlighted]

    def select_article(self, doc_id: str) -> None:
        """Highlight `doc_id` without opening it."""
        if doc_id in self.doc_ids:
            self.highlighted = self.doc_ids.index(doc_id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Open(event.option.id))
