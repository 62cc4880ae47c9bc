"""The engine stays independent of the UI: importing it (and running a scan) never loads Textual,
so pipelines and other engines can reuse it alone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import tui


def _engine_modules() -> list[str]:
    """Every module of the package outside the reader (`tui/reader/`)."""
    package = Path(tui.__file__).parent
    return sorted(
        ".".join(("tui", *path.relative_to(package).with_suffix("").parts))
        for path in package.rglob("*.py")
        if path.relative_to(package).parts[0] != "reader"
        and path.name not in ("__main__.py", "__init__.py")
    )


def test_engine_modules_and_a_scan_never_import_textual() -> None:
    modules = _engine_modules()
    assert "tui.runners.local" in modules and "tui.index.queries" in modules
    program = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + "from tui.index.indexer import open_corpus\n"
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
