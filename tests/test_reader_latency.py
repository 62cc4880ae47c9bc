"""The reader-latency benchmark still runs end to end (its figures are printed, not asserted)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, SEEDS

SCRIPT = ROOT / "bench" / "reader_latency.py"
FIGURE = r"median [\d.]+ \(min [\d.]+, max [\d.]+\)"


def test_latency_script_builds_the_index_then_times_paint_and_moves(echoes_home: Path) -> None:
    command = [sys.executable, str(SCRIPT), str(SEEDS), "--runs", "1", "--moves", "5"]
    if shutil.which("tmux"):
        command.append("--terminal")
    done = subprocess.run(
        command, capture_output=True, text=True, env=dict(os.environ), timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert re.fullmatch(r"index: 5 documents, built now, [\d.]+ s to open", lines[0]), lines
    assert re.fullmatch(rf"first paint from app start \(headless\): {FIGURE} s", lines[2])
    assert any(re.fullmatch(rf"cursor move handler, median per run: {FIGURE} ms", x) for x in lines)
    if shutil.which("tmux"):
        assert re.fullmatch(
            rf"first paint in a terminal from `echoes` start: {FIGURE} s", lines[-1]
        )


def test_latency_script_refuses_a_missing_corpus(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(tmp_path / "nope.jsonl")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2 and "no such corpus" in done.stderr
