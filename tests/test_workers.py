"""The process pool and memory release behind a scan: same answers, fresh workers on demand."""

from __future__ import annotations

import asyncio
import gc
import multiprocessing
import os
import platform
import signal

import pytest

from tui.model import Document
from tui.runners.local import scan
from tui.runners.memory import heap_trimmer, release_free_memory
from tui.runners.workers import can_fork, parallel_map


def _square_and_pid(offset: int, task: int) -> tuple[int, int]:
    return offset + task * task, os.getpid()


@pytest.mark.skipif(not can_fork(), reason="workers are forked processes")
def test_results_come_back_in_task_order_from_renewed_workers() -> None:
    tasks = list(range(12))
    results = list(parallel_map(_square_and_pid, 100, tasks, workers=2, tasks_per_worker=1))
    assert [value for value, _ in results] == [100 + t * t for t in tasks]
    pids = {pid for _, pid in results}
    assert os.getpid() not in pids  # the work ran in workers
    assert len(pids) == len(tasks)  # and each worker stopped after one task


@pytest.mark.skipif(not can_fork(), reason="workers are forked processes")
def test_workers_without_renewal_serve_several_tasks() -> None:
    results = list(parallel_map(_square_and_pid, 0, list(range(12)), workers=2))
    assert len({pid for _, pid in results}) <= 2


def test_one_worker_runs_here() -> None:
    results = list(parallel_map(_square_and_pid, 0, [1, 2, 3], workers=1))
    assert results == [(1, os.getpid()), (4, os.getpid()), (9, os.getpid())]


@pytest.mark.skipif(
    platform.system() != "Linux" or platform.libc_ver()[0] != "glibc",
    reason="malloc_trim is glibc's",
)
def test_glibc_heap_can_be_trimmed() -> None:
    assert heap_trimmer() is not None
    release_free_memory()  # and calling it is harmless


def _stopped_workers_signal_the_loop() -> list[int]:
    """Run forked work inside an event loop that, like Textual's web driver, stops on SIGTERM
    through `loop.add_signal_handler`; the signals that loop received."""
    received: list[int] = []

    async def main() -> None:
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGTERM, received.append, signal.SIGTERM)
        # workers still waiting for tasks when the pool is stopped
        list(parallel_map(_square_and_pid, 0, list(range(8)), workers=2))
        await asyncio.sleep(0.5)  # long enough for a stray signal to reach the loop

    asyncio.run(main())
    return received


@pytest.mark.skipif(not can_fork(), reason="workers are forked processes")
def test_a_stopped_worker_never_signals_the_parents_event_loop() -> None:
    # the served reader quit in the middle of its scan when it did
    for _ in range(3):
        assert _stopped_workers_signal_the_loop() == []
    assert multiprocessing.active_children() == []


def test_a_scan_leaves_the_cycle_collector_as_it_found_it(
    seed_documents: dict[str, Document],
) -> None:
    """A scan pauses the collector (its objects form no cycles); the caller's setting, and
    its own garbage collection, come back once it ends."""
    documents = list(seed_documents.values())
    collecting: set[bool] = set()

    def progress(stage: str, done: int, total: int) -> None:
        collecting.add(gc.isenabled())

    assert gc.isenabled()
    assert scan(documents, progress=progress, workers=1).clusters
    assert collecting == {False}  # paused all through the scan
    assert gc.isenabled()
    gc.disable()
    try:
        scan(documents, workers=1)
        assert not gc.isenabled()
    finally:
        gc.enable()
