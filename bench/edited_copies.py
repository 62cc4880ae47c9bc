#!/usr/bin/env python3
"""A corpus grown by lightly edited copies of its own articles: reprints with small edits, the
densest kind of reuse a corpus can hold, for measuring how a scan grows with it.

    python bench/edited_copies.py CORPUS.jsonl --copies 4 -o GROWN.jsonl

`--copies N` writes every article N times: once as it is, then N - 1 edited copies, each with a
new id (`ID~c1`, `ID~c2`, ...) and the same title, date and source. Copy c's edit is, in turn
(c = 1, 2, 3, 4, ...): every 7th word dropped, 10% of adjacent words swapped, both, then the
drops again from the next word on, and so on:
- drop: words k with `k % 7 == (c - 1) // 3 % 7` removed, each with the space on one side of it
  (the one holding more line breaks stays, so paragraphs stay paragraphs);
- swap: walking the words in order, each one trades places with the next with probability
  0.1 (and the pair is then passed over), drawn from `random.Random(f"{SEED}:{c}:{id}")`;
- both: the swaps of that copy, then its drops.
Words are runs of non-space characters; the spaces between them stay where they were. Every
draw depends only on the seed, the copy number and the article's id, so the same corpus always
grows into the same bytes, in any process, on any machine. `bench/scale.py` builds its corpora
with `edited_corpus`; a runner on another machine (Spark) can call `edited_record` per article.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

SEED = 15  # fixed: the issue that asked for these corpora
DROP_EVERY = 7
SWAP_FRACTION = 0.1
EDITS = ("drop", "swap", "both")

_WORD = re.compile(r"\S+")


def edit_of(copy: int) -> str:
    """The edit copy `copy` (1 and up) carries: "drop", "swap" or "both", in turn."""
    return EDITS[(copy - 1) % len(EDITS)]


def _words_and_spaces(text: str) -> tuple[list[str], list[str]]:
    """`text` as words and the spaces around them: `spaces[k]` precedes `words[k]`, and
    `spaces[len(words)]` ends the text (either may be empty)."""
    words: list[str] = []
    spaces: list[str] = []
    end = 0
    for match in _WORD.finditer(text):
        spaces.append(text[end : match.start()])
        words.append(match.group())
        end = match.end()
    spaces.append(text[end:])
    return words, spaces


def _joined(words: Sequence[str], spaces: Sequence[str]) -> str:
    out = []
    for space, word in zip(spaces, words, strict=False):
        out.append(space)
        out.append(word)
    out.append(spaces[len(words)])
    return "".join(out)


def swapped(text: str, rng: random.Random, fraction: float = SWAP_FRACTION) -> str:
    """`text` with each word trading places with the next at probability `fraction`."""
    words, spaces = _words_and_spaces(text)
    k = 0
    while k + 1 < len(words):
        if rng.random() < fraction:
            words[k], words[k + 1] = words[k + 1], words[k]
            k += 2
        else:
            k += 1
    return _joined(words, spaces)


def dropped(text: str, offset: int, every: int = DROP_EVERY) -> str:
    """`text` without words `k` where `k % every == offset`, each taking away the space on
    one side of it: the one with fewer line breaks (the earlier one on a tie)."""
    words, spaces = _words_and_spaces(text)
    kept_words: list[str] = []
    kept_spaces: list[str] = [spaces[0]]
    for k, word in enumerate(words):
        after = spaces[k + 1]
        if k % every == offset and len(words) > 1:
            before = kept_spaces.pop()
            kept_spaces.append(before if before.count("\n") >= after.count("\n") else after)
            continue
        kept_words.append(word)
        kept_spaces.append(after)
    return _joined(kept_words, kept_spaces)


def edited_text(text: str, article_id: str, copy: int, seed: int = SEED) -> str:
    """The text of copy `copy` (1 and up) of the article `article_id` (see the module)."""
    edit = edit_of(copy)
    if edit in ("swap", "both"):
        text = swapped(text, random.Random(f"{seed}:{copy}:{article_id}"))
    if edit in ("drop", "both"):
        text = dropped(text, (copy - 1) // len(EDITS) % DROP_EVERY)
    return text


def copy_id(article_id: str, copy: int) -> str:
    return f"{article_id}~c{copy}"


def edited_record(record: Mapping[str, Any], copy: int, seed: int = SEED) -> dict[str, Any]:
    """Copy `copy` of one article record (`id`, `text`, and any other fields kept): copy 0 is
    the record itself."""
    if copy == 0:
        return dict(record)
    article_id = str(record["id"])
    return {
        **record,
        "id": copy_id(article_id, copy),
        "text": edited_text(str(record["text"]), article_id, copy, seed),
    }


def edited_corpus(
    records: Iterable[Mapping[str, Any]], copies: int, seed: int = SEED
) -> Iterator[dict[str, Any]]:
    """Every record `copies` times (itself, then its edited copies), article by article."""
    for record in records:
        for copy in range(copies):
            yield edited_record(record, copy, seed)


def read_records(path: Path) -> Iterator[dict[str, Any]]:
    """The article records of a JSONL corpus (blank lines skipped)."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def write_records(records: Iterable[Mapping[str, Any]], path: Path) -> int:
    """Write records as JSONL; how many."""
    written = 0
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="a .jsonl corpus, one article per line")
    parser.add_argument("--copies", type=int, required=True, help="times each article appears")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--output", "-o", type=Path, required=True)
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        parser.error(f"no such corpus file: {args.corpus}")
    if args.copies < 1:
        parser.error("--copies must be 1 or more")
    count = write_records(
        edited_corpus(read_records(args.corpus), args.copies, args.seed), args.output
    )
    print(f"{args.output}: {count} articles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
