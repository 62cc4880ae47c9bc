"""What every hostile case must show, checked the same way for the command and the reader."""

from __future__ import annotations

import functools
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

from tests.hostile.corpus import Case
from tui.printable import printable

ECHOES = Path(sys.executable).parent / "echoes"
WARNING = "echoes: warning: "


def echoes(
    *args: str, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[bytes]:
    """The real command in a fresh process; output as bytes, so that invalid UTF-8 shows."""
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        env=env,
        check=False,
        timeout=timeout,
    )


def warning_lines(stderr: str) -> list[str]:
    """The warnings on stderr, without their prefix; fails on any other line (a traceback,
    a stray message): stderr holds warnings and nothing else."""
    lines = stderr.splitlines()
    strays = [line for line in lines if not line.startswith(WARNING)]
    assert not strays, f"stderr holds more than warnings: {strays[:5]}"
    return [line.removeprefix(WARNING) for line in lines]


def assert_warned(warnings: Sequence[str], case: Case) -> None:
    """Exactly the case's warnings (as shown, controls as symbols), each exactly as often."""
    shown = [printable(w) for w in warnings]
    assert len(shown) == case.warning_count, shown[:10]
    for fragment, count in case.warnings:
        holding = sum(fragment in w for w in shown)
        assert holding == count, f"{fragment!r} in {holding} warnings, not {count}: {shown[:10]}"


# Bidirectional formatting characters: they reorder what a terminal shows ("Trojan Source").
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def raw_controls(texts: Iterable[str]) -> list[str]:
    """Every character in `texts` that a terminal would act on rather than show: controls
    (Unicode category Cc, but newline) and bidi formatting characters. Nothing echoes puts on
    a terminal may hold one."""
    return [
        f"U+{ord(c):04X}"
        for text in texts
        for c in text
        if (unicodedata.category(c) == "Cc" and c != "\n") or c in BIDI_CONTROLS
    ]


def comparable(export: dict[str, object]) -> dict[str, object]:
    """A JSON export without what changes while the answer does not (timings), as
    bench/dump.py compares them."""
    return {key: value for key, value in export.items() if key != "stats"}


# Faults of the cache folder -------------------------------------------------------------------
# A read-only folder must stop root too (CI runs as root, and root ignores permissions), so it
# is a real read-only mount: the folder bind-mounted read-only onto itself, in a mount
# namespace of the child's own (`unshare`), so nothing outside the test ever sees it. A full
# disk is a file size limit (RLIMIT_FSIZE) on the child, which needs no privileges at all, or a
# small tmpfs mounted the same way as the read-only folder.

_MOUNT_SCRIPT = {
    "read-only": 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" "$1"',
    "tmpfs": 'mount -t tmpfs -o size="$2" echoes-test "$1"',
}


@functools.cache
def mount_namespace() -> tuple[str, ...] | None:
    """`unshare` options that give a child a mount namespace it may mount in, here, or None:
    as root a plain mount namespace, otherwise one with a user namespace mapped to root."""
    if shutil.which("unshare") is None or shutil.which("mount") is None:
        return None
    choices = [("--mount",), ("--mount", "--map-root-user")]
    if os.geteuid() != 0:
        choices = choices[1:]
    with tempfile.TemporaryDirectory() as folder:
        for options in choices:
            probe = [
                "unshare",
                *options,
                "sh",
                "-c",
                f'{_MOUNT_SCRIPT["read-only"]} && ! touch "$1/x" 2>/dev/null',
                "sh",
                folder,
            ]
            if subprocess.run(probe, capture_output=True, check=False).returncode == 0:
                return options
    return None


def with_mount(kind: str, folder: Path, command: Sequence[str], size: str = "64k") -> list[str]:
    """`command` run with `folder` made read-only (`kind` "read-only") or replaced by a tmpfs
    of `size` (`kind` "tmpfs"), for the child alone. Fails, never skips, where this machine
    cannot: the fault would otherwise go untested."""
    options = mount_namespace()
    assert options is not None, (
        "this machine allows no mount namespace (unshare --mount), so a read-only or full "
        "folder cannot be made for the test; run the tests as root or allow user namespaces"
    )
    script = f'{_MOUNT_SCRIPT[kind]} && shift 2 && exec "$@"'
    return ["unshare", *options, "sh", "-c", script, "sh", str(folder), size, *command]


def with_file_size_limit(limit: int, command: Sequence[str]) -> list[str]:
    """`command` run with no file it writes allowed past `limit` bytes: a disk that fills up.
    Python ignores SIGXFSZ, so a write past the limit fails with EFBIG, as on a full disk."""
    script = (
        "import os, resource, sys;"
        f"resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}));"
        "os.execv(sys.argv[1], sys.argv[1:])"
    )
    return [sys.executable, "-c", script, *command]


def takes_ctrl_c() -> None:
    """Run in a child before it starts (`preexec_fn`): Ctrl-C reaches it as a terminal's
    would. A test runner started in the background inherits SIGINT ignored (bash ignores it
    for asynchronous commands), and a Python started so never raises KeyboardInterrupt."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def echoes_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "tui", *args]


def run(command: Sequence[str], timeout: float = 300) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(list(command), capture_output=True, check=False, timeout=timeout)
