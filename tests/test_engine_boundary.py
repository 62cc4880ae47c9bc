"""The engine stays independent of the UI: importing it (and running a scan) never loads Textual,
so pipelines and other engines can reuse it alone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import tui

UI_MODULES = {"app", "theme"}


def _engine_modules() -> list[str]:
    package = Path(tui.__file__).parent
    return sorted(
        f"tui.{path.stem}"
        for path in package.glob("*.py")
        if path.stem not in UI_MODULES | {"__main__", "__init__"}
    )


def test_engine_modules_and_a_scan_never_import_textual() -> None:
    modules = _engine_modules()
    assert "tui.scan" in modules and "tui.index" in modules
    program = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + "from tui.indexer import open_corpus\n"
        + "open_corpus([], use_cache=False)\n"
        + "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        + "print(','.join(loaded))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    )
    assert run.stdout.strip() == ""


def test_echoes_scan_does_not_load_the_ui(tmp_path: Path) -> None:
    output = tmp_path / "scan.json"
    program = (
        "import sys\nfrom tui.cli import main\n"
        f"code = main(['scan', '--no-cache', '--format', 'json', '-o', {str(output)!r}])\n"
        "print(code, 'textual' in sys.modules)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    )
    assert run.stdout.split() == ["0", "False"]
