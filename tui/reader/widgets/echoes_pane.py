"""The Echoes pane: every other occurrence of the passage under the cursor.

Each entry names the other article (title, source, date), its similarity, and shows the other
passage inside its sentence of context, with the verbatim-shared words emphasised and the
changed words styled apart (delta's two levels: tint the passage, emphasise what is shared).
A change to a quote, a figure or a name is marked `≠` before it (the marker, not only a
style, so it survives NO_COLOR). Same-fact links follow, styled as related. `enter` asks the
reader to jump there.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.index.drift import Drift
from tui.index.queries import Echo, ReuseIndex
from tui.model import Document, Related, Span
from tui.printable import printable
from tui.reader.widgets.article_view import differing_words

CONTEXT_CHARS = 240  # at most this much context on each side of the other passage
TITLE_CHARS = 60
DRIFT_MARK = "≠"


def article_label(document: Document) -> str:
    """An article's display name: title, else file name, else id; flat and printable."""
    name = document.title or document.path.rsplit("/", 1)[-1] or document.id
    flat = " ".join(printable(name).split())
    return flat if len(flat) <= TITLE_CHARS else flat[: TITLE_CHARS - 1] + "…"


def _flat(text: str) -> str:
    return printable(text).replace("\n", " ").replace("\t", " ")


def context_range(index: ReuseIndex, span: Span) -> tuple[int, int]:
    """The sentences around `span`, clipped to CONTEXT_CHARS either side."""
    segments = index.segments(span.doc)
    first = segments.sentences[segments.sentence_at(span.start)] if segments.sentences else None
    last = (
        segments.sentences[segments.sentence_at(max(span.start, span.end - 1))]
        if segments.sentences
        else None
    )
    start = min(span.start, first[0]) if first else span.start
    end = max(span.end, last[1]) if last else span.end
    return max(start, span.start - CONTEXT_CHARS), min(end, span.end + CONTEXT_CHARS)


def drift_summary(drift: Sequence[Drift]) -> str:
    """ "≠ 2 changes: quote, name" for a list of drift, "" for none."""
    if not drift:
        return ""
    kinds = list(dict.fromkeys(d.kind for d in drift))
    noun = "change" if len(drift) == 1 else "changes"
    return f"{DRIFT_MARK} {len(drift)} {noun}: {', '.join(kinds)}"


def with_drift_marks(body: Text, offset: int, drift: Sequence[Drift], style: Style) -> Text:
    """`body` (document text from `offset`) with the drifted words styled and a `≠` before
    each difference inside it."""
    cuts = []
    for change in drift:
        start, end = change.b[0] - offset, change.b[1] - offset
        if 0 <= start <= len(body):
            body.stylize(style, start, max(start, end))
            cuts.append(start)
    if not cuts:
        return body
    marked = Text(end="")
    previous = 0
    for cut in sorted(cuts):
        marked.append_text(body[previous:cut])
        marked.append(DRIFT_MARK, style=style)
        previous = cut
    marked.append_text(body[previous:])
    return marked


def echo_text(index: ReuseIndex, echo: Echo, styles: dict[str, Style]) -> Text:
    """One entry of the pane: a header line, then the other passage in its context."""
    document = echo.document
    drift = index.drift_between(echo.here, echo.there)
    header = Text(end="")
    if echo.likely_source:
        header.append("★ likely source  ", style=styles.get("source", Style(bold=True)))
    header.append(article_label(document), style=Style(bold=True))
    details = [part for part in (document.source, document.date) if part]
    details.append(f"{echo.similarity:.0f}% similar")
    if echo.same_day:
        details.append("same day: no direction claimed")
    if echo.there.doc == echo.here.doc:
        details.append("repeated in this article")
    if drift:
        details.append(drift_summary(drift))
    header.append("\n" + _flat(" · ".join(details)), style=Style(dim=True))

    text = document.text
    start, end = context_range(index, echo.there)
    body = Text(_flat(text[start:end]), end="")
    body.stylize(Style(dim=True), 0, echo.there.start - start)
    body.stylize(Style(dim=True), echo.there.end - start, end - start)

    def paint(role: str, ranges: Sequence[tuple[int, int]]) -> None:
        style = styles.get(role)
        if style is None:
            return
        for s, e in ranges:
            body.stylize(style, max(s, start) - start, min(e, end) - start)

    paint("reused", [(echo.there.start, echo.there.end)])
    passage = (echo.there.start, echo.there.end)
    paint("differ", differing_words(text, passage, echo.shared_there))
    paint("shared", echo.shared_there)
    body = with_drift_marks(body, start, drift, styles.get("drift", Style(bold=True)))
    prefix = "…" if start > 0 and text[start - 1] not in "\n" else ""
    entry = Text(end="")
    entry.append_text(header)
    entry.append("\n" + prefix)
    entry.append_text(body)
    return entry


