"""What a scan's progress reports mean to a person: counts, a rate and the time left.

The scan reports `progress(stage, done, total)` and knows nothing of clocks; the reader and
`echoes scan` both turn those reports into the same words here ("1,204 of 3,788 documents
prepared · about 40 s left"). The estimate is the stage's own pace since its first report,
shown once the stage has run a second and moved, so a stage that just began claims nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

ESTIMATE_AFTER = 1.0  # seconds into a stage before its pace is trusted for an estimate

# stage name as the scan reports it -> (what is happening, what the counts count)
STAGES: dict[str, tuple[str, str]] = {
    "reading": ("Preparing documents", "documents prepared"),
    "aligning": ("Aligning pairs", "pairs aligned"),
    "clustering": ("Clustering", "steps"),
}


@dataclass(frozen=True)
class ProgressView:
    """One report in words: `title` ("Aligning pairs"), `counts` ("1,204 of 9,310 pairs
    aligned"; empty when the stage has no counts) and `left` (seconds, None: no estimate)."""

    stage: str
    title: str
    done: int
    total: int
    counts: str
    left: float | None

    @property
    def eta(self) -> str:
        """The time left in words, or "" when there is no estimate yet."""
        return time_left(self.left) if self.left is not None else ""

    def line(self) -> str:
        """Everything in one line, for a terminal's status line."""
        return " · ".join(part for part in (self.title, self.counts, self.eta) if part)


def time_left(seconds: float) -> str:
    """ "about 40 s left", "about 3 min left", "about 1 h 5 min left"; "almost done" below 1 s."""
    if seconds < 1:
        return "almost done"
    if seconds < 90:
        return f"about {round(seconds)} s left"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"about {minutes} min left"
    return f"about {minutes // 60} h {minutes % 60} min left"


class ProgressClock:
    """Turns a scan's reports into `ProgressView`s, timing each stage from its first report."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._stage = ""
        self._started = 0.0
        self._done_at_start = 0

    def report(self, stage: str, done: int, total: int) -> ProgressView:
        now = self._clock()
        if stage != self._stage:
            self._stage, self._started, self._done_at_start = stage, now, done
        title, unit = STAGES.get(stage, (stage.capitalize(), "done"))
        counts = f"{done:,} of {total:,} {unit}" if total > 1 else ""
        left = None
        elapsed = now - self._started
        moved = done - self._done_at_start
        if total > 1 and elapsed >= ESTIMATE_AFTER and moved > 0:
            left = max(0.0, (total - done) * elapsed / moved)
        return ProgressView(stage, title, done, total, counts, left)
