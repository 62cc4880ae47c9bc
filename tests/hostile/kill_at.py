"""Open a corpus (scan and store it, as `echoes scan` does) and SIGKILL this very process at a
chosen point: what `kill -9` at that stage leaves behind is what the tests then inspect.

    python tests/hostile/kill_at.py POINT CORPUS...

The process kills itself with SIGKILL (nothing of Python runs after it: no `finally`, no
cleanup), from a progress report, an audit event (a file opened, a file renamed into place)
or, in the middle of an SQLite write transaction, from the generator that feeds it rows
(`executemany` pulls the second row after the first is inserted), so each point is hit
exactly, not by timing. Exit code -9 means it was killed where asked; 0
means the point was never reached (the test fails on it).
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from types import FrameType
from typing import Any

from tui.index.indexer import open_corpus

# Where to die, by how each point is recognised.
STAGES = {"reading", "aligning", "clustering"}  # progress reports of the scan
POINTS = (
    "loading",  # an article file is opened by the loader
    *sorted(STAGES),
    "pair-cache-write",  # inside the pair cache's write transaction
    "index-write",  # inside the transaction that writes the new index (.partial)
    "index-rename",  # the index is complete, just before it is renamed into place
    "source-record",  # just before the record that finds the index without parsing
)


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


# The store's functions whose `executemany` rows come from a generator, by point (the index
# is written by `ScanStore._write`, or by `save` itself in older versions).
_WRITERS = {"pair-cache-write": ("put_many",), "index-write": ("_write", "save")}


def _die_mid_transaction(writer: tuple[str, ...]) -> None:
    """SIGKILL when `writer`'s rows generator is resumed a second time: one row is in, the
    transaction is open, its journal on disk."""
    resumed = 0

    def profile(frame: FrameType, event: str, arg: object) -> None:
        nonlocal resumed
        code = frame.f_code
        if event != "call" or code.co_name != "<genexpr>" or frame.f_back is None:
            return
        if frame.f_back.f_code.co_name in writer and code.co_filename.endswith("store.py"):
            resumed += 1
            if resumed == 2:
                die()

    sys.setprofile(profile)


def main(point: str, corpus: list[str]) -> int:
    corpus_files = [Path(p).resolve() for p in corpus]

    def audit(event: str, args: tuple[Any, ...]) -> None:
        if event == "open" and point == "loading" and isinstance(args[0], str | bytes):
            opened = Path(os.fsdecode(args[0])).resolve()
            if any(opened.is_relative_to(c) for c in corpus_files) and opened.suffix == ".txt":
                die()
        elif event == "os.rename":
            target = os.fsdecode(args[1])
            if point == "index-rename" and Path(target).parent.name == "scans":
                die()
            if point == "source-record" and Path(target).parent.name == "sources":
                die()

    def progress(stage: str, done: int, total: int) -> None:
        if stage == point:
            die()

    if point not in POINTS:
        raise SystemExit(f"kill_at: no point {point!r}; one of {', '.join(POINTS)}")
    sys.addaudithook(audit)
    if point in _WRITERS:
        _die_mid_transaction(_WRITERS[point])
    open_corpus(corpus, progress=progress)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], sys.argv[2:]))
