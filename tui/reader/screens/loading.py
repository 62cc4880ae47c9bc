"""The first screen: a progress bar while the corpus is scanned (or read from the cache).

`esc` or `ctrl+c` asks the app to cancel; the scan stops at its next progress report. The bar
appears with the scan's first report: reopening from the index reports nothing, and an idle
screen leaves the loading thread all of the interpreter (an animated bar would take a share).
Under the bar: what is counted ("1,204 of 3,788 documents prepared") and the time left.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Label, ProgressBar

from tui.progress import ProgressClock


class LoadingScreen(Screen[None]):
    """Shows the scan's stage and progress until the reader is ready."""

    DEFAULT_CSS = """
    LoadingScreen { align: center middle; }
    LoadingScreen Label { width: 1fr; text-align: center; padding: 1 0; }
    LoadingScreen #counts { padding: 0; }
    LoadingScreen ProgressBar { width: auto; display: none; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,ctrl+c,q", "cancel", "Cancel", id="loading.cancel", priority=True),
    ]

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.progress = ProgressClock(clock)

    def compose(self) -> ComposeResult:
        with Middle():
            yield Label("Opening the corpus…", id="stage")
            with Center():
                yield ProgressBar(total=None, show_eta=False, id="progress")
            yield Label("", id="counts")
            yield Label("esc: cancel", id="hint")

    def report(self, stage: str, done: int, total: int) -> None:
        """Show one progress report from the scan."""
        view = self.progress.report(stage, done, total)
        self.query_one("#stage", Label).update(f"{view.title}…")
        counts = " · ".join(part for part in (view.counts, view.eta) if part)
        self.query_one("#counts", Label).update(counts)
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
