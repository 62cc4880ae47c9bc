"""The README's pictures are what `scripts/readme_screenshot.py` draws today.

If the reader's look changes on purpose, run `python scripts/readme_screenshot.py` and look
at docs/*.svg, as with the snapshots.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from tests.conftest import ROOT


def test_the_readme_shows_the_pictures_the_script_draws_now(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        "readme_screenshot", ROOT / "scripts" / "readme_screenshot.py"
    )
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for drawn in script.write_pictures(tmp_path):
        committed = ROOT / "docs" / drawn.name
        assert f"](docs/{drawn.name})" in readme, f"the README does not show {drawn.name}"
        assert drawn.read_text(encoding="utf-8") == committed.read_text(encoding="utf-8"), (
            f"docs/{drawn.name} is out of date: run python scripts/readme_screenshot.py"
        )
    assert "Carter" in (ROOT / "docs" / "reader.svg").read_text(encoding="utf-8")
