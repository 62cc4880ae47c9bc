#!/usr/bin/env python3
"""How fast echoes scans growing prefixes of a corpus, and how that compares with a floor.

    python bench/speed.py CORPUS.jsonl [--sizes 1000,2000,5000,10000,all] [--workers N]

For each size it scans the first N articles in a fresh process (so peak memory is that size's
own) and, just before, times a floor in another fresh process: reading and tokenising the same
articles, nothing else. The ratio of the two compares across machines and loads, where seconds
alone do not. Peak memory is the resident memory of the scanning process and its workers
together (proportional set sizes, so pages a forked worker shares count once), sampled every
20 ms, or the kernel's figure for the largest single process if that is higher.

Then, on the largest size: reopening the scanned corpus from the persistent index, and the
reader's echoes-pane update when the cursor moves, if the reader is there.
The last line describes the largest size:
size=… docs=… seconds=… docs_per_s=… peak_rss_mb=… floor_ratio=… pairs=… clusters=…
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_Result = TypeVar("_Result")
SAMPLE_SECONDS = 0.1  # reading smaps of a large process costs; do not steal the cores


# ---------------------------------------------------------------- measurements (child side)


def _own_peak_mb() -> float:
    """Peak resident memory of this process and of its largest finished child, in MiB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024  # Linux reports KiB


def measure_floor(corpus: Path) -> dict[str, Any]:
    """Read and tokenise every article: the least any scan must do."""
    from tui.engine.load import load_corpus
    from tui.engine.tokens import tokenize

    start = time.perf_counter()
    documents = load_corpus([corpus]).documents
    words = sum(len(tokenize(d.text)) for d in documents)
    return {"seconds": time.perf_counter() - start, "docs": len(documents), "words": words}


def measure_scan(corpus: Path, workers: int | None) -> dict[str, Any]:
    """Load and scan, as `echoes scan --no-cache` does."""
    from tui.engine.load import load_corpus
    from tui.runners.local import scan

    start = time.perf_counter()
    loaded = load_corpus([corpus])
    result = scan(loaded.documents, workers=workers)
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "docs": len(result.documents),
        "words": int(result.stats["words"]),
        "pairs": int(result.stats["candidate_pairs"]),
        "aligned": int(result.stats["pairs_aligned"]),
        "passages": sum(len(c.passages) for c in result.clusters),
        "clusters": len(result.clusters),
        "stages": {k: round(v, 2) for k, v in result.stats.items() if k.endswith("_seconds")},
        "own_peak_mb": _own_peak_mb(),
    }


def measure_open(corpus: Path, workers: int | None) -> dict[str, Any]:
    """Open through the persistent index (ECHOES_HOME is set by the caller)."""
    from tui.index.indexer import open_corpus

    start = time.perf_counter()
    opened = open_corpus([corpus], workers=workers)
    seconds = time.perf_counter() - start
    # "Usable": the reader's first questions can be answered (a cluster's passages and text).
    result = opened.result
    if result.clusters:
        first = result.clusters[0].passages[0]
        texts = {d.id: d for d in result.documents}
        _ = texts[first.doc].text[first.start : first.end]
    return {
        "seconds": time.perf_counter() - start,
        "open_seconds": seconds,
        "from_cache": opened.from_cache,
        "clusters": len(result.clusters),
        "own_peak_mb": _own_peak_mb(),
    }


def measure_cursor(corpus: Path, moves: int) -> dict[str, Any]:
    """Median and 95th percentile of the reader's echoes-pane update per cursor move."""
    from bench.reader_latency import cursor_latency  # type: ignore[import-not-found]

    return dict(cursor_latency(corpus, moves))


def _child(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=("floor", "scan", "open", "cursor"))
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--workers", type=int)
    parser.add_argument("--moves", type=int, default=300)
    args = parser.parse_args(argv)
    if args.what == "floor":
        figures = measure_floor(args.corpus)
    elif args.what == "scan":
        figures = measure_scan(args.corpus, args.workers)
    elif args.what == "open":
        figures = measure_open(args.corpus, args.workers)
    else:
        figures = measure_cursor(args.corpus, args.moves)
    print(json.dumps(figures))
    return 0


# ---------------------------------------------------------------- orchestration (parent side)


