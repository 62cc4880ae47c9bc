"""The hostile-input matrix as data: each case adds one kind of bad input to a folder that
also holds two good articles sharing a paragraph, and says what must come of it.

Every case is real files on disk (pipes, devices, symlink loops, undecodable names included),
read by the real loader, scanned by the real engine. A case names the warnings it must give
(a fragment and how many warning lines hold it) and the hostile documents that must load
beside the good ones.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SHARED = (
    "The committee said on Tuesday that the strikes were directed against opposition groups "
    "fighting the government in the north, according to an official who spoke on condition "
    "of anonymity because he was not allowed to brief reporters."
)
GOOD = {
    "good-a": f"Strikes in the north\n\n{SHARED}\n\nLocal residents described a night of "
    "heavy bombardment.\n",
    "good-b": f"Officials speak\n\nIn a statement issued later, {SHARED}\n\nThe ministry did "
    "not respond to questions.\n",
}
# Terminal control sequences an article may carry: clear the screen, retitle the window, set
# the clipboard (OSC 52, here to "pwned").
CLEAR_SCREEN = "\x1b[2J"
RETITLE = "\x1b]0;pwned-title\x07"
SET_CLIPBOARD = "\x1b]52;c;cHduZWQ=\x07"
ESCAPES_BODY = (
    f"Escapes report\n\nThey said {CLEAR_SCREEN}the strikes{RETITLE} were in "
    f"\x1b[31mareas\x1b[0m where{SET_CLIPBOARD} there were no such forces at all, and the "
    "\x9b31m ministry \u202edisagreed\u202c with that account of events.\n"
)
MARKUP_TITLE = "[/]"
MARKUP_SOURCE = "[link=file:///etc/passwd]a[/link]"
MARKUP_BODY = "Markup [bold]x[/] and [/] and [link=file:///etc/passwd]a[/link] stay text."
FLOOD_LINES = 3000


def write_good(folder: Path) -> Path:
    """The two good articles (one cluster between them) in `folder`, created if need be."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in GOOD.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def _jsonl(path: Path, records: list[object]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def _words(size: int, *, newlines: bool) -> bytes:
    """About `size` bytes of words that repeat no long phrase (no self-reuse to align)."""
    generator = random.Random(16)
    vocabulary = [f"w{n}" for n in range(50_000)]
    words = []
    total = 0
    while total < size:
        word = generator.choice(vocabulary)
        words.append(word)
        total += len(word) + 1
    separator = "\n" if newlines else " "
    return separator.join(words).encode()


def _binary(folder: Path) -> None:
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))


def _empty(folder: Path) -> None:
    (folder / "empty.txt").write_text("  \n\n\t\n", encoding="utf-8")


def _fifty_megabytes(folder: Path) -> None:
    (folder / "huge.txt").write_bytes(_words(50 * 2**20, newlines=True))


def _ten_megabyte_line(folder: Path) -> None:
    (folder / "one-line.txt").write_bytes(_words(10 * 2**20, newlines=False))


def _invalid_utf8(folder: Path) -> None:
    (folder / "bad-utf8.txt").write_bytes(
        b"Prices report\n\nThe price rose by 5\xff\xfe percent \x81\x8d in one day.\n"
    )


def _cp1252(folder: Path) -> None:
    (folder / "legacy.txt").write_bytes("Café “quoted” report\n\nIt said “no”.\n".encode("cp1252"))


def _nul_bytes(folder: Path) -> None:
    (folder / "nul.txt").write_bytes(b"Looks like text\n\nbut holds\x00a NUL byte.\n")


def _nul_in_jsonl(folder: Path) -> None:
    _jsonl(folder / "nul.jsonl", [{"id": "nul-field", "text": "A text with\u0000a NUL in it."}])


def _escapes(folder: Path) -> None:
    (folder / "escapes.txt").write_text(ESCAPES_BODY, encoding="utf-8")


def _markup(folder: Path) -> None:
    records = [
        {"id": "markup-1", "title": MARKUP_TITLE, "source": MARKUP_SOURCE, "text": MARKUP_BODY},
        {"id": "markup-2", "title": "[bold]x[/]", "source": "[/]", "text": f"{MARKUP_TITLE}\n"},
    ]
    _jsonl(folder / "markup.jsonl", records)
    (folder / "markup-first-line.txt").write_text(
        f"{MARKUP_TITLE}\n\n{MARKUP_BODY}\n", encoding="utf-8"
    )


def _symlink_loops(folder: Path) -> None:
    (folder / "loop.txt").symlink_to("loop.txt")
    (folder / "again").symlink_to(".", target_is_directory=True)


def _fifo(folder: Path) -> None:
    os.mkfifo(folder / "pipe.txt")


def _device(folder: Path) -> None:
    (folder / "zero.txt").symlink_to("/dev/zero")


def _undecodable_name(folder: Path) -> None:
    name = os.fsencode(folder) + b"/caf\xe9 \xff.txt"
    with open(name, "wb") as handle:
        handle.write(b"Cafe report\n\nA name that is not UTF-8 holds a fine article.\n")


def _escapes_in_names(folder: Path) -> None:
    (folder / f"{RETITLE}.txt").write_bytes(b"\x00binary")
    (folder / f"{SET_CLIPBOARD}.txt").write_text("Named to set the clipboard.\n", encoding="utf-8")


def _colliding_ids(folder: Path) -> None:
    _jsonl(
        folder / "z-dupes.jsonl",  # after the good files: they keep their ids
        [
            {"id": "same", "text": "First of the same."},
            {"id": "same", "text": "Second of the same."},
            {"id": "same#2", "text": "A third that was called same#2 all along."},
            {"id": "good-a", "text": "A feed article whose id is a file's."},
        ],
    )


