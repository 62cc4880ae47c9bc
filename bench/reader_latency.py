"""The reader's cost to update the echoes pane when the cursor moves, on a real corpus.

Opens the corpus in the real app under Textual's Pilot (headless, 160x48), waits for the scan
or the index, then moves the cursor sentence by sentence: each move is timed from the call to
the screen's own move handler (index query, echoes pane, article marks) to its return, and,
separately, from a `j` key press to the app being idle again (with the repaint). Used by
`bench/speed.py`; prints nothing itself.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from pathlib import Path
from typing import Any

from tui.app import EchoesApp
from tui.screens.reader import ReaderScreen
from tui.theme import load_themes


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def _measure(corpus: Path, moves: int) -> dict[str, Any]:
    themes, _ = load_themes()
    app = EchoesApp([corpus], themes=themes, remember=False, use_cache=True)
    async with app.run_test(size=(160, 48)) as pilot:
        started = time.perf_counter()
        await app.workers.wait_for_complete()
        await pilot.pause()
        first_paint = time.perf_counter() - started
        reader = app.screen
        assert isinstance(reader, ReaderScreen), "the reader did not open"
        sentences = len(reader.index.segments(reader.doc_id).sentences)
        handler: list[float] = []
        for move in range(moves):
            started = time.perf_counter()
            reader._move_to(move % max(1, sentences))
            handler.append((time.perf_counter() - started) * 1000)
        await pilot.pause()
        timed: dict[str, list[float]] = {"z": [], "j": []}
        for key, times in timed.items():  # "z" does nothing: the Pilot's own cost per key
            for _ in range(min(moves, 100)):
                started = time.perf_counter()
                await pilot.press(key)
                await pilot.pause()
                times.append((time.perf_counter() - started) * 1000)
        keyed, idle = timed["j"], timed["z"]
    return {
        "moves": moves,
        "median_ms": statistics.median(handler),
        "p95_ms": _percentile(handler, 0.95),
        "key_median_ms": statistics.median(keyed),
        "key_p95_ms": _percentile(keyed, 0.95),
        "noop_key_median_ms": statistics.median(idle),
        "first_paint_s": first_paint,
        "documents": len(app_documents(reader)),
    }


def app_documents(reader: ReaderScreen) -> list[str]:
    return [d.id for d in reader.index.result.documents]


def cursor_latency(corpus: Path, moves: int) -> dict[str, Any]:
    return asyncio.run(_measure(corpus, moves))
