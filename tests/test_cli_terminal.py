"""`echoes scan` in a real terminal: progress only on a terminal, clean interruption."""

from __future__ import annotations

import os
import pty
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import SHARED_BENCH
from tests.hostile.checks import takes_ctrl_c

NEWS = SHARED_BENCH / "newsarticles.jsonl"


def _read_all(fd: int) -> bytes:
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def test_progress_is_shown_on_a_terminal_and_not_in_a_pipe(tmp_path: Path) -> None:
    controller, terminal = pty.openpty()
    run = subprocess.Popen(
        [sys.executable, "-m", "tui", "scan", "--no-cache", "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=terminal,
    )
    os.close(terminal)
    stdout, _ = run.communicate(timeout=300)
    shown = _read_all(controller).decode("utf-8", "replace")
    os.close(controller)
    assert run.returncode == 0
    assert "echoes: 5 of 5 documents prepared" in shown
    assert re.search(r"echoes: \d+ of \d+ pairs aligned", shown)
    assert stdout.startswith(b"{")  # the data stays clean

    piped = subprocess.run(
        [sys.executable, "-m", "tui", "scan", "--no-cache"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "aligned" not in piped.stderr


@pytest.mark.skipif(not NEWS.exists(), reason="needs ../shared/bench/newsarticles.jsonl")
def test_ctrl_c_during_a_long_scan_exits_cleanly_and_saves_nothing(echoes_home: Path) -> None:
    run = subprocess.Popen(
        [sys.executable, "-m", "tui", "scan", str(NEWS), "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=takes_ctrl_c,
    )
    time.sleep(2)  # well inside a scan of 3,788 articles
    run.send_signal(signal.SIGINT)
    stdout, stderr = run.communicate(timeout=120)
    assert run.returncode == 130
    assert stderr.strip().endswith("echoes: interrupted; nothing was saved")
    assert "Traceback" not in stderr
    assert stdout == ""
    # No scan index; the pair cache, if started, only ever holds whole transactions.
    assert not list((echoes_home / "cache").glob("scans/*"))
