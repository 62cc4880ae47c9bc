"""A checkbox whose state is written, not only coloured: `[x]` ticked, `[ ]` not.

Textual's checkbox shows the same `X` either way and tells on from off by colour alone, which
NO_COLOR terminals, screen captures and screen readers cannot see. Only `space` ticks it:
`enter` is left to the form around it (the filter bar applies on `enter`).
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Checkbox


class TickBox(Checkbox, inherit_bindings=False):
    """A compact checkbox drawn as `[x] label` or `[ ] label`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_button", "Tick or untick", show=False, id="tick.toggle"),
    ]

    DEFAULT_CSS = """
    TickBox { border: none; padding: 0 2 0 0; height: 1; background: $panel; }
    TickBox:focus { border: none; }
    TickBox > .toggle--button { background: $panel; }
    """

    @property
    def _button(self) -> Content:
        style = self.get_visual_style("toggle--button")
        return Content.assemble("[", ("x" if self.value else " ", style), "]")
