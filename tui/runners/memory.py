"""Memory between and within the stages of a scan: freed memory given back to the system, and
the cycle collector kept out of stages that build millions of lasting objects.

The candidate stage allocates and frees hundreds of megabytes of numpy arrays. glibc keeps
such freed blocks in the process heap for reuse (its mmap threshold rises after the first
large free), so the process stays as large as its largest stage and every later stage, and
every worker forked from it, starts from that size. `malloc_trim` hands the free pages back
between stages, and `large_blocks_unmapped` keeps glibc from raising that threshold at all.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache

# glibc's `mallopt` parameter number of the mmap threshold, and the value it starts with.
_M_MMAP_THRESHOLD = -3
LARGE_BLOCK = 128 * 1024


@cache
def _c_library() -> ctypes.CDLL | None:
    """glibc, or None where the C library is another (musl, macOS) or unknown."""
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        library = ctypes.CDLL(name)
    except OSError:
        return None
    # glibc's own functions: musl and macOS have neither, and nothing is to be done there
    return library if hasattr(library, "malloc_trim") and hasattr(library, "mallopt") else None


@cache
def heap_trimmer() -> Callable[[int], int] | None:
    """glibc's `malloc_trim`, or None where the C library has none (musl, macOS)."""
    library = _c_library()
    if library is None:
        return None
    trim: Callable[[int], int] = library.malloc_trim
    return trim


def release_free_memory() -> None:
    """Return the heap's free pages to the system, where the C library allows it."""
    trim = heap_trimmer()
    if trim is not None:
        trim(0)


def large_blocks_unmapped() -> None:
    """Have glibc map every block of `LARGE_BLOCK` bytes or more (numpy's big arrays) on its
    own, and give it back to the system when it is freed, for the rest of this process and
    the workers forked from it.

    By default glibc raises that threshold to the size of the largest such block freed (up to
    32 MiB), so that after the first big temporary array of a stage, the next ones come from
    the heap and stay there when freed: a stage's temporaries pile up as a fragmented heap
    that `release_free_memory` cannot wholly return, and that every process forked later
    inherits. Fixing the threshold where it starts turns the automatic raising off. (All of
    Reuters: peak PSS of the scan's processes 1,060 MiB before, 934 MiB after.)"""
    library = _c_library()
    if library is not None:
        library.mallopt(_M_MMAP_THRESHOLD, LARGE_BLOCK)


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
