"""Regenerate the README's pictures of the reader: `python scripts/readme_screenshot.py`.

Runs the real reader on the bundled seeds at a fixed size, animations off, in a private home
(no config, cache or state of the user's is read or written), presses the keys a newcomer
would, and writes Textual's SVG export of each screen to docs/.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# (file, keys pressed after the scan, what it shows)
PICTURES = (
    ("reader.svg", ("n",), "the Carter quote with its Irish Times echo"),
    ("copies.svg", ("n", "v", "j"), "every copy of the Carter quote, with what each changed"),
)
SIZE = (120, 34)


async def picture(keys: tuple[str, ...], size: tuple[int, int] = SIZE) -> str:
    """The SVG of the reader on the seeds after `keys`."""
    from tui.reader.app import EchoesApp
    from tui.reader.theme import load_themes

    themes, _ = load_themes()
    app = EchoesApp([], themes=themes, remember=False, use_cache=False)
    async with app.run_test(size=size) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        return app.export_screenshot(title="echoes")


def write_pictures(folder: Path) -> list[Path]:
    """Write every picture of PICTURES into `folder`; the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    before = os.environ.get("ECHOES_HOME")
    with tempfile.TemporaryDirectory() as home:
        os.environ["ECHOES_HOME"] = home
        try:
            for name, keys, _ in PICTURES:
                target = folder / name
                target.write_text(asyncio.run(picture(keys)), encoding="utf-8")
                written.append(target)
        finally:
            if before is None:
                del os.environ["ECHOES_HOME"]
            else:
                os.environ["ECHOES_HOME"] = before
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=ROOT / "docs", help="folder to write to")
    args = parser.parse_args()
    for path in write_pictures(args.output):
        print(path)


if __name__ == "__main__":
    main()
