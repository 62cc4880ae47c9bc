"""The `?` screen: every key binding, grouped by where it works, with keymap overrides shown."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.keys import format_key
from textual.screen import ModalScreen
from textual.widgets import Static


def key_label(key: str) -> str:
    """A Textual key name the way people type it: `<` for less_than_sign, `esc` for escape."""
    return format_key(key)


def binding_rows(
    bindings: Iterable[BindingType], keymap: Mapping[str, str]
) -> list[tuple[str, str]]:
    """(keys, description) per binding, with the keys the keymap gives its id."""
    rows = []
    for binding in bindings:
        if not isinstance(binding, Binding):
            continue
        keys = keymap.get(binding.id, binding.key) if binding.id else binding.key
        label = " ".join(key_label(k.strip()) for k in keys.split(","))
        rows.append((label, binding.description or binding.action))
    return rows


class HelpScreen(ModalScreen[None]):
    """A scrollable list of bindings; any of `q`, `esc` or `?` closes it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 76;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close help", id="help.close"),
    ]

    def __init__(self, sections: Sequence[tuple[str, Sequence[tuple[str, str]]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        body = Text(end="")
        for number, (title, rows) in enumerate(self.sections):
            if number:
                body.append("\n")
            body.append(title + "\n", style=Style(bold=True, underline=True))
            width = max((len(keys) for keys, _ in rows), default=0)
            for keys, description in rows:
                body.append(f"  {keys.ljust(width)}  ", style=Style(bold=True))
                body.append(description + "\n")
        with VerticalScroll() as scroll:
            scroll.border_title = "echoes keys"
            scroll.border_subtitle = "esc: close"
            yield Static(body)

    def action_close(self) -> None:
        self.dismiss(None)
