"""How long the reader takes per keystroke on long articles (prints figures, asserts nothing).

Builds two synthetic 120 kB articles (1,200 sentences each, one shared passage) in a temporary
folder, opens them in the real app under Textual's Pilot at 160x48, and reports the cost of a
cursor move with `bench/reader_latency.py`'s harness: with the Pilot's own per-key overhead (a
no-op key) for comparison, and the handler alone (index query, echoes pane, article marks).

    python bench/reader_keys.py
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.reader_latency import cursor_latency  # the shared timing harness

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


def main() -> None:
    with tempfile.TemporaryDirectory() as home, tempfile.TemporaryDirectory() as corpus:
        os.environ["ECHOES_HOME"] = home
        write_corpus(Path(corpus))
        figures = cursor_latency(Path(corpus), moves=1000)
        print(f"scan and first screen: {figures['first_paint_s']:.2f} s")
        print(f"no-op key (Pilot overhead): {figures['noop_key_median_ms']:.1f} ms per key")
        print(f"j, next sentence: {figures['key_median_ms']:.1f} ms per key (median)")
        print(
            f"cursor move, handler only: median {figures['median_ms']:.3f} ms, "
            f"p95 {figures['p95_ms']:.3f} ms"
        )


if __name__ == "__main__":
    main()
