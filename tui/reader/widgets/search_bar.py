"""The `/` search field: a one-line input that appears above the footer and goes away after."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input


class SearchBar(Input):
    """Type a phrase, `enter` searches the whole corpus, `esc` gives up."""

    DEFAULT_CSS = """
    SearchBar {
        height: 1;  /* its own row above the footer (docked, the footer would cover it) */
        border: none;
        padding: 0 1;
        display: none;
    }
    SearchBar:focus {
        border: none;  /* Input's focus border (tall) would fill the one row, hiding the text */
    }
    SearchBar.-open {
        display: block;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel search", id="search.cancel"),
    ]

    class Cancelled(Message):
        """The user closed the search field without searching."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder="search the corpus (enter: find, esc: cancel)", id=id)

    def open(self) -> None:
        self.value = ""
        self.add_class("-open")
        self.focus()

    def close(self) -> None:
        self.remove_class("-open")

    def action_cancel(self) -> None:
        self.close()
        self.post_message(self.Cancelled())