def related_text(index: ReuseIndex, link: Related, here_doc: str, styles: dict[str, Style]) -> Text:
    """A same-fact link: the other article and the terms both passages state."""
    other = link.b if link.a.doc == here_doc else link.a
    document = index.document(other.doc)
    style = styles.get("related", Style(italic=True))
    entry = Text("≈ same fact  ", style=style, end="")
    entry.append(article_label(document), style=Style(bold=True))
    entry.append(f"\n{_flat(', '.join(link.terms))}", style=Style(dim=True))
    entry.append("\n" + _flat(" ".join(document.text[other.start : other.end].split())[:300]))
    entry.stylize(style, 0, len(entry))
    return entry


class EchoesPane(OptionList):
    """The occurrences of the passage under the cursor; highlight one to compare, enter to go."""

    DEFAULT_CSS = """
    EchoesPane {
        height: 1fr;
        border: none;
        padding: 0;
    }
    EchoesPane > .option-list--option {
        padding: 0 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Go there", id="echoes.go"),
    ]

    class Jump(Message):
        """The user chose an occurrence: open `span`."""

        def __init__(self, span: Span) -> None:
            super().__init__()
            self.span = span

    class Compare(Message):
        """The highlighted occurrence changed: `echo` is the one to compare with (or None)."""

        def __init__(self, echo: Echo | None) -> None:
            super().__init__()
            self.echo = echo

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._targets: list[Span] = []
        self._echoes: list[Echo] = []
        self._shown: object = None

    @property
    def echoes(self) -> Sequence[Echo]:
        return self._echoes

    def show(
        self,
        index: ReuseIndex,
        here_doc: str,
        echoes: Sequence[Echo],
        related: Sequence[Related],
        styles: dict[str, Style],
    ) -> None:
        """Replace the entries; keep the highlight on the first echo.

        Stepping through sentences with the same echoes (most often: none) changes nothing,
        so nothing is rebuilt.
        """
        shown = (
            here_doc,
            tuple((e.cluster, e.here, e.there) for e in echoes),
            tuple(related),
            tuple(styles.items()),
        )
        if shown == self._shown:
            return
        self._shown = shown
        self._echoes = list(echoes)
        self._targets = []
        options: list[Option | None] = []
        for echo in echoes:
            options.append(Option(echo_text(index, echo, styles)))
            self._targets.append(echo.there)
        if related:
            options.append(None)
            for link in related:
                other = link.b if link.a.doc == here_doc else link.a
                options.append(Option(related_text(index, link, here_doc, styles)))
                self._targets.append(other)
        if not options:
            count = "No other occurrence"
            options.append(
                Option(Text(f"{count} of this sentence.", style=Style(dim=True)), disabled=True)
            )
        self.set_options(options)
        self.border_subtitle = (
            f"{len(echoes)} echo{'' if len(echoes) == 1 else 'es'}" if echoes else ""
        )
        here_first = bool(echoes) and all(
            index.likely_source(echo.cluster) == echo.here for echo in echoes
        )
        self.border_title = "Echoes · this passage is the likely source" if here_first else "Echoes"
        if self._targets:
            self.highlighted = 0

    def target(self, option_index: int) -> Span | None:
        """The span the entry at `option_index` (as OptionList counts) points to."""
        if not self._targets:
            return None
        # separators are not options, so option indices map straight onto targets
        if 0 <= option_index < len(self._targets):
            return self._targets[option_index]
        return None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        span = self.target(event.option_index)
        if span is not None:
            self.post_message(self.Jump(span))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        index = event.option_index
        self.post_message(self.Compare(self._echoes[index] if index < len(self._echoes) else None))
