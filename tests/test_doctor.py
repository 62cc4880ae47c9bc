"""`echoes doctor` as a person runs it: in a real terminal (tmux) of a known size, inside tmux
with and without `set-clipboard on`, under GNU screen's and SSH's variables, with colour
settings, and with a cache folder that is healthy, read-only, not a folder or left messy."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile.checks import echoes_command, run, with_mount
from tests.hostile.terminal import ECHOES, needs_tmux, tmux_running

# What the terminal and multiplexer of the machine running the tests would add.
_AMBIENT = ("TMUX", "STY", "SSH_CONNECTION", "SSH_TTY", "TERM_PROGRAM", "VTE_VERSION", "NO_COLOR")
_AMBIENT += ("COLORTERM", "KITTY_WINDOW_ID", "COLUMNS", "LINES")


def _doctor(**environment: str) -> tuple[int, dict[str, str]]:
    """Run `echoes doctor` outside any terminal with `environment`; its lines by check."""
    base = {k: v for k, v in os.environ.items() if k not in _AMBIENT}
    done = subprocess.run(
        echoes_command("doctor"),
        capture_output=True,
        text=True,
        env={**base, "TERM": "xterm-256color", **environment},
        check=False,
    )
    assert done.stderr == ""
    lines = {line.split()[0]: line for line in done.stdout.splitlines()}
    assert set(lines) == {"terminal", "colour", "clipboard", "cache"}, done.stdout
    return done.returncode, lines


def test_the_doctor_needs_no_textual() -> None:
    """It shares the reader's layout rules (tui/reader/layout.py) without loading the reader."""
    probe = "import sys, tui.doctor; print('textual' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.stdout.strip() == "False", done.stderr


def test_a_healthy_setup_is_all_ok_or_notes(echoes_home: Path) -> None:
    code, lines = _doctor()
    assert code == 0
    assert lines["terminal"].split()[1] == "note" and "not a terminal" in lines["terminal"]
    assert "256 colours (TERM=xterm-256color)" in lines["colour"]
    assert lines["cache"].split()[1] == "ok"
    assert f"{echoes_home / 'cache'}: writable" in lines["cache"] and "free" in lines["cache"]
    assert "copied.txt" in lines["clipboard"]


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"NO_COLOR": "1"}, "NO_COLOR is set: highlights are bold, italic, underline"),
        ({"COLORTERM": "truecolor"}, "24-bit colour (COLORTERM=truecolor)"),
        ({"TERM": "xterm"}, "16 colours (TERM=xterm); the echoes-ansi theme suits it"),
        ({"TERM": "dumb"}, "no colour (TERM=dumb)"),
    ],
)
def test_colour_depth_as_the_reader_will_see_it(environment: dict[str, str], expected: str) -> None:
    _, lines = _doctor(**environment)
    assert expected in lines["colour"]


@pytest.mark.parametrize(
    ("environment", "status", "expected"),
    [
        ({"STY": "4242.pts-1.host"}, "note", "inside GNU screen, which does not pass OSC 52"),
        ({"SSH_CONNECTION": "10.0.0.2 5022 10.0.0.1 22"}, "note", "over SSH (OSC 52 travels"),
        ({"TERM_PROGRAM": "Apple_Terminal"}, "note", "Apple_Terminal ignores OSC 52"),
        ({"TERM_PROGRAM": "WezTerm"}, "ok", "WezTerm accepts OSC 52: likely"),
        ({"VTE_VERSION": "7200"}, "note", "a VTE terminal"),
    ],
)
def test_the_clipboard_verdict_follows_what_stands_in_between(
    environment: dict[str, str], status: str, expected: str
) -> None:
    _, lines = _doctor(**environment)
    assert lines["clipboard"].split()[1] == status
    assert expected in lines["clipboard"]


def test_a_read_only_cache_is_a_problem(echoes_home: Path) -> None:
    cache = echoes_home / "cache"
    cache.mkdir(parents=True)
    done = run(with_mount("read-only", cache, echoes_command("doctor")))
    assert done.returncode == 1
    (line,) = [x for x in done.stdout.decode().splitlines() if x.startswith("cache")]
    assert "PROBLEM" in line and "cannot be written (Read-only file system)" in line


def test_a_cache_that_is_a_file_is_a_problem(echoes_home: Path) -> None:
    echoes_home.mkdir(parents=True)
    (echoes_home / "cache").write_text("not a folder", encoding="utf-8")
    code, lines = _doctor()
    assert code == 1
    assert "is not a folder: nothing can be cached" in lines["cache"]


def test_leftovers_and_a_damaged_pair_cache_are_noted(echoes_home: Path) -> None:
    scans = echoes_home / "cache" / "scans"
    scans.mkdir(parents=True)
    (scans / "tmpab12.partial").write_bytes(b"half an index")
    (echoes_home / "cache" / "pairs.sqlite").write_bytes(b"not a database " * 300)
    code, lines = _doctor()
    assert code == 0 and lines["cache"].split()[1] == "note"
    assert "1 temporary files left by interrupted scans" in lines["cache"]
    assert "the pair cache is damaged" in lines["cache"]


# in a real terminal ---------------------------------------------------------------------------
def _doctor_in_tmux(size: tuple[int, int], before: str = "") -> str:
    script = f"{before}{shlex.quote(str(ECHOES))} doctor; echo status=$?"
    environment = {"PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}"}
    with tmux_running(size, ["sh", "-c", script], environment) as term:
        term.wait_until(term.finished, "the doctor to finish")
        return term.history()


@needs_tmux
def test_in_tmux_it_reads_the_terminal_size_and_the_clipboard_setting() -> None:
    shown = _doctor_in_tmux((90, 30))
    assert "terminal   ok       90×30: article and echoes stacked" in shown
    assert "inside tmux with set-clipboard on: likely" in shown
    assert "status=0" in shown


@needs_tmux
def test_in_tmux_without_set_clipboard_on_copying_is_unlikely() -> None:
    shown = _doctor_in_tmux((120, 30), before="tmux set -g set-clipboard external; ")
    assert "inside tmux, set-clipboard is external: unlikely" in shown
    assert "terminal   ok       120×30: panes side by side" in shown


@needs_tmux
def test_a_terminal_too_small_for_the_reader_is_a_problem() -> None:
    shown = _doctor_in_tmux((50, 12))
    assert "PROBLEM" in shown and "50×12: the reader needs at least 60×15" in shown
    assert "status=1" in shown
