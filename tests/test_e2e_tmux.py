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
def terminal(echoes_home: Path, tmp_path: Path) -> Iterator[Callable[..., Terminal]]:
    # Unique per run: two test runs at once (two checkouts, CI and a developer) must never
    # share, and so kill, each other's tmux server.
    socket = f"echoes-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    started: list[Terminal] = []

    def start(width: int, height: int, *args: str) -> Terminal:
        # COLUMNS and LINES, when the test run has them, would override the pane's own size
        command = (
            f"env -u COLUMNS -u LINES ECHOES_HOME={shlex.quote(str(echoes_home))} "
            f"TERM=xterm-256color {shlex.join([str(ECHOES), *args])}"
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
    terminal: Callable[..., Terminal], echoes_home: Path
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


SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]


@pytest.mark.parametrize("size", SIZES)
def test_search_typed_in_one_burst_lands_in_the_search_field(
    terminal: Callable[..., Terminal], size: tuple[int, int]
) -> None:
    """Keys that arrive together (a paste, a slow link, a browser) must not be read as
    commands before the field opens: "e" of "does" once exported a cluster instead."""
    term = terminal(*size)
    term.wait_for(lambda s: "sentence 1/33" in s, "the reader")
    term.send("/does appear", "Enter")
    screen = term.wait_for(lambda s: "“does appear” 1/" in s, "the search to run")
    assert '▌ Carter later said of the strikes: "[It] does appear' in screen
    assert "Exported" not in screen and "nothing to export" not in screen


@pytest.mark.parametrize("size", SIZES)
def test_filter_bar_narrows_the_corpus_in_a_real_terminal(
    terminal: Callable[..., Terminal], dated_seeds: Path, size: tuple[int, int]
) -> None:
    term = terminal(*size, str(dated_seeds))
    term.wait_for(lambda s: "sentence 1/33" in s, "the reader")
    term.send("f", "al j, irish", "Tab", "2015-09-01", "Tab", "Tab", "80")
    screen = term.wait_for(lambda s: "min similarity 80" in s, "the filter bar filled in")
    assert "sources  al j, irish" in screen
    assert "[x] verbatim" in screen and "[ ] cross-outlet only" in screen
    term.send("Enter")
    screen = term.wait_for(lambda s: "article 1/2" in s, "the filters applied")
    assert "filter: Al Jazeera" in screen.splitlines()[0]
    term.send("n")
    screen = term.wait_for(lambda s: "◆ 1 echo" in s, "the Carter quote and its echo")
    assert "Irish Times · 2015-10-01 · 95% similar" in screen


@pytest.mark.parametrize("size", SIZES)
def test_copies_view_shows_drift_and_opens_a_copy(
    terminal: Callable[..., Terminal], dated_seeds: Path, size: tuple[int, int]
) -> None:
    term = terminal(*size, str(dated_seeds))
    term.wait_for(lambda s: "sentence 1/33" in s, "the reader")
    term.send("n")
    term.wait_for(lambda s: "◆ 1 echo" in s, "the cursor on the Carter quote")
    term.send("v")
    screen = term.wait_for(lambda s: "First seen: Al Jazeera, 2015-09-30" in s, "the Copies view")
    flat = " ".join(screen.split())
    assert "Likely direction: from Al Jazeera to the later copies." in flat
    assert "≠that" in flat and "≠whole" in flat and "‹−later›" in flat
    term.send("j", "Enter")
    term.wait_for(lambda s: "▌ Mr Carter said of the strikes" in s, "the Irish Times copy")
    term.send("BSpace")
    term.wait_for(
        lambda s: '▌ Carter later said of the strikes: "[It]' in s, "back on the Al Jazeera quote"
    )


def test_the_list_widens_by_keyboard_at_160x48(terminal: Callable[..., Terminal]) -> None:
    term = terminal(160, 48)
    screen = term.wait_for(lambda s: "╭─ Articles" in s, "the reader")

    def list_edge(screen: str) -> int:
        return screen.splitlines()[1].index("╮")

    before = list_edge(screen)
    assert before == 39  # 40 columns at 160
    term.send(">", ">")
    screen = term.wait_for(lambda s: list_edge(s) == before + 8, "a wider list")
    term.send("<")
    term.wait_for(lambda s: list_edge(s) == before + 4, "a narrower list")


def test_keys_typed_together_in_the_clusters_view_act_in_order(
    terminal: Callable[..., Terminal],
) -> None:
    term = terminal(80, 24)
    term.wait_for(lambda s: "sentence 1/33" in s, "the reader")
    term.send("c")
    term.wait_for(lambda s: "Clusters · 6 reused passages" in s, "the Clusters view")
    term.send("j", "Enter")  # the second cluster: the Homs paragraph
    term.wait_for(lambda s: "▌ The Homs area is important" in s, "the Homs paragraph")


def test_a_filter_typed_and_applied_in_one_burst_applies_what_was_typed(
    terminal: Callable[..., Terminal], dated_seeds: Path
) -> None:
    term = terminal(80, 24, str(dated_seeds))
    term.wait_for(lambda s: "sentence 1/33" in s, "the reader")
    term.send("firish", "Enter")  # `enter` must wait for the keys typed before it
    screen = term.wait_for(lambda s: "article 1/1" in s, "the filter applied")
    assert "filter: Irish Times" in screen.splitlines()[0]
