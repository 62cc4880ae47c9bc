"""`echoes serve` in a real browser: Debian's headless Chromium, driven by Playwright.

The server runs on a free localhost port; the page is textual-serve's, which draws the
terminal with xterm.js on a canvas. The test reads the terminal's text from xterm.js's own
buffer (its Terminal object is captured as the page creates it: the page keeps it in a
closure), types `/does appear` as a person would, and waits for the Carter quote and its
Irish Times echo to be on screen. Every wait is for a condition, never a fixed time.

Skipped only when Playwright or Chromium is missing (`.ci/run` installs both).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import free_port

playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="needs Playwright for Python (pip install -e '.[test]')"
)
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="needs Debian's chromium (apt-get install chromium)"
)

# Playwright's own browser download does not work here; Debian's build is launched as is.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Generous: every wait ends as soon as its condition holds (about 10 s in all on an idle
# machine), and a machine shared with other work can take many times longer to start Chromium
# and a reader.
DEADLINE_MS = 90_000

# Runs before the page's own scripts: the first object that receives a `_core` and can load
# addons is xterm.js's public Terminal; keep it where the test can read its buffer.
CAPTURE_TERMINAL = """
window.__echoesTerminals = [];
Object.defineProperty(Object.prototype, "_core", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "_core", {value, writable: true, configurable: true});
    if (typeof this.loadAddon === "function") window.__echoesTerminals.push(this);
  },
});
"""
SCREEN_TEXT = """() => {
  const terminal = window.__echoesTerminals[0];
  if (!terminal) return "";
  const buffer = terminal.buffer.active;
  const rows = [];
  for (let y = 0; y < terminal.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    rows.push(line ? line.translateToString(true) : "");
  }
  return rows.join("\\n");
}"""


@pytest.fixture
def served(echoes_home: Path, tmp_path: Path) -> Iterator[str]:
    """`echoes serve` on the seeds at a free localhost port; its URL once it answers."""
    port = free_port()
    log = (tmp_path / "serve.log").open("w", encoding="utf-8")
    server = subprocess.Popen(
        [sys.executable, "-m", "tui", "serve", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "ECHOES_HOME": str(echoes_home)},
        start_new_session=True,  # its own process group: the readers it starts end with it
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + DEADLINE_MS / 1000
        while True:
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError):
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail("echoes serve did not start:\n" + (tmp_path / "serve.log").read_text())
            time.sleep(0.05)
        yield url
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()


def test_the_served_reader_finds_the_carter_quote_and_its_echo(served: str, tmp_path: Path) -> None:
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"),
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1280, "height": 800},
        )
        try:
            browser.add_init_script(CAPTURE_TERMINAL)
            # Nothing leaves this machine: the page asks for a web font, whose lookup can
            # hang without a network and hold back the page's load event (and the terminal).
            browser.route(lambda url: not url.startswith(served), lambda route: route.abort())
            page = browser.new_page()
            console: list[str] = []
            page.on("console", lambda message: console.append(message.text))

            def wait_for_screen(text: str, what: str) -> None:
                try:
                    page.wait_for_function(
                        f"({SCREEN_TEXT})().includes({text!r})", timeout=DEADLINE_MS
                    )
                except playwright_api.Error:
                    shown = page.evaluate(SCREEN_TEXT)
                    pytest.fail(f"no {what} in the page:\n{shown}\nconsole: {console}")

            page.goto(served)
            wait_for_screen("sentence 1/33", "reader")
            page.locator(".xterm-helper-textarea").focus()
            page.keyboard.type("/does appear")
            page.keyboard.press("Enter")
            wait_for_screen("Mr Carter said of the strikes", "Irish Times echo")
            screen = page.evaluate(SCREEN_TEXT)
            page.screenshot(path=str(tmp_path / "served.png"))
        finally:
            browser.close()
    assert "“does appear” 1/" in screen  # the search ran, with what was typed
    # the cursor on the Al Jazeera quote, the Irish Times echo beside it
    assert '▌ Carter later said of the strikes: "[It] does appear' in screen
    assert "Mr Carter said of the strikes: “It does" in screen
    assert "95% similar" in screen
