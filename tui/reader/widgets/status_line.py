"""One line at the top of the reader: where you are and what the cursor is on."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widget import Widget


class StatusLine(Widget):
    """Sentence and article position, reuse share, echoes, search and filters: one row."""

    DEFAULT_CSS = """
    StatusLine {
        dock: top;
        height: 1;
        width: 1fr;
        background: $panel;
        color: $foreground;
        padding: 0 1;
    }
    """

    def show(
        self,
        title: str,
        sentence: int,
        sentences: int,
        echoes: int,
        search: str = "",
        *,
        article: int = 0,
        articles: int = 0,
        share: float = 0.0,
        filters: str = "",
    ) -> None:
        """Redraw from plain values; `title` and `filters` are already printable. `article`
        counts from 0 like `sentence`; `share` is the article's reused fraction (0-1). The line
        is cut at the right edge, so what matters most while reading comes first."""
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        line.append(f"sentence {sentence + 1}/{sentences}", style=Style(bold=True))
        if search:  # next to the counter: a narrow terminal still shows the hit count
            line.append(f" │ {search}", style=Style(italic=True))
        if articles:
            line.append(f" · article {article + 1}/{articles}")
        line.append(f" · {share * 100:.0f}% reused ")
        if echoes:
            noun = "echo" if echoes == 1 else "echoes"
            line.append(f"◆ {echoes} {noun} ", style=Style(bold=True))
        else:
            line.append("· no echoes ", style=Style(dim=True))
        if filters:
            line.append(f"│ {filters} ", style=Style(bold=True, italic=True))
        line.append("│ " + title)
        self.update(line)

    def update(self, line: Text | str) -> None:
        """Show `line`; the height never changes, so only this row repaints (no layout pass)."""
        self._line = Text(line, end="") if isinstance(line, str) else line
        self.refresh()

    def render(self) -> Text:
        return getattr(self, "_line", Text())
