"""The first screen: a progress bar while the corpus is scanned (or read from the cache).

`esc` or `ctrl+c` asks the app to cancel; the scan stops at its next progress report. The bar
appears with the scan's first report: reopening from the index reports nothing, and an idle
screen leaves the loading thread all of the interpreter (an animated bar would take a share).
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Label, ProgressBar


class LoadingScreen(Screen[None]):
    """Shows the scan's stage and progress until the reader is ready."""

    DEFAULT_CSS = """
    LoadingScreen { align: center middle; }
    LoadingScreen Label { width: 1fr; text-align: center; padding: 1 0; }
    LoadingScreen ProgressBar { width: auto; display: none; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,ctrl+c,q", "cancel", "Cancel", id="loading.cancel", priority=True),
    ]

    def compose(self) -> ComposeResult:
        with Middle():
            yield Label("Opening the corpus…", id="stage")
            with Center():
                yield ProgressBar(total=None, show_eta=False, id="progress")
            yield Label("esc: cancel", id="hint")

    def report(self, stage: str, done: int, total: int) -> None:
        """Show one progress report from the scan."""
        self.query_one("#stage", Label).update(f"{stage.capitalize()}…")
        bar = self.query_one(ProgressBar)
        bar.display = True
        if total > 1:
            bar.update(total=total, progress=done)
        else:
            bar.update(total=None)

    def action_cancel(self) -> None:
        cancel = getattr(self.app, "cancel_scan", None)
        if cancel is not None:
            cancel()
