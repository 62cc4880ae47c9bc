"""Memory between and within the stages of a scan: freed memory given back to the system, and
the cycle collector kept out of stages that build millions of lasting objects.

The candidate stage allocates and frees hundreds of megabytes of numpy arrays. glibc keeps
such freed blocks in the process heap for reuse (its mmap threshold rises after the first
large free), so the process stays as large as its largest stage and every later stage, and
every worker forked from it, starts from that size. `malloc_trim` hands the free pages back.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache


@cache
def heap_trimmer() -> Callable[[int], int] | None:
    """glibc's `malloc_trim`, or None where the C library has none (musl, macOS)."""
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        trim: Callable[[int], int] = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):  # not glibc (musl, macOS): nothing to do
        return None
    return trim


def release_free_memory() -> None:
    """Return the heap's free pages to the system, where the C library allows it."""
    trim = heap_trimmer()
    if trim is not None:
        trim(0)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a stage builds millions of objects that last and
    hold no cycles (a corpus's tokens and sentences): each automatic collection would walk
    everything built so far. Reference counting still frees whatever is dropped."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
