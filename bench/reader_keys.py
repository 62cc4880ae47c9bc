"""How long the reader takes per keystroke on long articles (prints figures, asserts nothing).

Builds two synthetic 120 kB articles (1,200 sentences each, one shared passage) in a temporary
folder, opens them in the real app under Textual's Pilot at 160x48, and reports the cost of a
cursor move: with the Pilot's own per-key overhead (a no-op key) for comparison, and the
handler alone (index query, echoes pane, article marks) without any repaint.

    python bench/reader_keys.py
"""

from __future__ import annotations

import asyncio
import os
import random
import tempfile
import time
from pathlib import Path

from tui.app import EchoesApp
from tui.screens.reader import ReaderScreen
from tui.theme import load_themes

WORDS = [
    "the",
    "minister",
    "said",
    "that",
    "russia",
    "had",
    "launched",
    "strikes",
    "against",
    "rebel",
    "groups",
    "in",
    "syria",
    "while",
    "officials",
    "in",
    "washington",
    "warned",
]
SHARED = (
    "Carter later said of the strikes that it does appear they were in areas where there "
    "probably were not forces."
)


def write_corpus(folder: Path, articles: int = 2, paragraphs: int = 300) -> None:
    chooser = random.Random(1)
    for number in range(articles):
        body = [
            " ".join(
                " ".join(chooser.choice(WORDS) for _ in range(15)).capitalize() + "."
                for _ in range(4)
            )
            for _ in range(paragraphs)
        ]
        body.insert(paragraphs // 2, SHARED)
        text = f"Long article {number}\n\n" + "\n\n".join(body)
        (folder / f"{number}.txt").write_text(text, encoding="utf-8")


async def measure(folder: Path) -> None:
    themes, _ = load_themes()
    app = EchoesApp([folder], themes=themes, remember=False, use_cache=False)
    async with app.run_test(size=(160, 48)) as pilot:
        started = time.perf_counter()
        await app.workers.wait_for_complete()
        await pilot.pause()
        print(f"scan and first screen: {time.perf_counter() - started:.2f} s")
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        print(f"sentences in the article: {len(reader.index.segments(reader.doc_id).sentences)}")
        for key, label in (("z", "no-op key (Pilot overhead)"), ("j", "j, next sentence")):
            started = time.perf_counter()
            for _ in range(200):
                await pilot.press(key)
            await pilot.pause()
            print(f"{label}: {(time.perf_counter() - started) / 200 * 1000:.1f} ms per key")
        started = time.perf_counter()
        for sentence in range(1000):
            reader._move_to(sentence)
        print(f"cursor move, handler only: {(time.perf_counter() - started):.3f} ms per move")


def main() -> None:
    with tempfile.TemporaryDirectory() as home, tempfile.TemporaryDirectory() as corpus:
        os.environ["ECHOES_HOME"] = home
        write_corpus(Path(corpus))
        asyncio.run(measure(Path(corpus)))


if __name__ == "__main__":
    main()
