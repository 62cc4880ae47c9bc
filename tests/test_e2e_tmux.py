"""The real `echoes` command in a real terminal (tmux): what a person sees, key by key.

Skipped only when tmux is missing (CI installs it). The tmux server runs on a private socket and
is killed at the end, so a user's own tmux sessions are never touched.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

ECHOES = Path(sys.executable).parent / "echoes"
DEADLINE = 30.0  # seconds to wait for a screen; the seeds open in well under one


class Terminal:
    """One tmux session running a command, with helpers to type and to read the screen."""

    def __init__(self, socket: str, session: str) -> None:
        self.socket = socket
        self.session = session

    def tmux(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=False
        )

    def send(self, *keys: str) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", self.session, key)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.session).stdout

    def running(self) -> bool:
        return self.tmux("has-session", "-t", self.session).returncode == 0

    def wait_for(self, condition: Callable[[str], bool], what: str) -> str:
        """Poll the screen until `condition` holds; fail with the last screen after DEADLINE."""
        deadline = time.monotonic() + DEADLINE
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if condition(screen):
                return screen
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}; the screen shows:\n{screen}")


@pytest.fixture
def terminal(echoes_home: Path, tmp_path: Path) -> Iterator[Callable[[int, int], Terminal]]:
    # Unique per run: two test runs at once (two checkouts, CI and a developer) must never
    # share, and so kill, each other's tmux server.
    socket = f"echoes-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    started: list[Terminal] = []

    def start(width: int, height: int) -> Terminal:
        command = (
            f"env ECHOES_HOME={shlex.quote(str(echoes_home))} TERM=xterm-256color "
            f"{shlex.quote(str(ECHOES))}"
        )
        terminal = Terminal(socket, "reader")
        result = terminal.tmux(
            "new-session", "-d", "-s", "reader", "-x", str(width), "-y", str(height), command
        )
        assert result.returncode == 0, result.stderr
        started.append(terminal)
        return terminal

    yield start
    for terminal in started:
        terminal.tmux("kill-server")


def test_read_jump_and_come_back_by_keyboard_at_80x24(
    terminal: Callable[[int, int], Terminal], echoes_home: Path
) -> None:
    term = terminal(80, 24)
    term.wait_for(
        lambda s: "sentence 1/33" in s and "Echoes" in s, "the reader on the first article"
    )

    term.send("n")
    screen = term.wait_for(
        lambda s: '▌ Carter later said of the strikes: "[It] does appear' in s,
        "the cursor on the Carter quote",
    )
    assert "Mr Carter said of the strikes: “It does appear" in screen  # the Irish Times echo
    assert "95% similar" in screen

    term.send("Tab", "Enter")
    screen = term.wait_for(
        lambda s: "▌ Mr Carter said of the strikes" in s, "the Irish Times version under the cursor"
    )
    assert "★ likely source" not in screen, "the seeds are undated: no source is claimed"
    assert "≠ 2 changes: quote" in screen  # "that" and "whole" inside the quotation
    assert "Claims Russian airstrikes in Syria not targeting IS" in screen.splitlines()[1]
    assert screen.splitlines()[0].strip().startswith("sentence 21/48 · article 3/5 · 10% reused")

    term.send("BSpace")
    term.wait_for(
        lambda s: '▌ Carter later said of the strikes: "[It]' in s, "back on the Al Jazeera quote"
    )

    term.send("q")
    deadline = time.monotonic() + DEADLINE
    while term.running() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not term.running(), "q did not quit"
    positions = list((echoes_home / "state" / "positions").glob("*.json"))
    assert len(positions) == 1
    assert json.loads(positions[0].read_text(encoding="utf-8"))["doc"].startswith("000_")
