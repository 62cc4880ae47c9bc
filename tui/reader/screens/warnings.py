"""The Warnings view: every warning of this corpus (skipped files and lines, renamed ids, a
cache that could not be written), kept after the notices fade.

A corpus with thousands of broken lines must not bury the reader under thousands of notices:
`notices` makes a few of them (a repeated kind is one line, and too many kinds are counted in
one sentence), and this view lists them all, one per line, in a line-API log (cheap for any
number). Text is shown literally: `printable()` lines, no markup.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Log, Static

from tui.printable import printable
from tui.warning_summary import summarise_warnings

# Up to this many warnings are each a notice of their own; more become one summary.
NOTICES = 3

# What a warning is about, by the words the loader and the index use (first match wins),
# with its noun for one and for many.
_KINDS: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile(r"cache"), "cache problem", "cache problems"),
    (re.compile(r":\d+: skipped"), "line skipped", "lines skipped"),
    (re.compile(r": skipped"), "file skipped", "files skipped"),
    (re.compile(r"renamed '"), "id renamed", "ids renamed"),
    (re.compile(r"Windows-1252"), "read as Windows-1252", "read as Windows-1252"),
)


def _kind(warning: str) -> tuple[str, str]:
    for pattern, one, many in _KINDS:
        if pattern.search(warning):
            return one, many
    return "other warning", "other warnings"


def counted(warnings: Sequence[str]) -> str:
    """The warnings counted by kind, most first: "3,000 lines skipped, 2 ids renamed"."""
    counts = Counter(_kind(w) for w in warnings)
    return ", ".join(
        f"{count:,} {one if count == 1 else many}"
        for (one, many), count in sorted(counts.items(), key=lambda item: -item[1])
    )


def notices(warnings: Sequence[str], key: str = "w") -> list[str]:
    """The notices to show for `warnings`: each kind that repeats as one line, as everywhere
    (`summarise_warnings`), saying that `key` lists them all; and when that still makes more
    than `NOTICES`, one notice that counts them ("1,200 ids renamed, 3 files skipped; w lists
    them"): thousands of notices would freeze the reader."""
    lines = summarise_warnings(warnings)
    if len(lines) > NOTICES:
        return [f"{counted(warnings)}; {key} lists them"]
    whole = set(warnings)
    return [line if line in whole else f"{line}; {key} lists them" for line in lines]


class WarningsScreen(Screen[None]):
    """All the warnings, one per line; `q` or `esc` goes back to reading."""

    DEFAULT_CSS = """
    WarningsScreen {
        layout: vertical;
    }
    WarningsScreen #warnings-header {
        height: 1;
        padding: 0 1;
        background: $panel;
        color: $text;
        text-style: bold;
    }
    WarningsScreen #warnings-log {
        height: 1fr;
        border: none;
        padding: 0 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll(1)", "Down", show=False, id="warnings.down"),
        Binding("k", "scroll(-1)", "Up", show=False, id="warnings.up"),
        Binding("g", "top", "Top", show=False, id="warnings.top"),
        Binding("G", "bottom", "Bottom", show=False, id="warnings.bottom"),
        Binding("q", "close", "Back", id="warnings.back"),
        Binding("escape", "close", "Back", show=False, id="warnings.escape"),
    ]

    def __init__(self, warnings: Sequence[str], *, name: str | None = None) -> None:
        super().__init__(name=name)
        self.warnings = tuple(warnings)

    def compose(self) -> ComposeResult:
        yield Static(Text(self._header()), id="warnings-header")
        yield Log(highlight=False, auto_scroll=False, id="warnings-log")
        yield Footer()

    def _header(self) -> str:
        count = len(self.warnings)
        if not count:
            return "Warnings · none: every file loaded and the scan was kept · q: back"
        return f"Warnings · {counted(self.warnings)} · q: back"

    def on_mount(self) -> None:
        log = self.log_view
        log.write_lines(" ".join(printable(w).split()) for w in self.warnings)
        log.scroll_home(animate=False)
        log.focus()

    @property
    def log_view(self) -> Log:
        return self.query_one("#warnings-log", Log)

    def lines(self) -> list[str]:
        """The lines the log holds, as shown."""
        return list(self.log_view.lines)

    def action_scroll(self, lines: int) -> None:
        log = self.log_view
        log.scroll_to(y=log.scroll_y + lines, animate=False)

    def action_top(self) -> None:
        self.log_view.scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.log_view.scroll_end(animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
