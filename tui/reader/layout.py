"""The reader's layout rules: the smallest terminal it draws in, where the panes stack, and how
wide the Articles list is. Plain numbers and no Textual, so `echoes doctor` can use them too."""

from __future__ import annotations

NARROW_BELOW = 100  # columns: below this the panes stack instead of standing side by side
MIN_WIDTH = 60
MIN_HEIGHT = 15
# The list's width: 30 columns below WIDE_FROM; from there a quarter of the terminal, at
# least 36, so "Deutsche Welle · 2017-02-07  12%" is never cut. `<`/`>` move it by LIST_STEP.
WIDE_FROM = 120
LIST_STEP = 4
LIST_MIN = 20


def list_width(terminal_width: int, offset: int = 0) -> int:
    """The Articles list's width at `terminal_width` columns, moved by `offset` and kept
    between LIST_MIN and half the terminal."""
    base = 30 if terminal_width < WIDE_FROM else max(36, terminal_width // 4)
    return max(LIST_MIN, min(base + offset, terminal_width // 2))


def too_small(width: int, height: int) -> str | None:
    """What to say instead of drawing the panes at `width`×`height`; None when they fit."""
    if width >= MIN_WIDTH and height >= MIN_HEIGHT:
        return None
    return (
        f"echoes needs a terminal of at least {MIN_WIDTH}×{MIN_HEIGHT};\n"
        f"this one is {width}×{height}.\n\nEnlarge the window, or press q to quit."
    )
