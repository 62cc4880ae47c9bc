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
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

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
    _ignore_interrupts()


def _ignore_interrupts() -> None:
    """Ctrl-C is for the scan's own process, which stops its workers: a worker that took it
    too would print a traceback of its own."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """Hold Ctrl-C while this thread forks, and take it after. A KeyboardInterrupt raised in
    the fork's own hooks (`os.register_at_fork`) is printed and dropped by Python: the
    interrupt was lost and the scan went on to the end."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
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
        with _interrupts_held():
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


class Background(Generic[State, Outcome]):
    """`function(state, None)` computing in a forked process while this one goes on with other
    work; run here, when its result is asked for, where forking is not wanted or possible.

    The forked process hands its result over as soon as it has it and exits: a thread here
    receives it. Its memory (what it built and the inherited pages it copied) is gone then,
    not held until this process asks for the result, perhaps at its own busiest moment.
    """

    def __init__(
        self, function: Callable[[State, None], Outcome], state: State, fork: bool
    ) -> None:
        # Kept only until it is used: the caller may free what the state holds after that.
        self._function, self._state = function, [state]
        self._process: Any = None
        self._receiver: threading.Thread | None = None
        self._outcome: tuple[bool, Any] = (False, None)
        if fork and can_fork():
            context = multiprocessing.get_context("fork")
            receiving, sending = context.Pipe(duplex=False)
            gc.freeze()  # as in `parallel_map`: the child should not copy what it only reads
            try:
                self._process = context.Process(
                    target=_compute_and_send, args=(function, state, sending), daemon=True
                )
                with _interrupts_held():
                    self._process.start()
            except BaseException:  # an interrupt taken as the hold ends: stop the child
                if self._process.pid is not None:
                    self._process.terminate()
                    self._process.join()
                raise
            finally:
                gc.unfreeze()
            self._state.clear()  # the child has it
            sending.close()
            self._receiver = threading.Thread(target=self._receive, args=(receiving,), daemon=True)
            self._receiver.start()

    def _receive(self, receiving: Connection) -> None:
        try:
            self._outcome = receiving.recv()
        except (EOFError, OSError):
            self._outcome = (False, RuntimeError("the background process ended without a result"))
        finally:
            receiving.close()

    def result(self) -> Outcome:
        """The outcome (computed here, now, when nothing was forked); asked for once."""
        if self._process is None:
            return self._function(self._state.pop(), None)
        assert self._receiver is not None
        self._receiver.join()
        self.close()
        succeeded, value = self._outcome
        if not succeeded:
            raise value
        outcome: Outcome = value
        return outcome

    def close(self) -> None:
        """Stop the process (its result is in hand, or no longer wanted)."""
        if self._process is not None:
            if self._process.is_alive():
                self._process.terminate()
            self._process.join()
            self._process = None
        if self._receiver is not None:
            self._receiver.join()


def _compute_and_send(
    function: Callable[[Any, None], Any], state: Any, sending: Connection
) -> None:
    """The forked side of `Background`: compute, send the result (or the error), exit."""
    gc.disable()  # as in `_install`
    _ignore_interrupts()
    try:
        outcome: tuple[bool, Any] = (True, function(state, None))
    except Exception as error:  # raised again where the result is asked for
        outcome = (False, error)
    try:
        sending.send(outcome)
    except Exception as error:  # an error or result that cannot be pickled
        sending.send((False, RuntimeError(f"background work failed: {error!r}")))
    finally:
        sending.close()
