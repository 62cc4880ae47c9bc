"""A kind of warning that repeats is one line for a person; the export keeps every one."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tui.warning_summary import summarise_warnings, warning_kind

LEGACY = "Caf\u00e9 owners said the ferry strike would hurt the summer trade.\n".encode("cp1252")


def test_a_repeated_kind_is_one_line_with_its_count_and_first_places() -> None:
    warnings = [
        *(f"p/{n}.txt: not valid UTF-8 (byte {n}), read as Windows-1252 instead" for n in range(5)),
        "p/x.txt: skipped, the file is empty",
        "no articles found in q",
        "p/y.txt: skipped, the file is empty",
    ]
    assert summarise_warnings(warnings) == [
        "5 times: not valid UTF-8, read as Windows-1252 instead "
        "(p/0.txt, p/1.txt, p/2.txt and 2 more)",
        "p/x.txt: skipped, the file is empty",
        "no articles found in q",
        "p/y.txt: skipped, the file is empty",
    ]


def test_three_of_a_kind_are_still_shown_one_by_one() -> None:
    warnings = [f"{n}.rss: damaged feed (line {n}); read what could be read" for n in range(3)]
    assert summarise_warnings(warnings) == warnings
    assert warning_kind(warnings[0]) == ("0.rss", "damaged feed; read what could be read")


def test_scan_summarises_on_stderr_and_lists_every_warning_in_json(tmp_path: Path) -> None:
    for name in ("a", "b", "c", "d", "e", "f"):
        (tmp_path / f"{name}.txt").write_bytes(LEGACY)
    command = [sys.executable, "-m", "tui", "scan", str(tmp_path), "--no-cache"]
    text = subprocess.run(command, capture_output=True, text=True, check=True, timeout=300)
    lines = text.stderr.splitlines()
    assert lines == [
        "echoes: warning: 6 times: not valid UTF-8, read as Windows-1252 instead "
        f"({tmp_path / 'a.txt'}, {tmp_path / 'b.txt'}, {tmp_path / 'c.txt'} and 3 more)",
        "echoes: every warning is listed in `echoes scan --format json`",
    ]
    assert text.stdout.startswith("6 documents")
    assert "warning: 6 times: not valid UTF-8" in text.stdout  # the text report summarises too
    as_json = subprocess.run(
        [*command, "--format", "json", "--quiet"], capture_output=True, text=True, check=True
    )
    warnings = json.loads(as_json.stdout)["warnings"]
    assert [w.split(":")[0] for w in warnings] == [
        str(tmp_path / f"{name}.txt") for name in "abcdef"
    ]
    assert all("(byte 3)" in w for w in warnings), "each file's detail is kept"
