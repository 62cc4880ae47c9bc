"""The Copies view (`v`): every copy of a passage in date order, and what each one changed.

A provenance line first (who had it first, the later copies, and the likely direction of reuse
when the dates tell one), then one entry per copy: outlet, date, similarity to the earliest,
and the copy's text with the words every copy shares in one style, the words it added in
another, the earliest's words it dropped shown in place as `‹−…›`, and each change to a quote,
a figure or a name marked `≠` (a mark as well as a style, so it reads without colour).
`j`/`k` step, `enter` opens the copy's article, `backspace` (or `esc`, `q`) goes back. The
screen dismisses with the chosen copy's `Span`, or `None`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from tui.engine.dates import days_between
from tui.index.copies import Copy, Provenance, day
from tui.index.queries import ReuseIndex
from tui.model import Document, Span
from tui.printable import printable
from tui.reader.widgets.echoes_pane import DRIFT_MARK, article_label, drift_summary

LATER_NAMED = 4  # later copies named one by one in the provenance line before "and N more"


def outlet(document: Document) -> str:
    """Who published a copy: its source, else the article's name."""
    return " ".join(printable(document.source).split()) or article_label(document)


def provenance_text(index: ReuseIndex, origin: Provenance, copies: Sequence[Copy]) -> Text:
    """The provenance line: first seen, the later copies, and what the dates allow us to say."""
    first = index.document(origin.first.doc)
    first_day = day(first)
    line = Text(end="")
    line.append("First seen: ", style=Style(bold=True))
    line.append(outlet(first) + (f", {first_day}" if first_day else ", undated"))
    later = [c for c in copies if c.span != origin.first]
    if later:
        named = []
        for copy in later[:LATER_NAMED]:
            copy_day = day(copy.document)
            gap = days_between(first_day, copy_day) if first_day and copy_day else None
            when = copy_day or "undated"
            if gap:
                when += f" (+{gap} day{'s' if gap != 1 else ''})"
            named.append(f"{outlet(copy.document)}, {when}")
        if len(later) > LATER_NAMED:
            named.append(f"and {len(later) - LATER_NAMED} more")
        line.append(". Then: ", style=Style(bold=True))
        line.append("; ".join(named))
    line.append(". ")
    claims = {
        "source": f"Likely direction: from {outlet(first)} to the later copies.",
        "same-day": "Several copies appeared the same day: no direction claimed.",
        "undated": "Some copies have no date: no direction claimed.",
        "one-article": "Repeated within one article.",
    }
    line.append(claims[origin.claim], style=Style(italic=True))
    return line


def copy_text(number: int, copy: Copy, styles: dict[str, Style], words: int) -> Text:
    """One entry: a header line, then the copy's passage with its changes marked."""
    document = copy.document
    header = Text(end="")
    header.append(f"{number}. ", style=Style(bold=True))
    header.append(outlet(document), style=Style(bold=True))
    details = [day(document) or "undated"]
    if document.source:
        details.append(article_label(document))
    if copy.earliest:
        details.append(f"earliest · {words} words")
    else:
        details.append(f"{copy.similarity:.0f}% similar")
        added = sum(len(printable(document.text[s:e]).split()) for s, e in copy.added)
        dropped = sum(len(text.split()) for _, text in copy.dropped)
        details.append(f"+{added} −{dropped} words")
        if copy.drift:
            details.append(drift_summary(copy.drift))
    header.append("  " + " · ".join(printable(part) for part in details), style=Style(dim=True))

    start, end = copy.span.start, copy.span.end
    body = Text(printable(document.text[start:end]).replace("\n", " ").replace("\t", " "))

    def paint(role: str, ranges: Sequence[tuple[int, int]]) -> None:
        style = styles.get(role)
        if style is not None:
            for s, e in ranges:
                body.stylize(style, max(s, start) - start, min(e, end) - start)

    paint("shared", copy.common)
    paint("differ", copy.added)
    paint("drift", [d.b for d in copy.drift])
    # Marks stand in the text at document offsets: ≠ before a changed word, ‹−…› where the
    # earliest had words this copy lacks.
    inserts: list[tuple[int, int, Text]] = []
    for change in copy.drift:
        inserts.append((change.b[0], 1, Text(DRIFT_MARK, style=styles.get("drift", Style()))))
    for position, text in copy.dropped:
        flat = " ".join(printable(text).split())
        mark = Text(f"‹−{flat}› ", style=styles.get("dropped", Style(strike=True)))
        inserts.append((position, 0, mark))
    inserts = [item for item in inserts if start <= item[0] <= end]
    inserts.sort(key=lambda item: (item[0], item[1]))
    marked = Text(end="")
    previous = 0
    for position, _, mark in inserts:
        marked.append_text(body[previous : position - start])
        marked.append_text(mark)
        previous = position - start
    marked.append_text(body[previous:])
    entry = Text(end="")
    entry.append_text(header)
    entry.append("\n")
    entry.append_text(marked)
    return entry


