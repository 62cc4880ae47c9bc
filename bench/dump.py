#!/usr/bin/env python3
"""Canonical dumps of what a scan reports, and their comparison: the proof that a change which
should not alter detection did not, and the list of what did change when one should.

    python bench/dump.py CORPUS... [--preset pan] [--engine local] --output FILE
    python bench/dump.py --compare BEFORE AFTER [--show 10]

A dump is the scan's JSON export (`echoes scan --format json --no-cache`, run in a fresh
process from this checkout) as JSON Lines, one record per line in the scan's own order:
every document, cluster (with its passages), alignment (with its shared runs), furniture
span, related link and warning. Timings (`stats`) and the settings (`params`) are left out:
they change without the answer changing. Two dumps of the same answer are byte-identical.

`--compare` prints `identical` or, per record type, how many records vanished and appeared
(cluster numbers set aside: a new cluster renumbers all later ones), with the first few of
each (passage text cut to 100 characters) for a person to read.
Exit code 0 when identical, 1 when not.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# The record types of the export, in the order a dump holds them.
SECTIONS = (
    ("document", "documents"),
    ("cluster", "clusters"),
    ("alignment", "alignments"),
    ("boilerplate", "boilerplate"),
    ("related", "related"),
    ("warning", "warnings"),
)


def scan_export(corpus: Sequence[str], extra: Sequence[str]) -> dict[str, Any]:
    """The JSON export of a scan of `corpus` by this checkout's engine, in a fresh process."""
    # The scan runs in this checkout: a corpus named relative to where the dump was asked
    # for is passed as the path it means.
    paths = [str(Path(c).absolute()) if Path(c).exists() else c for c in corpus]
    command = [sys.executable, "-m", "tui", "scan", *paths, "--format", "json", "--no-cache"]
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [*command, *extra], capture_output=True, env=environment, check=False, cwd=ROOT
    )
    if done.returncode != 0:
        sys.stderr.write(done.stderr.decode("utf-8", "replace"))
        raise SystemExit(f"dump: the scan failed with exit code {done.returncode}")
    data: dict[str, Any] = json.loads(done.stdout)
    return data


def records(export: dict[str, Any]) -> Iterator[str]:
    """The export's records as canonical JSON lines (keys sorted, no spaces), in scan order."""
    for kind, key in SECTIONS:
        for record in export.get(key, []):
            yield json.dumps(
                [kind, record], sort_keys=True, ensure_ascii=False, separators=(",", ":")
            )


def write_dump(corpus: Sequence[str], extra: Sequence[str], output: Path) -> str:
    digest = hashlib.sha256()
    counts: Counter[str] = Counter()
    export = scan_export(corpus, extra)  # before the file opens: a failed scan leaves none
    with output.open("w", encoding="utf-8") as out:
        for line in records(export):
            out.write(line + "\n")
            digest.update(line.encode("utf-8") + b"\n")
            counts[line[2 : line.index('"', 2)]] += 1
    summary = " ".join(f"{kind}s={counts[kind]}" for kind, _ in SECTIONS)
    return f"{output}: sha256={digest.hexdigest()[:16]} {summary}"


def _where(span: dict[str, Any]) -> str:
    return f"{span['doc']}[{span['start']}:{span['end']}]"


def _brief(line: str) -> str:
    kind, record = json.loads(line)
    if kind == "cluster":
        first = record["passages"][0]
        text = " ".join(first["text"].split())[:100]
        docs = ", ".join(dict.fromkeys(p["doc"] for p in record["passages"]))
        return f"cluster {record['kind']} {record['similarity']} [{docs}] {text!r}"
    if kind in ("alignment", "related"):
        a, b = record["a"], record["b"]
        score = record.get("similarity", record.get("score"))
        return f"{kind} {_where(a)} ~ {_where(b)} {score}"
    if kind == "boilerplate":
        return f"boilerplate {_where(record)} {record['text'][:80]!r}"
    return f"{kind} {json.dumps(record, ensure_ascii=False)[:120]}"


def unnumbered(line: str) -> str:
    """A dump line without its cluster number (a cluster's `id`, an alignment's `cluster`)."""
    kind, record = json.loads(line)
    if kind not in ("cluster", "alignment"):
        return line
    record.pop("id" if kind == "cluster" else "cluster", None)
    return json.dumps([kind, record], ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def compare(before: Path, after: Path, show: int) -> int:
    """Print how two dumps differ; 0 when they are byte-identical."""
    for dump in (before, after):
        if not dump.is_file():
            raise SystemExit(f"dump: no dump at {dump}")
    old = before.read_bytes()
    new = after.read_bytes()
    if old == new:
        print(f"identical ({len(old.splitlines())} records)")
        return 0
    # Compared without cluster numbers: one new cluster renumbers every later one, and an
    # alignment that only moved to another number has not changed.
    old_lines = [unnumbered(line) for line in old.decode("utf-8").splitlines()]
    new_lines = [unnumbered(line) for line in new.decode("utf-8").splitlines()]
    old_set, new_set = Counter(old_lines), Counter(new_lines)
    vanished = list((old_set - new_set).elements())
    appeared = list((new_set - old_set).elements())
    if not vanished and not appeared:
        print("the same records, in another order or under other cluster numbers")
        return 1
    for kind, _ in SECTIONS:
        gone = [line for line in vanished if line.startswith(f'["{kind}"')]
        came = [line for line in appeared if line.startswith(f'["{kind}"')]
        if not gone and not came:
            continue
        print(f"{kind}: {len(gone)} vanished, {len(came)} appeared")
        for label, lines in (("-", gone), ("+", came)):
            for line in lines[:show]:
                print(f"  {label} {_brief(line)}")
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="*", help="what to scan (as `echoes scan` takes it)")
    parser.add_argument("--output", "-o", type=Path, help="the dump to write")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    parser.add_argument("--show", type=int, default=10, help="records listed per change")
    args, extra = parser.parse_known_args(argv)
    if args.compare:
        return compare(*args.compare, args.show)
    if args.output is None:
        parser.error("--output is required to write a dump")
    print(write_dump(args.corpus, extra, args.output))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
