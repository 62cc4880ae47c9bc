"""`echoes doctor`: what this terminal and this machine mean for the reader, in plain words.

Four checks, each with a status: the terminal's size against what the reader needs, its colour
depth (as the reader will detect it), whether copying a passage (OSC 52) is likely to reach the
clipboard from here (inside tmux or screen, over SSH), and the cache folder's health and free
space. Only a `problem` makes the command exit with 1; a `note` is worth knowing, no more.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from tui import paths
from tui.reader.layout import MIN_HEIGHT, MIN_WIDTH, NARROW_BELOW

Status = Literal["ok", "note", "problem"]
LOW_SPACE = 100 * 2**20  # below this, a scan of a large corpus may not fit in the cache
# Terminals known to accept OSC 52 from programs, and known not to (by $TERM_PROGRAM).
CLIPBOARD_TERMINALS = ("WezTerm", "kitty", "ghostty", "vscode", "alacritty", "foot", "rio")
NO_CLIPBOARD_TERMINALS = ("Apple_Terminal",)


@dataclass(frozen=True)
class Check:
    """One finding: what was checked, how it stands, and a sentence that says so."""

    name: str
    status: Status
    detail: str


def terminal_size(size: os.terminal_size | None) -> Check:
    """The terminal's size (None: not a terminal) against the reader's minimum and layout."""
    if size is None:
        return Check(
            "terminal", "note", "not a terminal (output is redirected): the reader needs one"
        )
    columns, lines = size.columns, size.lines
    shown = f"{columns}×{lines}"
    if columns < MIN_WIDTH or lines < MIN_HEIGHT:
        return Check(
            "terminal",
            "problem",
            f"{shown}: the reader needs at least {MIN_WIDTH}×{MIN_HEIGHT}; enlarge the window",
        )
    layout = "panes side by side" if columns >= NARROW_BELOW else "article and echoes stacked"
    return Check("terminal", "ok", f"{shown}: {layout}")


def colour_depth(environ: Mapping[str, str]) -> Check:
    """The colours the reader will use, detected the way it detects them (Rich, from the
    environment), and what NO_COLOR changes."""
    if "NO_COLOR" in environ:
        return Check(
            "colour",
            "ok",
            "NO_COLOR is set: highlights are bold, italic, underline and reverse, never colour",
        )
    from rich.console import Console

    console = Console(force_terminal=True, _environ=dict(environ))
    system = console.color_system
    term = environ.get("TERM", "")
    names = {"truecolor": "24-bit colour", "256": "256 colours", "standard": "16 colours"}
    if system is None:
        return Check("colour", "note", f"no colour (TERM={term or 'unset'}): bold and reverse only")
    where = f"COLORTERM={environ['COLORTERM']}" if environ.get("COLORTERM") else f"TERM={term}"
    depth = names.get(system, system)
    if system == "standard":
        hint = "; the echoes-ansi theme suits it (TERM=xterm-256color if your terminal can)"
        return Check("colour", "note", f"{depth} ({where}){hint}")
    return Check("colour", "ok", f"{depth} ({where})")


TmuxOption = Callable[[str], str | None]


def tmux_option(name: str) -> str | None:
    """A global option of the tmux server we run inside, or None when it cannot be asked."""
    try:
        done = subprocess.run(
            ["tmux", "show-options", "-gv", name],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def clipboard(environ: Mapping[str, str], ask_tmux: TmuxOption = tmux_option) -> Check:
    """Whether `y` (copy, OSC 52) is likely to reach the clipboard from this terminal.

    Nothing can know for sure from inside: the escape travels to whatever terminal is at the
    far end, which may ignore it. What stands in between decides most: tmux passes it on only
    with `set-clipboard on`; GNU screen does not pass it; SSH carries it like any output.
    """
    kept = f"every copy is also written to {paths.state_dir() / 'copied.txt'}"
    over_ssh = "over SSH (OSC 52 travels with the output); " if _over_ssh(environ) else ""
    if environ.get("TMUX"):
        setting = ask_tmux("set-clipboard")
        if setting == "on":
            return Check(
                "clipboard",
                "ok",
                f"{over_ssh}inside tmux with set-clipboard on: likely, if the terminal around "
                f"tmux accepts OSC 52; {kept}",
            )
        known = f"set-clipboard is {setting}" if setting else "set-clipboard is unknown"
        return Check(
            "clipboard",
            "note",
            f"{over_ssh}inside tmux, {known}: unlikely; `set -g set-clipboard on` in "
            f"~/.tmux.conf lets it through; {kept}",
        )
    if environ.get("STY") or environ.get("TERM", "").startswith("screen"):
        return Check(
            "clipboard",
            "note",
            f"{over_ssh}inside GNU screen, which does not pass OSC 52 on: unlikely; {kept}",
        )
    program = environ.get("TERM_PROGRAM", "")
    if program in NO_CLIPBOARD_TERMINALS:
        return Check("clipboard", "note", f"{over_ssh}{program} ignores OSC 52: unlikely; {kept}")
    if program in CLIPBOARD_TERMINALS or environ.get("KITTY_WINDOW_ID"):
        name = program or "kitty"
        return Check("clipboard", "ok", f"{over_ssh}{name} accepts OSC 52: likely; {kept}")
    if environ.get("VTE_VERSION"):
        return Check(
            "clipboard",
            "note",
            f"{over_ssh}a VTE terminal (GNOME Terminal, Tilix…), which ignores OSC 52: "
            f"unlikely; {kept}",
        )
    far_end = "your local terminal" if over_ssh else "the terminal"
    return Check(
        "clipboard",
        "note",
        f"{over_ssh}likely only if {far_end} accepts OSC 52 (most modern ones do; some need "
        f"it allowed in their settings); {kept}",
    )


def _over_ssh(environ: Mapping[str, str]) -> bool:
    return bool(environ.get("SSH_CONNECTION") or environ.get("SSH_TTY"))


def _size(number: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if number < 1000 or unit == "GB":
            return f"{number:.0f} {unit}" if unit == "bytes" else f"{number:.1f} {unit}"
        number /= 1000
    return f"{number:.1f} TB"  # pragma: no cover - the loop returns


def _nearest_existing(folder: Path) -> Path:
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    return folder


def _writable(folder: Path) -> str | None:
    """None when a file can be created in `folder` (tried for real: permissions alone say
    nothing for root or a read-only mount), else why not."""
    try:
        handle, name = tempfile.mkstemp(dir=folder, prefix=".doctor-")
    except OSError as error:
        return error.strerror or str(error)
    os.close(handle)
    with suppress(OSError):
        os.unlink(name)
    return None


def _pair_cache_health(path: Path) -> str | None:
    """None when the pair cache is absent or sound, else what is wrong with it."""
    if not path.exists():
        return None
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            (verdict,) = db.execute("PRAGMA quick_check").fetchone()
    except sqlite3.Error as error:
        return str(error)
    return None if verdict == "ok" else str(verdict)


def cache_health(folder: Path) -> Check:
    """Whether the cache folder can be written, what it holds, and the free space beside it."""
    if folder.exists() and not folder.is_dir():
        return Check("cache", "problem", f"{folder} is not a folder: nothing can be cached")
    existing = _nearest_existing(folder)
    problem = _writable(existing)
    free = shutil.disk_usage(existing).free
    space = f"{_size(free)} free"
    if problem is not None:
        return Check(
            "cache",
            "problem",
            f"{folder}: cannot be written ({problem}); scans work but are never kept; {space}",
        )
    files = [p for p in folder.rglob("*") if p.is_file()] if folder.is_dir() else []
    scans = sum(1 for p in files if p.parent.name == "scans" and p.suffix == ".sqlite")
    leftovers = sum(1 for p in files if ".partial" in p.name)
    held = _size(sum(p.stat().st_size for p in files))
    parts = [f"{folder}: writable", f"{scans} stored scan{'s' if scans != 1 else ''}, {held}"]
    status: Status = "ok"
    damaged = _pair_cache_health(folder / "pairs.sqlite")
    if damaged is not None:
        status = "note"
        parts.append(f"the pair cache is damaged ({damaged}) and will be rebuilt")
    if leftovers:
        status = "note"
        parts.append(f"{leftovers} temporary files left by interrupted scans (safe to delete)")
    if free < LOW_SPACE:
        status = "problem"
        space += f", under {_size(LOW_SPACE)}: a large scan may not fit"
    return Check("cache", status, "; ".join([*parts, space]))


def _terminal() -> os.terminal_size | None:
    for stream in (sys.stdout, sys.stderr, sys.stdin):
        with suppress(OSError, ValueError):
            return os.get_terminal_size(stream.fileno())
    return None


def run_checks(environ: Mapping[str, str] | None = None) -> list[Check]:
    """Every check, on this process's terminal, environment and cache folder."""
    environ = os.environ if environ is None else environ
    return [
        terminal_size(_terminal()),
        colour_depth(environ),
        clipboard(environ),
        cache_health(paths.cache_dir()),
    ]


def report(checks: list[Check]) -> str:
    """The checks as aligned lines of text, one per check."""
    marks = {"ok": "ok", "note": "note", "problem": "PROBLEM"}
    return "".join(f"{c.name:<10} {marks[c.status]:<8} {c.detail}\n" for c in checks)