def legend(styles: dict[str, Style]) -> Text:
    """What each style means, drawn in the styles themselves."""
    line = Text(end="")
    for role, sample, meaning in (
        ("shared", "words", " in every copy  "),
        ("differ", "words", " added against the earliest  "),
        ("dropped", "‹−words›", " dropped  "),
        ("drift", f"{DRIFT_MARK}word", " a changed quote, figure or name"),
    ):
        line.append(sample, style=styles.get(role, Style()))
        line.append(meaning, style=Style(dim=True))
    return line


class CopiesView(OptionList):
    """The copies, one option each; highlighting moves with `j`/`k`."""

    DEFAULT_CSS = """
    CopiesView, CopiesView:focus { height: 1fr; border: none; padding: 0; }
    CopiesView > .option-list--option { padding: 0 1; }
    """


class CopiesScreen(Screen[Span | None]):
    """Every copy of one cluster's passage, earliest first."""

    DEFAULT_CSS = """
    CopiesScreen { layout: vertical; }
    CopiesScreen #copies-header {
        height: auto;
        max-height: 5;
        padding: 0 1;
        background: $panel;
        color: $text;
    }
    CopiesScreen #copies-legend {
        height: auto;
        padding: 0 1;
        border-top: solid $primary;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        # All priority, so keys that arrive together act in the order typed (a priority key
        # is acted on at once, an ordinary one only after the list has read it), and the
        # list's own enter binding does not swallow `enter`. The view has no text field.
        Binding("j,down", "cursor_down", "Next copy", show=False, id="copies.down", priority=True),
        Binding("k,up", "cursor_up", "Previous copy", show=False, id="copies.up", priority=True),
        Binding("g,home", "first", "First copy", show=False, id="copies.top", priority=True),
        Binding("G,end", "last", "Last copy", show=False, id="copies.bottom", priority=True),
        Binding("enter", "open", "Open this copy's article", priority=True, id="copies.open"),
        Binding("backspace", "close", "Back", id="copies.back", priority=True),
        Binding("escape,q", "close", "Back", show=False, id="copies.escape", priority=True),
    ]

    def __init__(
        self,
        index: ReuseIndex,
        cluster_id: int,
        *,
        highlights: dict[str, Style] | None = None,
        copy: int = 0,
        name: str | None = None,
    ) -> None:
        super().__init__(name=name)
        self.index = index
        self.cluster_id = cluster_id
        self.roles = dict(highlights or {})
        self.copies = index.copies(cluster_id)
        self._start_copy = copy

    def reopened(self) -> CopiesScreen:
        """This view again with the copy last opened highlighted: where `q` goes back to
        from that copy's article."""
        return CopiesScreen(
            self.index, self.cluster_id, highlights=self.roles, copy=self._start_copy
        )

    def compose(self) -> ComposeResult:
        yield Static(id="copies-header")
        yield CopiesView(id="copies-list")
        yield Static(legend(self.roles), id="copies-legend")
        yield Footer()

    def on_mount(self) -> None:
        cluster = self.index.cluster(self.cluster_id)
        drift = sum(len(copy.drift) for copy in self.copies)
        title = Text(end="")
        title.append(
            f"Copies of cluster {cluster.id} · {len(self.copies)} copies · {cluster.kind}",
            style=Style(bold=True),
        )
        if drift:
            noun = "change" if drift == 1 else "changes"
            title.append(f" · {DRIFT_MARK} {drift} {noun} to quotes, figures or names")
        title.append("\n")
        title.append_text(
            provenance_text(self.index, self.index.provenance(self.cluster_id), self.copies)
        )
        self.query_one("#copies-header", Static).update(title)
        view = self.query_one(CopiesView)
        words = 0
        if self.copies:
            first = self.copies[0]
            words = len(printable(first.document.text[first.span.start : first.span.end]).split())
        options: list[Option | None] = []
        for number, copy in enumerate(self.copies, start=1):
            if number > 1:
                options.append(None)  # a rule between copies
            options.append(Option(copy_text(number, copy, self.roles, words)))
        view.set_options(options)
        if self.copies:
            view.highlighted = min(self._start_copy, len(self.copies) - 1)
        view.focus()

    @property
    def view(self) -> CopiesView:
        return self.query_one(CopiesView)

    def current(self) -> Copy | None:
        highlighted = self.view.highlighted
        if highlighted is None or not self.copies:
            return None
        return self.copies[highlighted]

    def action_cursor_down(self) -> None:
        self.view.action_cursor_down()

    def action_cursor_up(self) -> None:
        self.view.action_cursor_up()

    def action_first(self) -> None:
        self.view.action_first()

    def action_last(self) -> None:
        self.view.action_last()

    def action_open(self) -> None:
        copy = self.current()
        if copy is not None:
            self._start_copy = self.copies.index(copy)  # where `reopened` puts the cursor
            self.dismiss(copy.span)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # a click on a highlighted copy: the same as enter
        self.action_open()

    def action_close(self) -> None:
        self.dismiss(None)
