"""Spread a stage's work over the machine's cores, with the same answer as running it here.

Workers are forked, so they start with the parent's memory (documents, tokens, shingle index)
already in place: only the small task descriptions and the results cross process boundaries.
Results always come back in task order, so the output never depends on the worker count.
Where processes cannot be forked the work runs here, one task after another.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

State = TypeVar("State")
Task = TypeVar("Task")
Outcome = TypeVar("Outcome")

# In a worker process: the function and state of the `parallel_map` that forked it.
_shared: tuple[Callable[[Any, Any], Any], Any] | None = None


def available_cores() -> int:
    """Cores this process may run on (its CPU affinity), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _install(function: Callable[[Any, Any], Any], state: Any) -> None:
    global _shared
    _shared = (function, state)
    # A worker's garbage is freed by reference counting as it goes (its results hold no
    # cycles), and the worker ends with its stage: the cycle collector's passes over the
    # objects each task builds cost 5-10% of the align stage for nothing.
    gc.disable()
    _detach_signals()


def _detach_signals() -> None:
    """Leave the parent's signals to the parent.

    Ctrl-C is for the scan's own process, which stops its workers: a worker that took it too
    would print a traceback of its own. And an event loop's signal handlers (Textual's web
    driver stops the app on SIGTERM with `loop.add_signal_handler`) write each signal's number
    to a socket the fork shares with the parent: the SIGTERM that stops a finished worker
    reached the parent's loop, and the served reader quit in the middle of its scan.
    """
    signal.set_wakeup_fd(-1)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, HELD_SIGNALS)  # held since the fork


# Held by the forking thread, so that a child starts with them held until `_detach_signals`
# has set them up: a SIGTERM that came sooner would still take the parent's handlers.
HELD_SIGNALS = frozenset({signal.SIGINT, signal.SIGTERM})


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM while this thread forks, and take them after. A
    KeyboardInterrupt raised in the fork's own hooks (`os.register_at_fork`) is printed and
    dropped by Python: the interrupt was lost and the scan went on to the end. The pool's own
    threads, started here, fork its later workers with them held too."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, HELD_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _run_task(task: Any) -> Any:
    assert _shared is not None, "worker started without shared state"
    function, state = _shared
    return function(state, task)


def parallel_map(
    function: Callable[[State, Task], Outcome],
    state: State,
    tasks: Sequence[Task],
    workers: int,
    tasks_per_worker: int | None = None,
) -> Iterator[Outcome]:
    """`function(state, task)` for every task, in task order, on up to `workers` processes.

    `function` must be a module-level function; `state` is never pickled (workers inherit it),
    tasks and outcomes are. With `tasks_per_worker`, each worker is replaced by a fresh fork
    after that many tasks: reading inherited Python objects writes their reference counts, so
    a long-lived worker slowly copies every page of the state it touches, and a fresh one
    starts sharing them again.
    """
    if workers <= 1 or len(tasks) <= 1 or not can_fork():
        for task in tasks:
            yield function(state, task)
        return
    # With "fork" the pool's initializer arguments are inherited, never pickled. Freezing the
    # garbage collector first keeps workers from writing to (and so copying) every page of
    # the inherited objects when they collect.
    context = multiprocessing.get_context("fork")
    gc.freeze()
    pool = None
    try:
        with _signals_held():
            pool = context.Pool(
                min(workers, len(tasks)), _install, (function, state), tasks_per_worker
            )
        yield from pool.imap(_run_task, tasks)
    finally:
        # An interrupt taken as the hold ends leaves a pool nobody else would stop, and
        # Python waits for its workers at exit.
        if pool is not None:
            pool.terminate()
            pool.join()
        gc.unfreeze()


def task_ranges(total: int, size: int) -> list[tuple[int, int]]:
    """`range(total)` cut into `(start, stop)` tasks of `size` items (the last may be short)."""
    return [(start, min(start + size, total)) for start in range(0, total, size)]