def _tree(pid: int) -> list[int]:
    """`pid` and all its descendants."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    queue.extend(int(p) for p in handle.read().split())
        except OSError:
            continue
    return found


def _resident_mb(pids: Sequence[int]) -> float:
    """Resident memory of `pids` together: proportional set sizes, so the pages forked workers
    still share with the main process count once, not once per process."""
    total_kib = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as handle:
                for line in handle:
                    if line.startswith("Pss:"):
                        total_kib += int(line.split()[1])
                        break
        except (OSError, IndexError, ValueError):
            continue
    return total_kib / 1024


def sampled_peak(
    pid: int, work: Callable[[], _Result], every: float = SAMPLE_SECONDS
) -> tuple[_Result, float, float]:
    """`work()`, its wall time and the peak memory (MiB, PSS) of `pid`'s process tree
    meanwhile, sampled every `every` seconds."""
    peak = 0.0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.wait(every):
            peak = max(peak, _resident_mb(_tree(pid)))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    start = time.perf_counter()
    try:
        result = work()
    finally:
        seconds = time.perf_counter() - start
        stop.set()
        sampler.join()
    return result, seconds, peak


def run_child(args: Sequence[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run one measurement in a fresh process; add its sampled peak memory (process tree)."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", *args]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    (out, err), _, peak = sampled_peak(process.pid, process.communicate)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{err.strip()}")
    figures: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    figures["peak_rss_mb"] = max(peak, float(figures.get("own_peak_mb", 0.0)))
    return figures


def write_prefix(corpus: Path, size: int | None, folder: Path) -> Path:
    """The first `size` article lines of a JSONL corpus (all of it for None), as a file."""
    if size is None:
        return corpus
    target = folder / f"{corpus.stem}-{size}.jsonl"
    written = 0
    with corpus.open("rb") as source, target.open("wb") as sink:
        for line in source:
            if written >= size:
                break
            if line.strip():
                sink.write(line if line.endswith(b"\n") else line + b"\n")
                written += 1
    return target


def parse_sizes(text: str) -> list[int | None]:
    sizes: list[int | None] = []
    for part in text.split(","):
        part = part.strip()
        if part == "all":
            sizes.append(None)
        elif part.isdigit() and int(part) > 0:
            sizes.append(int(part))
        else:
            raise argparse.ArgumentTypeError(f"not a size: {part!r} (use numbers or 'all')")
    return sizes


def _line(figures: dict[str, Any], size: str, floor_ratio: float) -> str:
    return (
        f"size={size} docs={figures['docs']} seconds={figures['seconds']:.2f} "
        f"docs_per_s={figures['docs'] / figures['seconds']:.0f} "
        f"peak_rss_mb={figures['peak_rss_mb']:.0f} floor_ratio={floor_ratio:.1f} "
        f"pairs={figures['pairs']} clusters={figures['clusters']}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--child"]:
        return _child(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="a .jsonl corpus, one article per line")
    parser.add_argument(
        "--sizes", type=parse_sizes, default=parse_sizes("1000,2000,5000,10000,all")
    )
    parser.add_argument("--workers", type=int, help="worker processes (default: every core)")
    parser.add_argument("--no-reopen", action="store_true", help="skip the reopen figure")
    parser.add_argument("--no-cursor", action="store_true", help="skip the reader figure")
    parser.add_argument("--moves", type=int, default=300, help="cursor moves to time")
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        parser.error(f"no such corpus file: {args.corpus}")
    workers = ["--workers", str(args.workers)] if args.workers else []

    print(
        f"{'size':>6} {'docs':>6} {'words':>9} {'floor_s':>8} {'scan_s':>8} {'ratio':>6} "
        f"{'docs/s':>7} {'peak_mb':>8} {'pairs':>9} {'aligned':>8} {'passages':>9} "
        f"{'clusters':>8}  stages"
    )
    last = ""
    largest: Path | None = None
    with tempfile.TemporaryDirectory(prefix="echoes-speed-") as scratch:
        folder = Path(scratch)
        for size in args.sizes:
            prefix = write_prefix(args.corpus, size, folder)
            floor = run_child(["floor", str(prefix)])
            figures = run_child(["scan", str(prefix), *workers])
            ratio = figures["seconds"] / floor["seconds"]
            label = "all" if size is None else str(size)
            print(
                f"{label:>6} {figures['docs']:>6} {figures['words']:>9} "
                f"{floor['seconds']:>8.2f} {figures['seconds']:>8.2f} {ratio:>6.1f} "
                f"{figures['docs'] / figures['seconds']:>7.0f} {figures['peak_rss_mb']:>8.0f} "
                f"{figures['pairs']:>9} {figures['aligned']:>8} {figures['passages']:>9} "
                f"{figures['clusters']:>8}  "
                f"{' '.join(f'{k[:-8]}={v}' for k, v in figures['stages'].items())}",
                flush=True,
            )
            last = _line(figures, label, ratio)
            largest = prefix

        env = {**os.environ, "ECHOES_HOME": str(folder / "home")}
        if largest is not None and not args.no_reopen:
            first = run_child(["open", str(largest), *workers], env)
            again = run_child(["open", str(largest), *workers], env)
            print(
                f"reopen: first open (scan and save) {first['seconds']:.2f} s; reopen from the "
                f"index {again['seconds']:.2f} s to usable data (from_cache={again['from_cache']},"
                f" whole process peak {again['peak_rss_mb']:.0f} MB)",
                flush=True,
            )
        if largest is not None and not args.no_cursor:
            reader = ROOT / "tui" / "reader" / "app.py"
            if reader.exists() and (ROOT / "bench" / "reader_latency.py").exists():
                cursor = run_child(["cursor", str(largest), "--moves", str(args.moves)], env)
                print(
                    f"reader: first paint {cursor['first_paint_s']:.2f} s after start "
                    f"({'from the index' if not args.no_reopen else 'scanning first'})",
                    flush=True,
                )
                print(
                    f"cursor: {cursor['moves']} moves, echoes pane updated (move handler) in "
                    f"median {cursor['median_ms']:.1f} ms, p95 {cursor['p95_ms']:.1f} ms; "
                    f"'j' key to idle with repaint: median {cursor['key_median_ms']:.1f} ms, "
                    f"p95 {cursor['key_p95_ms']:.1f} ms (a no-op key: median "
                    f"{cursor['noop_key_median_ms']:.1f} ms, the Pilot's own cost)",
                    flush=True,
                )
            else:
                print("cursor: not measured, no reader (tui/reader/app.py) here")
    print(last)
    return 0


if __name__ == "__main__":
    sys.exit(main())
