"""SVG snapshots of the reader at the moments the issue names, at fixed sizes, animations off.

Regenerate after an intended visual change with `pytest tests/test_snapshots.py
--snapshot-update`, then look at the SVGs (the report pytest-textual-snapshot writes on failure
shows old and new side by side).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot

from tests.conftest import SEEDS, write_dated_seeds
from tui.reader.app import EchoesApp
from tui.reader.screens.loading import LoadingScreen
from tui.reader.theme import load_themes

SnapCompare = Callable[..., bool]


SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]


def seeds_app(corpus: Path = SEEDS) -> EchoesApp:
    themes, _ = load_themes()
    return EchoesApp([corpus], themes=themes, remember=False)


def after_scan(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Wait for the scan worker, then press `keys`: never a fixed sleep."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()

    return run_before


def test_carter_quote_with_irish_times_echo_160x48(snap_compare: SnapCompare) -> None:
    assert snap_compare(seeds_app(), terminal_size=(160, 48), run_before=after_scan("n"))


def test_carter_quote_with_irish_times_echo_80x24(snap_compare: SnapCompare) -> None:
    assert snap_compare(seeds_app(), terminal_size=(80, 24), run_before=after_scan("n"))


def test_irish_times_after_jumping_from_the_echo_80x24(snap_compare: SnapCompare) -> None:
    assert snap_compare(
        seeds_app(), terminal_size=(80, 24), run_before=after_scan("n", "tab", "enter")
    )


def test_help_screen_80x24(snap_compare: SnapCompare) -> None:
    assert snap_compare(seeds_app(), terminal_size=(80, 24), run_before=after_scan("question_mark"))


@pytest.mark.parametrize("size", SIZES)
def test_filter_bar_with_two_sources_and_a_start_date(
    snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
) -> None:
    corpus = write_dated_seeds(tmp_path / "dated.jsonl")
    keys = ("f", *"al j, irish", "tab", *"2015-09-01", "tab", "tab", *"80")
    assert snap_compare(seeds_app(corpus), terminal_size=size, run_before=after_scan(*keys))


@pytest.mark.parametrize("size", SIZES)
def test_filtered_reader_on_the_carter_quote_with_its_provenance(
    snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
) -> None:
    corpus = write_dated_seeds(tmp_path / "dated.jsonl")
    keys = ("f", *"al j, irish", "enter", "n")
    assert snap_compare(seeds_app(corpus), terminal_size=size, run_before=after_scan(*keys))


class Loading(App[None]):
    """The loading screen on a clock that moves by hand."""

    def __init__(self) -> None:
        super().__init__()
        self.animation_level = "none"
        self.now = 0.0
        self.loading = LoadingScreen(clock=lambda: self.now)

    def on_mount(self) -> None:
        self.push_screen(self.loading)


async def two_reports(pilot: Pilot[Any]) -> None:
    """12,000 pairs aligned in 12 s: 33,678 left take about 34 s."""
    app = pilot.app
    assert isinstance(app, Loading)
    await pilot.pause()
    app.loading.report("aligning", 0, 45_678)
    app.now = 12.0
    app.loading.report("aligning", 12_000, 45_678)
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_loading_screen_with_counts_and_time_left(
    snap_compare: SnapCompare, size: tuple[int, int]
) -> None:
    assert snap_compare(Loading(), terminal_size=size, run_before=two_reports)
