"""bench/process_memory.py finds who holds the memory at a command's peak."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

SCRIPT = ROOT / "bench" / "process_memory.py"

# A parent fills 100 MB and forks; the child rewrites the first half, copying those pages, and
# holds them a while: 50 MB private to each, the other 50 MB shared (half of it in each PSS).
_FORKING = """
import os, sys, time
block = bytearray(100 * 1024 * 1024)
for k in range(0, len(block), 4096):
    block[k] = 1
pid = os.fork()
if pid == 0:
    for k in range(0, len(block) // 2, 4096):
        block[k] = 2
    time.sleep(2.0)
    os._exit(0)
os.waitpid(pid, 0)
sys.exit(3)
"""


def test_the_peak_names_the_process_that_holds_the_memory(tmp_path) -> None:
    log = tmp_path / "samples.txt"
    done = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--every",
            "0.1",
            "--log",
            str(log),
            "--",
            sys.executable,
            "-c",
            _FORKING,
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 3, done.stderr  # the command's own status
    rows = [[float(value) for value in line.split()] for line in done.stdout.splitlines()[2:]]
    assert len(rows) == 2, done.stdout  # the parent and its child
    for _, pss, private in rows:
        assert 45 <= private <= 65, done.stdout  # its own half, plus the interpreter
        assert 18 <= pss - private <= 32, done.stdout  # half of the 50 MB still shared
    assert len(log.read_text().splitlines()) >= 5