def _wrong_types(folder: Path) -> None:
    text = "A feed article with odd fields."
    records: list[object] = [
        {"id": {"a": 1}, "text": text},
        {"id": "t2", "text": 42},
        {"id": "t3", "title": ["x"], "text": text},
        {"id": 4, "date": True, "text": text},
        {"id": "t5", "text": None},
        "just a string",
    ]
    _jsonl(folder / "types.jsonl", records)


def _broken_lines(folder: Path) -> None:
    good = json.dumps({"id": "feed-ok", "text": "One fine article in the feed."})
    (folder / "feed.jsonl").write_text(
        f'{{"id": "x", "text": \nnot json at all\n{good}\n', encoding="utf-8"
    )


def _lone_surrogate(folder: Path) -> None:
    (folder / "surrogate.jsonl").write_text(
        '{"id": "half-emoji", "title": "cut \\ud83d", "text": "An emoji cut in half: \\ud83d."}\n',
        encoding="utf-8",
    )


def write_flood(folder: Path, lines: int = FLOOD_LINES) -> None:
    good = json.dumps({"id": "feed-ok", "text": "One fine article among broken lines."})
    (folder / "flood.jsonl").write_text(
        good + "\n" + '{"id": "broken", "text": \n' * lines, encoding="utf-8"
    )


@dataclass(frozen=True)
class Case:
    """One kind of hostile input and what must come of it."""

    name: str
    build: Callable[[Path], None]
    # (fragment, how many warnings hold it), as shown: control characters as symbols (␛)
    warnings: tuple[tuple[str, int], ...] = ()
    loads: tuple[str, ...] = ()  # hostile documents that must load beside the good ones

    @property
    def warning_count(self) -> int:
        return sum(count for _, count in self.warnings)

    def corpus(self, folder: Path) -> Path:
        write_good(folder)
        self.build(folder)
        return folder


CASES = (
    Case("binary", _binary, (("image.txt: skipped, looks like a binary file", 1),)),
    Case("empty", _empty, (("empty.txt: skipped, the file is empty", 1),)),
    Case(
        "50MB",
        _fifty_megabytes,
        (("huge.txt: skipped, 50 MiB is larger than the 20 MiB an article may be", 1),),
    ),
    Case("10MB-single-line", _ten_megabyte_line, loads=("one-line",)),
    Case(
        "invalid-utf8",
        _invalid_utf8,
        (("bad-utf8.txt: not valid UTF-8 (byte 34), read as Windows-1252 instead", 1),),
        loads=("bad-utf8",),
    ),
    Case(
        "cp1252",
        _cp1252,
        (("legacy.txt: not valid UTF-8 (byte 3), read as Windows-1252 instead", 1),),
        loads=("legacy",),
    ),
    Case("nul-bytes", _nul_bytes, (("nul.txt: skipped, looks like a binary file", 1),)),
    Case("nul-in-jsonl", _nul_in_jsonl, loads=("nul-field",)),
    Case("ansi-osc-escapes", _escapes, loads=("escapes",)),
    Case("markup", _markup, loads=("markup-1", "markup-2", "markup-first-line")),
    Case(
        "escapes-in-names",
        _escapes_in_names,
        (("␛]0;pwned-title␇.txt: skipped, looks like a binary file", 1),),
        loads=(SET_CLIPBOARD,),
    ),
    Case(
        "symlink-loops",
        _symlink_loops,
        (("loop.txt: skipped, cannot be read (Too many levels of symbolic links)", 1),),
    ),
    Case("fifo", _fifo, (("pipe.txt: skipped, a named pipe, not a regular file", 1),)),
    Case("device", _device, (("zero.txt: skipped, a character device, not a regular file", 1),)),
    Case("non-utf8-name", _undecodable_name, loads=("caf\\xe9 \\xff",)),
    Case(
        "colliding-ids",
        _colliding_ids,
        (
            ("id 'same' is already taken, renamed 'same#2'", 1),
            ("id 'same#2' is already taken, renamed 'same#2#2'", 1),
            ("id 'good-a' is already taken, renamed 'good-a#2'", 1),
        ),
        loads=("same", "same#2", "same#2#2", "good-a#2"),
    ),
    Case(
        "jsonl-wrong-types",
        _wrong_types,
        (
            ("types.jsonl:1: 'id' is an object, not text; left empty", 1),
            ("types.jsonl:2: skipped, 'text' is a number, not text", 1),
            ("types.jsonl:3: 'title' is a list, not text; left empty", 1),
            ("types.jsonl:4: 'date' is true or false, not text; left empty", 1),
            ("types.jsonl:5: skipped, no 'text' field with content", 1),
            ("types.jsonl:6: skipped, expected a JSON object", 1),
        ),
        loads=("types:1", "t3", "4"),
    ),
    Case(
        "jsonl-broken-lines",
        _broken_lines,
        (
            ("feed.jsonl:1: skipped, not valid JSON", 1),
            ("feed.jsonl:2: skipped, not valid JSON", 1),
        ),
        loads=("feed-ok",),
    ),
    Case(
        "lone-surrogate",
        _lone_surrogate,
        (
            ("surrogate.jsonl:1: 'text': lone surrogate characters replaced with U+FFFD", 1),
            ("surrogate.jsonl:1: 'title': lone surrogate characters replaced with U+FFFD", 1),
        ),
        loads=("half-emoji",),
    ),
    Case(
        "warnings-flood",
        write_flood,
        (("skipped, not valid JSON", FLOOD_LINES),),
        loads=("feed-ok",),
    ),
)
CASE_IDS = [case.name for case in CASES]
