"""The article, wrapped with its paragraphs kept, as a line-API view.

Only the lines on screen are rendered, and rendered lines are cached: moving the cursor
re-renders the few lines the old and new sentence touch, never the whole article. Text is shown
literally: each line is a `rich.text.Text` built from `printable()` text plus style spans.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.cache import LRUCache
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.printable import printable

CharRange = tuple[int, int]
LineRange = tuple[int, int]

_WORD = re.compile(r"\S+\s*")
_WORD_ONLY = re.compile(r"\S+")
# White space that breaks or indents a line of the text (CRLF and the wire's paragraph marks
# included) is a space inside a wrapped screen line: one character for one, offsets unmoved.
_LINE_BREAKS_AS_SPACES = str.maketrans(dict.fromkeys("\r\n\t\v\f\x85\u2028\u2029", " "))
GUTTER = 2  # a marker column and a space before the text


def displayed(text: str) -> str:
    """`text` as the view draws it: line breaks and tabs as spaces, other controls as visible
    symbols; one character for one, so offsets into `text` index this too."""
    return printable(text.translate(_LINE_BREAKS_AS_SPACES))


def wrap_paragraphs(text: str, paragraphs: Sequence[CharRange], width: int) -> list[LineRange]:
    """Screen lines as `[start, end)` offsets into `text`, greedy word wrap at `width` cells.

    A blank line (an empty range at the next paragraph's start) separates paragraphs; words
    wider than a line are cut. Offsets always index the original text; widths are measured
    on what is drawn (`displayed`), so a control character drawn as `␛` takes its cell.
    """
    width = max(width, 4)
    shown = displayed(text)
    lines: list[LineRange] = []
    for number, (start, end) in enumerate(paragraphs):
        if number:
            lines.append((start, start))
        line_start, line_end, used = start, start, 0
        for match in _WORD.finditer(text, start, end):
            word_start = match.start()
            word_end = word_start + len(match.group().rstrip())
            word_width = cell_len(shown[word_start:word_end])
            if used and used + word_width > width:
                lines.append((line_start, line_end))
                line_start, used = word_start, 0
            while word_width > width - used:  # a word too long for any line: cut it
                cut, taken = word_start, used
                while cut < word_end and taken + cell_len(shown[cut]) <= width:
                    taken += cell_len(shown[cut])
                    cut += 1
                if cut == word_start:
                    cut += 1
                lines.append((line_start, cut))
                word_start = line_start = cut
                used = 0
                word_width = cell_len(shown[word_start:word_end])
            line_end = word_end
            used += cell_len(shown[word_start : match.end()])
        if line_end > line_start:
            lines.append((line_start, line_end))
    return lines


@dataclass(frozen=True)
class ArticleMarks:
    """What to paint over an article: reused passages, boilerplate and search hits."""

    reused: tuple[CharRange, ...] = ()
    boilerplate: tuple[CharRange, ...] = ()
    hits: tuple[CharRange, ...] = ()


def _overlapping(ranges: Sequence[CharRange], start: int, end: int) -> list[CharRange]:
    return [(s, e) for s, e in ranges if s < end and e > start]


def differing_words(text: str, passage: CharRange, shared: Sequence[CharRange]) -> list[CharRange]:
    """Words of `passage` outside every shared run: the words the other version changed.

    One sweep over the runs sorted by start (runs begin and end on word edges), so a long
    passage with thousands of runs costs words + runs, not words x runs, on every cursor move.
    """
    runs = sorted(shared)
    words = []
    next_run, reach = 0, -1
    for match in _WORD_ONLY.finditer(text, passage[0], passage[1]):
        start, end = match.span()
        while next_run < len(runs) and runs[next_run][0] <= start:
            reach = max(reach, runs[next_run][1])
            next_run += 1
        if end > reach:  # no run starting at or before this word reaches its end
            words.append((start, end))
    return words


class ArticleView(ScrollView, can_focus=True, inherit_bindings=False):
    """One article with the sentence under the cursor marked and reuse tinted."""

    DEFAULT_CSS = """
    ArticleView {
        height: 1fr;
        padding: 0 1 0 0;
        scrollbar-size-vertical: 1;
        overflow-x: hidden;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = ""
        self._paragraphs: tuple[CharRange, ...] = ()
        self._marks = ArticleMarks()
        self._styles: dict[str, Style] = {}
        self._cursor: CharRange = (0, 0)
        self._passage: CharRange | None = None
        self._emphasis: tuple[CharRange, ...] = ()
        self._changed: tuple[CharRange, ...] = ()
        self._lines: list[LineRange] = []
        self._line_starts: list[int] = []
        self._wrap_width = 0
        self._cache: LRUCache[tuple[object, ...], Strip] = LRUCache(1024)

    # state ---------------------------------------------------------------------------
    def show(self, text: str, paragraphs: Sequence[CharRange], marks: ArticleMarks) -> None:
        """Display a new article (or the same one with new marks), keeping nothing cached."""
        new_text = text != self.text
        self.text = text
        self._paragraphs = tuple(paragraphs)
        self._marks = marks
        self._cache.clear()
        if new_text:  # marks of the old text mean nothing in the new one
            self._passage, self._emphasis, self._changed = None, (), ()
            self._wrap_width = 0
            self._relayout()
            self.scroll_to(y=0, animate=False)
        self.refresh()

    def set_marks(self, marks: ArticleMarks) -> None:
        self._marks = marks
        self._cache.clear()
        self.refresh()

    def set_highlights(self, styles: dict[str, Style]) -> None:
        self._styles = dict(styles)
        self._cache.clear()
        self.refresh()

    def set_cursor(
        self,
        cursor: CharRange,
        passage: CharRange | None = None,
        emphasis: Sequence[CharRange] = (),
    ) -> None:
        """Mark `cursor` (a sentence), the reused `passage` under it and its shared words."""
        emphasis = tuple(emphasis)
        # Moving sentence by sentence inside one long passage compares with the same echo
        # each time: its changed words, a sweep over the whole passage, are still right.
        if (passage, emphasis) != (self._passage, self._emphasis):
            self._changed = (
                tuple(differing_words(self.text, passage, emphasis)) if passage and emphasis else ()
            )
        self._cursor = cursor
        self._passage = passage
        self._emphasis = emphasis
        self.refresh()
        self.scroll_cursor_visible()

    @property
    def cursor(self) -> CharRange:
        return self._cursor

    # layout --------------------------------------------------------------------------
    def _text_width(self) -> int:
        return max(self.scrollable_content_region.width - GUTTER, 10)

    def _relayout(self) -> None:
        width = self._text_width()
        if width == self._wrap_width and self._lines:
            return
        self._wrap_width = width
        self._lines = wrap_paragraphs(self.text, self._paragraphs, width)
        self._line_starts = [start for start, _ in self._lines]
        self._cache.clear()
        self.virtual_size = Size(width + GUTTER, len(self._lines))

    def on_resize(self) -> None:
        self._relayout()
        self.scroll_cursor_visible()

    def line_of(self, offset: int) -> int:
        """The screen line holding character `offset`."""
        return max(0, bisect_right(self._line_starts, offset) - 1)

    def line_start(self, line: int) -> int:
        """Character offset where screen line `line` starts (clamped to the article)."""
        if not self._lines:
            return 0
        return self._lines[max(0, min(line, len(self._lines) - 1))][0]

    @property
    def line_count(self) -> int:
        return len(self._lines)

    @property
    def page_height(self) -> int:
        return max(1, self.scrollable_content_region.height)

    def scroll_cursor_visible(self) -> None:
        """Scroll so the whole cursor sentence is on screen, with a little context."""
        if not self._lines:
            return
        top = self.line_of(self._cursor[0])
        bottom = self.line_of(max(self._cursor[0], self._cursor[1] - 1))
        height = self.page_height
        context = 2 if height > 8 else 0
        y = int(self.scroll_y)
        if bottom < y - 3 or top > y + height + 3:  # a jump, not a step: show it a third down
            y = top - height // 3
        elif top - context < y:
            y = top - context
        elif bottom + context >= y + height:
            y = min(top - context, bottom + context - height + 1)
        self.scroll_to(y=max(0, y), animate=False, immediate=True)

    # rendering -----------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if index >= len(self._lines):
            return Strip.blank(width, base)
        start, end = self._lines[index]
        touches_cursor = start < self._cursor[1] and end > self._cursor[0]
        key: tuple[object, ...] = (
            index,
            width,
            (self._cursor, self._passage, self._emphasis) if touches_cursor else None,
        )
        strip = self._cache.get(key)
        if strip is None:
            strip = self._render_text_line(start, end, touches_cursor, base)
            self._cache[key] = strip
        return strip.crop_extend(scroll_x, scroll_x + width, base).apply_offsets(scroll_x, index)

    def _render_text_line(self, start: int, end: int, on_cursor: bool, base: Style) -> Strip:
        styles = self._styles
        body = displayed(self.text[start:end])
        line = Text(body, no_wrap=True, end="")

        def paint(role: str, ranges: Sequence[CharRange]) -> None:
            style = styles.get(role)
            if style is None:
                return
            for s, e in _overlapping(ranges, start, end):
                line.stylize(style, max(s, start) - start, min(e, end) - start)

        paint("boilerplate", self._marks.boilerplate)
        paint("reused", self._marks.reused)
        reused_here = bool(_overlapping(self._marks.reused, start, end))
        if on_cursor:
            paint("cursor", [self._cursor])
            paint("differ", self._changed)
            paint("shared", self._emphasis)
        paint("search", self._marks.hits)
        if on_cursor:
            gutter = Text("▌ ", style=styles.get("cursor", Style(reverse=True)), end="")
        elif reused_here:
            gutter = Text("│ ", style=styles.get("reused", Style()), end="")
        else:
            gutter = Text("  ", end="")
        gutter.append_text(line)
        strip = Strip(gutter.render(self.app.console), gutter.cell_len)
        return strip.apply_style(base)
