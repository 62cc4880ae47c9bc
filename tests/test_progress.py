"""A scan's progress in words: counts, and the time left from the stage's own pace."""

from __future__ import annotations

import pytest

from tui.progress import ProgressClock, time_left


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_counts_say_what_is_counted_and_the_estimate_waits_for_a_pace() -> None:
    clock = Clock()
    progress = ProgressClock(clock)
    first = progress.report("reading", 0, 3788)
    assert first.title == "Preparing documents"
    assert first.counts == "0 of 3,788 documents prepared"
    assert first.left is None and first.eta == ""
    clock.now += 0.5
    assert progress.report("reading", 200, 3788).left is None, "half a second: no pace yet"
    clock.now += 1.5  # 2 s for 1,000 documents: 2,788 left take 5.6 s
    later = progress.report("reading", 1000, 3788)
    assert later.left == pytest.approx(5.576)
    assert (
        later.line() == "Preparing documents · 1,000 of 3,788 documents prepared · about 6 s left"
    )


def test_each_stage_is_timed_from_its_own_start() -> None:
    clock = Clock()
    progress = ProgressClock(clock)
    progress.report("reading", 0, 10)
    clock.now += 60
    progress.report("reading", 10, 10)
    aligning = progress.report("aligning", 0, 45_678)
    assert aligning.counts == "0 of 45,678 pairs aligned" and aligning.left is None
    clock.now += 10
    assert progress.report("aligning", 2_000, 45_678).eta == "about 4 min left"


def test_a_stage_without_counts_shows_its_name_only() -> None:
    view = ProgressClock(Clock()).report("clustering", 1, 1)
    assert view.line() == "Clustering"


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (0.4, "almost done"),
        (42, "about 42 s left"),
        (200, "about 3 min left"),
        (3900, "about 1 h 5 min left"),
    ],
)
def test_time_left_in_words(seconds: float, words: str) -> None:
    assert time_left(seconds) == words
