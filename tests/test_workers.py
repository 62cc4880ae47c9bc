"""The process pool and memory release behind a scan: same answers, fresh workers on demand."""

from __future__ import annotations

import gc
import multiprocessing
import os
import platform
import time

import pytest

from tui.model import Document
from tui.runners.local import scan
from tui.runners.memory import heap_trimmer, release_free_memory
from tui.runners.workers import Background, can_fork, parallel_map


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


def _total_and_pid(numbers: list[int], _: None) -> tuple[int, int]:
    return sum(numbers), os.getpid()


def _sleep_forever(seconds: float, _: None) -> None:
    time.sleep(seconds)


@pytest.mark.skipif(not can_fork(), reason="background work is a forked process")
def test_background_work_runs_in_another_process_with_the_same_answer() -> None:
    forked = Background(_total_and_pid, [1, 2, 3], fork=True)
    here = Background(_total_and_pid, [1, 2, 3], fork=False)
    total, pid = forked.result()
    assert total == 6 and pid != os.getpid()
    assert here.result() == (6, os.getpid())


@pytest.mark.skipif(not can_fork(), reason="background work is a forked process")
def test_background_work_stops_when_closed() -> None:
    job = Background(_sleep_forever, 60.0, fork=True)
    started = time.monotonic()
    job.close()  # a cancelled scan must not wait a minute for its related tier
    assert time.monotonic() - started < 10
    assert multiprocessing.active_children() == []


@pytest.mark.skipif(not can_fork(), reason="background work is a forked process")
def test_background_process_exits_once_its_result_is_ready() -> None:
    job = Background(_total_and_pid, list(range(100_000)), fork=True)
    deadline = time.monotonic() + 30
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.01)
    # gone before anyone asked: its memory does not wait for the caller's next step
    assert multiprocessing.active_children() == []
    total, pid = job.result()
    assert total == sum(range(100_000)) and pid != os.getpid()


def _fail(message: str, _: None) -> None:
    raise ValueError(message)


@pytest.mark.skipif(not can_fork(), reason="background work is a forked process")
def test_background_error_is_raised_where_the_result_is_asked_for() -> None:
    job = Background(_fail, "no sentences", fork=True)
    with pytest.raises(ValueError, match="no sentences"):
        job.result()
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
