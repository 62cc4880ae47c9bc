"""SVG snapshots of the reader at the moments the issue names, at fixed sizes, animations off.

Regenerate after an intended visual change with `pytest tests/test_snapshots.py
--snapshot-update`, then look at the SVGs (the report pytest-textual-snapshot writes on failure
shows old and new side by side).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from textual.pilot import Pilot

from tests.conftest import SEEDS
from tui.reader.app import EchoesApp
from tui.reader.theme import load_themes

SnapCompare = Callable[..., bool]


def seeds_app() -> EchoesApp:
    themes, _ = load_themes()
    return EchoesApp([SEEDS], themes=themes, remember=False)


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
