"""A real terminal for the hostile tests: a tmux server on a private socket, set up to show
what an escape sequence that leaked would do (the pane's title, tmux's paste buffers filled by
OSC 52, a screen clear that really clears), and to keep a finished pane for its exit status.

Skipped only when tmux is missing (CI installs it). The server is killed at the end, so a
user's own tmux sessions are never touched.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

ECHOES = Path(sys.executable).parent / "echoes"
DEADLINE = 60.0  # seconds to wait for a screen
# set-clipboard on: an OSC 52 that reaches tmux becomes a paste buffer (the probe for a leak);
# scroll-on-clear off: a leaked screen clear wipes the screen instead of keeping it in history.
CONFIG = """\
set -g set-clipboard on
set -g scroll-on-clear off
set -g remain-on-exit on
set -g history-limit 5000
"""

STATUS = "echoes-test-exit-status="  # printed by the shell around the command when it ends
needs_tmux = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


class Terminal:
    """One tmux session running one command, with helpers to type and to read the screen."""

    def __init__(self, socket: str, session: str = "hostile") -> None:
        self.socket = socket
        self.session = session

    def tmux(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=False
        )

    def send(self, *keys: str) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", self.session, key)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", self.session, "-l", text)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.session).stdout

    def history(self) -> str:
        """Everything the command printed, wrapped lines joined."""
        return self.tmux("capture-pane", "-p", "-J", "-S", "-", "-t", self.session).stdout

    def shown(self, field: str) -> str:
        return self.tmux(
            "display-message", "-p", "-t", self.session, f"#{{{field}}}"
        ).stdout.strip()

    def title(self) -> str:
        return self.shown("pane_title")

    def buffers(self) -> list[str]:
        return [line for line in self.tmux("list-buffers").stdout.splitlines() if line]

    def _status(self) -> str | None:
        found = re.search(rf"^{STATUS}(\d+)$", self.history(), re.MULTILINE)
        return found.group(1) if found else None

    def finished(self) -> bool:
        return self._status() is not None

    def exit_status(self) -> int:
        """The command's exit status, once it has finished (as the shell around it printed
        it: tmux does not always record a pane's). A command that does not end is made to
        print where each of its threads is (faulthandler, on SIGABRT) for the error."""
        try:
            self.wait_until(self.finished, "the command to end")
        except AssertionError:
            shell = self.shown("pane_pid")
            children = Path(f"/proc/{shell}/task/{shell}/children")
            with contextlib.suppress(OSError, ValueError):
                for child in children.read_text().split():
                    os.kill(int(child), signal.SIGABRT)
            time.sleep(2)
            raise AssertionError(f"the command did not end:\n{self.history()}") from None
        return int(self._status() or -1)

    def wait_until(self, condition: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + DEADLINE
        while time.monotonic() < deadline:
            if condition():
                return
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}; the screen shows:\n{self.screen()}")

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


@contextmanager
def tmux_running(
    size: tuple[int, int], command: Sequence[str], environment: dict[str, str] | None = None
) -> Iterator[Terminal]:
    """`command` in a fresh tmux server of `size`, with `environment` added to its own."""
    socket = f"echoes-hostile-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    config = Path(os.environ.get("TMPDIR", "/tmp")) / f"{socket}.conf"
    config.write_text(CONFIG, encoding="utf-8")
    terminal = Terminal(socket)
    settings = {"TERM": "xterm-256color", "PYTHONFAULTHANDLER": "1", **(environment or {})}
    if "ECHOES_HOME" in os.environ:
        settings.setdefault("ECHOES_HOME", os.environ["ECHOES_HOME"])
    # Without COLUMNS and LINES (the test process may have them): they would override the
    # terminal's own size.
    unset = ["-u", "COLUMNS", "-u", "LINES"]
    report = f'"$@"; echo "{STATUS}$?"'
    variables = [f"{k}={v}" for k, v in settings.items()]
    line = shlex.join(["env", *unset, *variables, "sh", "-c", report, "sh", *command])
    width, height = size
    started = terminal.tmux(
        "-f", str(config), "new-session", "-d", "-s", terminal.session,
        "-x", str(width), "-y", str(height), line,
    )  # fmt: skip
    try:
        assert started.returncode == 0, started.stderr
        yield terminal
    finally:
        terminal.tmux("kill-server")
        config.unlink(missing_ok=True)


@contextmanager
def reader_in_tmux(
    size: tuple[int, int],
    *paths: Path,
    options: Sequence[str] = ("--no-mouse",),
    wrap: Callable[[list[str]], list[str]] = lambda command: command,
    environment: dict[str, str] | None = None,
) -> Iterator[Terminal]:
    """The real `echoes` reader on `paths` in tmux; `wrap` may run it under a fault."""
    command = wrap([str(ECHOES), *options, *map(str, paths)])
    with tmux_running(size, command, environment) as terminal:
        yield terminal
