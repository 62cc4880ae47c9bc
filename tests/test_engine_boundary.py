"""The engine stays independent of the UI: importing it (and running a scan) never loads Textual,
so pipelines and other engines can reuse it alone."""

from __future__ import annotations

import ast
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


# What the engine's stages may not touch: the UI, storage, processes. Runners decide where and
# how stages run; the index decides what is kept (tui/engine/__init__.py).
FORBIDDEN_IN_ENGINE = (
    "textual",
    "rich",
    "sqlite3",
    "multiprocessing",
    "concurrent",
    "threading",
    "subprocess",
    "tui.reader",
    "tui.index",
    "tui.runners",
    "tui.cli",
)


def _imported_names(path: Path) -> set[str]:
    """Every module an engine file imports, anywhere in it (functions included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _forbidden(name: str) -> bool:
    return any(name == f or name.startswith(f + ".") for f in FORBIDDEN_IN_ENGINE)


def test_no_engine_module_imports_the_ui_storage_or_processes() -> None:
    engine = Path(tui.__file__).parent / "engine"
    files = sorted(engine.rglob("*.py"))
    assert len(files) > 10
    found = {
        str(path.relative_to(engine)): sorted(n for n in _imported_names(path) if _forbidden(n))
        for path in files
    }
    assert {name: bad for name, bad in found.items() if bad} == {}


def test_importing_the_whole_engine_loads_no_ui_storage_or_process_module() -> None:
    engine = Path(tui.__file__).parent / "engine"
    modules = sorted(
        ".".join(("tui", "engine", *p.relative_to(engine).with_suffix("").parts)).removesuffix(
            ".__init__"
        )
        for p in engine.rglob("*.py")
    )
    watched = ("textual", "rich", "sqlite3", "multiprocessing", "tui.reader", "tui.index")
    program = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + f"print(sorted(m for m in sys.modules if m.startswith({watched!r})))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    )
    assert run.stdout.strip() == "[]"


def test_runners_never_import_the_index_the_reader_or_the_command_line() -> None:
    # Layers point down only: reader -> index -> runners -> engine. A runner that wrote an
    # export itself (Spark's Parquet writer once did) would tie the runners to the index.
    runners = Path(tui.__file__).parent / "runners"
    files = sorted(runners.rglob("*.py"))
    assert len(files) > 5
    upward = ("tui.index", "tui.reader", "tui.cli", "tui.doctor", "tui.serve")
    found = {
        str(path.relative_to(runners)): sorted(
            n for n in _imported_names(path) if any(n == u or n.startswith(u + ".") for u in upward)
        )
        for path in files
    }
    assert {name: bad for name, bad in found.items() if bad} == {}
