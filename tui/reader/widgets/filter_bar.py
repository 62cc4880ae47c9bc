"""The `f` filter bar: narrow the corpus by source, date, kind, similarity and outlet.

Four rows under the panes (which make room for them), worked by keyboard: `tab` moves between
fields, `space` toggles a box, `enter` applies, `esc` closes without applying, `ctrl+r` clears
every field. Sources are typed, comma-separated, matched without regard to case (a unique
beginning is enough, `→` completes the last one); dates are "YYYY", "YYYY-MM" or
"YYYY-MM-DD". A value that cannot be used is named on the bar's last row and nothing is
applied. The bar posts `Applied` with the new `Filters`; the reader does the narrowing
(through the index) and remembers them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.suggester import Suggester
from textual.widgets import Input, Label, Static

from tui.index.filters import KINDS, FilterError, Filters
from tui.printable import printable
from tui.reader.widgets.tick_box import TickBox


def describe_filters(filters: Filters) -> str:
    """What is active, in a few words for the status line ("" when nothing is left out)."""
    if not filters.active:
        return ""
    parts = []
    if filters.sources:
        parts.append(", ".join(filters.sources))
    if filters.date_from or filters.date_to:
        parts.append(f"{filters.date_from or '…'}–{filters.date_to or '…'}")
    if set(filters.kinds) != set(KINDS):
        parts.append(", ".join(k for k in KINDS if k in filters.kinds) or "no kind")
    if filters.min_similarity:
        parts.append(f"≥{filters.min_similarity:.0f}% similar")
    if filters.cross_outlet:
        parts.append("cross-outlet")
    return "filter: " + " · ".join(printable(part) for part in parts)


def match_sources(typed: str, known: Sequence[str]) -> tuple[str, ...]:
    """The sources a comma-separated entry names: each term is a source's name, or the
    beginning of exactly one, without regard to case. Raises FilterError naming a term that
    matches none or several."""
    chosen: list[str] = []
    for term in (part.strip() for part in typed.split(",")):
        if not term:
            continue
        folded = term.casefold()
        exact = [s for s in known if s.casefold() == folded]
        starting = [s for s in known if s.casefold().startswith(folded)]
        found = exact or starting
        if not found:
            names = ", ".join(known[:6]) + (", …" if len(known) > 6 else "")
            raise FilterError(f"no source named {term!r} (sources: {names or 'none'})")
        if len(found) > 1:
            raise FilterError(f"{term!r} could be {', '.join(found[:4])}: type more of it")
        if found[0] not in chosen:
            chosen.append(found[0])
    return tuple(chosen)


class SourceSuggester(Suggester):
    """Completes the last comma-separated term to a known source name."""

    def __init__(self, sources: Sequence[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.sources = list(sources)

    async def get_suggestion(self, value: str) -> str | None:
        head, _, last = value.rpartition(",")
        term = last.lstrip().casefold()
        if not term:
            return None
        for source in self.sources:
            if source.casefold().startswith(term) and source.casefold() != term:
                prefix = f"{head}, " if head else ""
                return prefix + source
        return None


class FilterBar(Vertical, can_focus=False):
    """Fields for every filter; `enter` applies them, `esc` gives up."""

    DEFAULT_CSS = """
    FilterBar {
        height: auto;
        display: none;
        background: $panel;
        border-top: solid $accent;
        padding: 0 1;
    }
    FilterBar.-open { display: block; }
    FilterBar Horizontal { height: 1; }
    FilterBar Label { width: auto; padding: 0 1 0 0; color: $foreground-muted; }
    FilterBar Label.-field { width: 9; }
    FilterBar Input { width: 1fr; }
    FilterBar #filter-from, FilterBar #filter-to { width: 12; }
    FilterBar #filter-similarity { width: 5; }
    FilterBar #filter-message { width: 1fr; height: 1; color: $foreground-muted; }
    FilterBar #filter-message.-error { color: $text-error; text-style: bold; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        # tab and esc are priority: they move the cursor, and must before the next key is
        # delivered. enter is not: it reads the fields, so it must wait for the keys typed
        # before it (in a field, the field's own enter submits, and that applies too).
        Binding("escape", "cancel", "Close the filters", id="filters.cancel", priority=True),
        Binding("enter", "apply", "Apply the filters", id="filters.apply"),
        Binding("ctrl+r", "reset", "Clear every filter field", id="filters.reset"),
        Binding("tab", "field(1)", "Next field", show=False, id="filters.next", priority=True),
        Binding(
            "shift+tab",
            "field(-1)",
            "Previous field",
            show=False,
            id="filters.previous",
            priority=True,
        ),
    ]

    class Applied(Message):
        """The user applied `filters`."""

        def __init__(self, filters: Filters) -> None:
            super().__init__()
            self.filters = filters

    class Closed(Message):
        """The bar closed without applying anything."""

    def __init__(self, sources: Sequence[str] = (), *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.sources = list(sources)

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Label("sources", classes="-field")
            yield Input(
                placeholder="every source (type names, comma-separated)",
                suggester=SourceSuggester(self.sources),
                compact=True,
                id="filter-sources",
            )
        with Horizontal():
            yield Label("dates", classes="-field")
            yield Label("from")
            yield Input(placeholder="YYYY-MM-DD", compact=True, max_length=10, id="filter-from")
            yield Label(" to")
            yield Input(placeholder="YYYY-MM-DD", compact=True, max_length=10, id="filter-to")
            yield Label("  min similarity")
            yield Input(placeholder="0", compact=True, max_length=3, id="filter-similarity")
            yield Label(" %")
        with Horizontal():
            yield Label("kinds", classes="-field")
            for kind in KINDS:
                yield TickBox(kind, True, id=f"filter-{kind.replace(' ', '-')}")
            yield TickBox("cross-outlet only", False, id="filter-cross-outlet")
        yield Static(id="filter-message")

    def open(self, filters: Filters) -> None:
        """Show the bar with `filters` in its fields and the cursor in the first field."""
        self.query_one("#filter-sources", Input).value = ", ".join(filters.sources)
        self.query_one("#filter-from", Input).value = filters.date_from
        self.query_one("#filter-to", Input).value = filters.date_to
        similarity = f"{filters.min_similarity:g}" if filters.min_similarity else ""
        self.query_one("#filter-similarity", Input).value = similarity
        for kind in KINDS:
            self._checkbox(kind).value = kind in filters.kinds
        self.query_one("#filter-cross-outlet", TickBox).value = filters.cross_outlet
        self._say(self._hint())
        self.add_class("-open")
        # now, not later: keys typed right after `f` must land in the field
        self.screen.set_focus(self.query_one("#filter-sources", Input))

    def close(self) -> None:
        self.remove_class("-open")

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    def _checkbox(self, kind: str) -> TickBox:
        return self.query_one(f"#filter-{kind.replace(' ', '-')}", TickBox)

    def _hint(self) -> str:
        names = ", ".join(self.sources[:8]) + (", …" if len(self.sources) > 8 else "")
        known = f"sources: {names}" if self.sources else "these articles name no source"
        return f"enter: apply · esc: close · ctrl+r: clear · {known}"

    def _say(self, message: str, *, error: bool = False) -> None:
        label = self.query_one("#filter-message", Static)
        label.set_class(error, "-error")
        label.update(Text(printable(message), no_wrap=True, overflow="ellipsis"))

    def read(self) -> Filters:
        """The filters the fields describe; raises FilterError saying what is wrong."""
        sources = match_sources(self.query_one("#filter-sources", Input).value, self.sources)
        typed = self.query_one("#filter-similarity", Input).value.strip().rstrip("%")
        try:
            similarity = float(typed) if typed else 0.0
        except ValueError:
            raise FilterError(f"{typed!r} is not a number from 0 to 100") from None
        kinds = tuple(kind for kind in KINDS if self._checkbox(kind).value)
        if not kinds:
            raise FilterError("choose at least one kind (space ticks a box)")
        return Filters(
            sources=sources,
            date_from=self.query_one("#filter-from", Input).value.strip(),
            date_to=self.query_one("#filter-to", Input).value.strip(),
            kinds=kinds,
            min_similarity=similarity,
            cross_outlet=self.query_one("#filter-cross-outlet", TickBox).value,
        )

    # actions -----------------------------------------------------------------------
    def action_apply(self) -> None:
        try:
            filters = self.read()
        except FilterError as problem:
            self._say(str(problem), error=True)
            return
        self.close()
        self.post_message(self.Applied(filters))

    def action_cancel(self) -> None:
        self.close()
        self.post_message(self.Closed())

    def action_reset(self) -> None:
        self.open(Filters())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()  # enter in a field: apply, once the field holds what was typed
        self.action_apply()

    def action_field(self, step: int) -> None:
        """Move to the next (or previous) field, round the bar: `tab` never leaves it."""
        fields = [w for w in self.query("Input, TickBox") if w.focusable]
        if not fields:
            return
        focused = self.screen.focused
        here = fields.index(focused) if focused in fields else -1
        self.screen.set_focus(fields[(here + step) % len(fields)])
