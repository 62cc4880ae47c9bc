"""`echoes serve` as a user starts it: localhost by default, a warning when bound wider, and
one clear sentence for what cannot work. The page itself is tested in tests/test_browser.py."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import free_port
from tui.serve import exposure_warning, is_local, reader_command


def _echoes(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_a_missing_path_or_a_bad_port_is_one_sentence() -> None:
    missing = _echoes("serve", "no-such-folder")
    assert missing.returncode == 2
    assert missing.stderr.strip() == "echoes: error: no such file or folder: no-such-folder"
    port = _echoes("serve", "--port", "70000")
    assert port.returncode == 2
    assert port.stderr.strip() == "echoes: error: 70000 is not a port (1-65535)"


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.1.1"])
def test_localhost_needs_no_warning(host: str) -> None:
    assert is_local(host) and exposure_warning(host, 8000) == ""


def start_serving(echoes_home: Path, *args: str) -> subprocess.Popen[str]:
    """`echoes serve ARGS` in its own process group (its readers end with it), stderr kept."""
    return subprocess.Popen(
        [sys.executable, "-m", "tui", "serve", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "ECHOES_HOME": str(echoes_home)},
        start_new_session=True,
    )


def test_binding_to_every_interface_warns_before_serving(echoes_home: Path) -> None:
    port = free_port()
    server = start_serving(echoes_home, "--host", "0.0.0.0", "--port", str(port))
    try:
        assert server.stderr is not None
        line = server.stderr.readline()  # written before the server starts listening
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    assert line.startswith(f"echoes: warning: serving on 0.0.0.0:{port}, which other machines")
    assert "--host 127.0.0.1" in line


def test_each_browser_tab_runs_the_reader_on_the_paths_given(tmp_path: Path) -> None:
    command = reader_command([str(tmp_path / "my corpus"), "--theme", "echoes-light"])
    assert command.startswith(f"{sys.executable} -m tui ")
    assert f"'{tmp_path / 'my corpus'}'" in command, "a path with a space stays one argument"


def test_the_server_answers_on_localhost(echoes_home: Path) -> None:
    import urllib.request

    port = free_port()
    server = start_serving(echoes_home, "--port", str(port))
    try:
        deadline = time.monotonic() + 30
        page = ""
        while time.monotonic() < deadline and not page:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as reply:
                    page = reply.read().decode("utf-8")
            except OSError:
                time.sleep(0.05)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        _, stderr = server.communicate(timeout=30)
    assert "xterm" in page and "echoes" in page
    assert "warning" not in stderr
