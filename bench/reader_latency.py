#!/usr/bin/env python3
"""How soon the reader shows a scanned corpus, and what a cursor move costs there.

    python bench/reader_latency.py CORPUS [--runs 5] [--moves 300] [--terminal]

Builds the persistent index once (under $ECHOES_HOME, or a temporary home), then, in a fresh
process per run:
- first paint: from creating the app (imports already done) until the reader is on screen
  and has drawn the frames its start-up asked for (a refresh after its mount messages), in the
  real app under Textual's Pilot (headless, 160x48): a little after its very first frame, so
  never flattering; the import time is printed apart;
- cursor moves, sentence by sentence once every background worker is done: each timed from the
  call to the screen's own move handler (index query, echoes pane, article marks) to its
  return, and, separately, from a `j` key press to the app being idle again (with the repaint).
With `--terminal` it also starts the real `echoes CORPUS` command in tmux (160x48) and times,
from the command's start (interpreter and imports included), until the reader's panes are on
the terminal: what a person waits for.

`cursor_latency` is also used by `bench/speed.py` and `bench/reader_keys.py`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SIZE = (160, 48)


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def _measure(corpus: Path, moves: int) -> dict[str, Any]:
    from tui.reader.app import EchoesApp
    from tui.reader.screens.reader import ReaderScreen
    from tui.reader.theme import load_themes

    themes, _ = load_themes()
    started = time.perf_counter()
    app = EchoesApp([corpus], themes=themes, remember=False, use_cache=True)
    async with app.run_test(size=SIZE) as pilot:
        while not isinstance(app.screen, ReaderScreen) and app.is_running:
            await asyncio.sleep(0.002)
        reader = app.screen
        assert isinstance(reader, ReaderScreen), "the reader did not open"
        await reader.wait_for_refresh()  # the reader's first frame is composed and drawn
        first_paint = time.perf_counter() - started
        await app.workers.wait_for_complete()  # anything finishing in the background
        await pilot.pause()
        settled = time.perf_counter() - started
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
        documents = len(reader.index.documents)
    return {
        "moves": moves,
        "median_ms": statistics.median(handler) if handler else 0.0,
        "p95_ms": _percentile(handler, 0.95) if handler else 0.0,
        "key_median_ms": statistics.median(keyed) if keyed else 0.0,
        "key_p95_ms": _percentile(keyed, 0.95) if keyed else 0.0,
        "noop_key_median_ms": statistics.median(idle) if idle else 0.0,
        "first_paint_s": first_paint,
        "settled_s": settled,
        "documents": documents,
    }


def cursor_latency(corpus: Path, moves: int) -> dict[str, Any]:
    """First paint and cursor-move figures of the reader on `corpus`, in this process."""
    return asyncio.run(_measure(corpus, moves))


def _terminal_paint(corpus: Path, home: Path) -> float:
    """Seconds from starting `echoes CORPUS` in tmux until the reader's panes are on screen."""
    echoes = Path(sys.executable).parent / "echoes"
    socket = f"echoes-bench-{os.getpid()}-{uuid.uuid4().hex[:8]}"

    def tmux(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["tmux", "-L", socket, *args], capture_output=True, text=True)

    command = (
        f"env ECHOES_HOME={shlex.quote(str(home))} TERM=xterm-256color "
        f"{shlex.quote(str(echoes))} {shlex.quote(str(corpus))}"
    )
    try:
        started = time.perf_counter()
        width, height = str(SIZE[0]), str(SIZE[1])
        # Started in this folder, so a relative corpus path names the same documents (their
        # paths are part of the index key) as the index built above.
        tmux(
            "new-session",
            "-d",
            "-s",
            "bench",
            "-c",
            os.getcwd(),
            "-x",
            width,
            "-y",
            height,
            command,
        )
        while time.perf_counter() - started < 60:
            screen = tmux("capture-pane", "-p", "-t", "bench").stdout
            if "Articles" in screen and "Echoes" in screen:
                return time.perf_counter() - started
            time.sleep(0.005)
        raise RuntimeError(f"the reader did not appear in 60 s; the screen shows:\n{screen}")
    finally:
        tmux("kill-server")


def _child(what: str, corpus: Path, moves: int) -> None:
    started = time.perf_counter()
    if what == "build":
        from tui.index.indexer import open_corpus

        opened = open_corpus([corpus])
        figures: dict[str, Any] = {
            "seconds": time.perf_counter() - started,
            "from_cache": opened.from_cache,
            "documents": len(opened.result.documents),
        }
    else:
        import tui.reader.app  # noqa: F401  (the import time, apart from the paint)

        imports = time.perf_counter() - started
        figures = {"imports_s": imports, **cursor_latency(corpus, moves)}
    print(json.dumps(figures))


def _run_child(what: str, corpus: Path, moves: int, home: Path) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", what, str(corpus), "--moves", str(moves)]
    env = {**os.environ, "ECHOES_HOME": str(home), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{what} run failed:\n{done.stderr}")
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def _spread(values: list[float]) -> str:
    return f"median {statistics.median(values):.3f} (min {min(values):.3f}, max {max(values):.3f})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="a corpus: .jsonl file, folder or text file")
    parser.add_argument("--runs", type=int, default=5, help="fresh processes to time")
    parser.add_argument("--moves", type=int, default=300, help="cursor moves timed per run")
    parser.add_argument("--terminal", action="store_true", help="also time `echoes` in tmux")
    parser.add_argument("--child", choices=("build", "paint"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child, args.corpus, args.moves)
        return 0
    if not args.corpus.exists():
        parser.error(f"no such corpus: {args.corpus}")
    if args.terminal and shutil.which("tmux") is None:
        parser.error("--terminal needs tmux")
    given = os.environ.get("ECHOES_HOME")
    with tempfile.TemporaryDirectory(prefix="echoes-latency-") as scratch:
        home = Path(given) if given else Path(scratch)
        build = _run_child("build", args.corpus, 0, home)
        how = "already built" if build["from_cache"] else "built now"
        print(f"index: {build['documents']} documents, {how}, {build['seconds']:.2f} s to open")
        runs = [_run_child("paint", args.corpus, args.moves, home) for _ in range(args.runs)]
        print(f"imports (tui.reader.app): {_spread([r['imports_s'] for r in runs])} s")
        paint = [r["first_paint_s"] for r in runs]
        print(f"first paint from app start (headless): {_spread(paint)} s")
        print(f"background work done: {_spread([r['settled_s'] for r in runs])} s")
        if args.moves:
            medians, p95s = [r["median_ms"] for r in runs], [r["p95_ms"] for r in runs]
            print(f"cursor move handler, median per run: {_spread(medians)} ms")
            print(f"cursor move handler, p95 per run: {_spread(p95s)} ms")
            print(
                f"'j' key to idle: {_spread([r['key_median_ms'] for r in runs])} ms "
                f"(no-op key {_spread([r['noop_key_median_ms'] for r in runs])} ms)"
            )
        if args.terminal:
            seconds = [_terminal_paint(args.corpus, home) for _ in range(args.runs)]
            print(f"first paint in a terminal from `echoes` start: {_spread(seconds)} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
