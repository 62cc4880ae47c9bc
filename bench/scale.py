#!/usr/bin/env python3
"""How a scan grows with its corpus: time, CPU and memory as a new user meets them.

    python bench/scale.py CORPUS.jsonl --copies 1,2,4,8 [--workers N] [--keep DIR] [-- FLAGS]
    python bench/scale.py CORPUS.jsonl --copies 1,2,4 --checkout ../main --python ../venv/bin/python
    python bench/scale.py CORPUS... --words 2.5M,5M,10M [...]

With `--copies`, each size is the corpus with every article N times: itself and N - 1
lightly edited copies (new ids; every 7th word dropped, 10% of adjacent words swapped, or
both; fixed seeds: see `bench/edited_copies.py`), the densest reuse a corpus can hold. With
`--words`, each size is distinct text: the articles of all the corpora given (JSONL files,
folders or text files), shuffled with a fixed seed, up to that many words (split at spaces).

Each size is scanned in a fresh process exactly as a user would: `echoes scan CORPUS
--format json --no-cache --output FILE` (load, scan and export; FLAGS after `--` are passed
on, e.g. `-- --preset pan`). Wall time is the command's; CPU seconds are those of the command
and every process it started (user + system); peak memory is the proportional set size of the
whole process tree (pages forked workers share counted once), sampled as `bench/speed.py`
does. Candidate pairs, aligned pairs, clusters and each stage's seconds come from the
export's `stats`; "rest" is the wall time outside the stages (start-up, load, export).
With `--checkout DIR --python PYTHON`, another checkout's `echoes scan` is measured on the
same corpora, run by its own interpreter (main's, to set before against after in one session).
Then the growth exponent fitted to each column (least squares of log figure on log words,
and between each size and the next) and the wall time of the largest size over the smallest.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.edited_copies import edited_corpus, read_records, write_records  # noqa: E402
from bench.speed import sampled_peak  # noqa: E402

SAMPLE_SECONDS = 0.1
SHUFFLE_SEED = 15
STAGES = ("prepare", "candidates", "related", "align", "cluster")


@dataclass(frozen=True)
class Size:
    label: str
    path: Path


@dataclass(frozen=True)
class Figures:
    """One size's scan, as measured."""

    label: str
    articles: int
    words: int
    wall: float
    cpu: float
    peak_mb: float
    pairs: int
    aligned: int
    clusters: int
    stages: dict[str, float]

    @property
    def rest(self) -> float:
        return self.wall - sum(self.stages.values())


# ---------------------------------------------------------------- corpora


def _records(paths: Sequence[Path]) -> Iterator[dict[str, Any]]:
    """Article records of every corpus given: JSONL lines as they are, other inputs through
    the loader (folders, text files)."""
    for path in paths:
        if path.suffix == ".jsonl":
            yield from read_records(path)
            continue
        from tui.engine.load import load_corpus

        for document in load_corpus([path]).documents:
            yield {
                "id": document.id,
                "title": document.title,
                "date": document.date,
                "source": document.source,
                "text": document.text,
            }


def copies_corpora(corpus: Path, copies: Sequence[int], folder: Path) -> list[Size]:
    records = list(_records([corpus]))
    sizes = []
    for count in copies:
        target = folder / f"{corpus.stem}-x{count}.jsonl"
        write_records(edited_corpus(records, count), target)
        sizes.append(Size(f"x{count}", target))
    return sizes


def distinct_corpora(corpora: Sequence[Path], words: Sequence[int], folder: Path) -> list[Size]:
    records = list(_records(corpora))
    random.Random(SHUFFLE_SEED).shuffle(records)
    seen_ids: set[str] = set()
    unique = []
    for record in records:  # two corpora may use one id: the later one is left out
        if record["id"] not in seen_ids:
            seen_ids.add(record["id"])
            unique.append(record)
    sizes = []
    for limit in words:
        taken, total = [], 0
        for record in unique:
            if total >= limit:
                break
            taken.append(record)
            total += len(str(record["text"]).split())
        if total < limit:
            print(f"scale: only {total} words in all; the {limit} size holds them all")
        target = folder / f"distinct-{limit}.jsonl"
        write_records(taken, target)
        sizes.append(Size(_words_label(limit), target))
    return sizes


def _words_label(count: int) -> str:
    return f"{count / 1e6:g}M" if count >= 1_000_000 else str(count)


def parse_words(text: str) -> list[int]:
    found = []
    for part in text.split(","):
        match = re.fullmatch(r"\s*([\d.]+)\s*([kKmM]?)\s*", part)
        if match is None:
            raise argparse.ArgumentTypeError(f"not a word count: {part!r} (e.g. 2.5M,10M)")
        scale = {"": 1, "k": 1_000, "m": 1_000_000}[match.group(2).lower()]
        found.append(int(float(match.group(1)) * scale))
    return found


def parse_copies(text: str) -> list[int]:
    try:
        found = [int(part) for part in text.split(",")]
    except ValueError:
        found = []
    if not found or min(found) < 1:
        raise argparse.ArgumentTypeError(f"not copy counts: {text!r} (e.g. 1,2,4,8)")
    return found


# ---------------------------------------------------------------- one scan


def _stats_of(export: Path) -> dict[str, float]:
    """The `stats` object of a JSON export: its last field, read from the file's end."""
    size = export.stat().st_size
    with export.open("rb") as handle:
        handle.seek(max(0, size - 65536))
        tail = handle.read().decode("utf-8", "replace")
    at = tail.rfind('"stats":')
    if at < 0:
        raise RuntimeError(f"no stats at the end of {export}")
    stats, _ = json.JSONDecoder().raw_decode(tail[at + len('"stats":') :].lstrip())
    return {str(k): float(v) for k, v in stats.items()}


def measure(
    size: Size,
    workers: int | None,
    flags: Sequence[str],
    folder: Path,
    checkout: Path = ROOT,
    python: str = sys.executable,
) -> Figures:
    """Scan one corpus with the `echoes scan` command of `checkout`, run by the interpreter
    `python`, in a fresh process."""
    export = folder / f"{size.path.stem}.export.json"
    command = [python, "-m", "tui", "scan", str(size.path), "--format", "json"]
    command += ["--no-cache", "--quiet", "--output", str(export), *flags]
    if workers:
        command += ["--workers", str(workers)]
    env = {**os.environ, "PYTHONPATH": str(checkout), "ECHOES_HOME": str(folder / "home")}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    process = subprocess.Popen(command, cwd=checkout, env=env, stderr=subprocess.PIPE, text=True)
    (_, errors), wall, peak = sampled_peak(process.pid, process.communicate)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode != 0:
        raise RuntimeError(f"scan of {size.path} failed:\n{errors.strip()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # The kernel's peak of the largest single process, in case sampling missed a spike.
    peak = max(peak, after.ru_maxrss / 1024)
    stats = _stats_of(export)
    export.unlink()
    return Figures(
        label=size.label,
        articles=int(stats["documents"]),
        words=int(stats["words"]),
        wall=wall,
        cpu=cpu,
        peak_mb=peak,
        pairs=int(stats.get("candidate_pairs", 0)),
        aligned=int(stats.get("pairs_aligned", 0)),
        clusters=int(stats.get("clusters", 0)),
        stages={s: stats.get(f"{s}_seconds", 0.0) for s in STAGES},
    )


# ---------------------------------------------------------------- the table


def exponent(words: Sequence[float], values: Sequence[float]) -> float:
    """The least-squares slope of log(value) on log(words): value grows as words^slope."""
    xs = [math.log(w) for w in words]
    ys = [math.log(max(v, 1e-9)) for v in values]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    if spread == 0:
        return float("nan")
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread


HEADER = (
    f"{'corpus':>7} {'articles':>8} {'words':>10} {'wall_s':>8} {'cpu_s':>8} {'peak_mb':>8} "
    f"{'pairs':>9} {'aligned':>8} {'clusters':>8} "
    + " ".join(f"{s[:7]:>7}" for s in STAGES)
    + f" {'rest':>6}"
)


def row(f: Figures) -> str:
    return (
        f"{f.label:>7} {f.articles:>8} {f.words:>10} {f.wall:>8.1f} {f.cpu:>8.1f} "
        f"{f.peak_mb:>8.0f} {f.pairs:>9} {f.aligned:>8} {f.clusters:>8} "
        + " ".join(f"{f.stages[s]:>7.1f}" for s in STAGES)
        + f" {f.rest:>6.1f}"
    )


def growth(figures: Sequence[Figures]) -> list[str]:
    """Lines with the growth exponents of wall, CPU and peak memory against words."""
    if len(figures) < 2:
        return []
    words = [float(f.words) for f in figures]
    columns = {
        "wall": [f.wall for f in figures],
        "cpu": [f.cpu for f in figures],
        "peak": [f.peak_mb for f in figures],
        "pairs": [float(max(1, f.pairs)) for f in figures],
    }
    for stage in STAGES:
        columns[stage] = [max(f.stages[stage], 1e-3) for f in figures]
    lines = ["growth exponents (figure ~ words^e): fitted over all sizes; size to next size"]
    for name, values in columns.items():
        steps = " ".join(
            f"{exponent(words[k : k + 2], values[k : k + 2]):.2f}" for k in range(len(words) - 1)
        )
        lines.append(f"  {name:>10}: {exponent(words, values):.2f}   ({steps})")
    first, last = figures[0], figures[-1]
    lines.append(
        f"wall {last.label} / wall {first.label} = {last.wall / first.wall:.1f} "
        f"(words x{last.words / first.words:.1f}); peak {last.label} {last.peak_mb:.0f} MB"
    )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    flags: list[str] = []
    if "--" in argv:
        at = argv.index("--")
        argv, flags = argv[:at], argv[at + 1 :]
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, nargs="+", help="JSONL files, folders or texts")
    how = parser.add_mutually_exclusive_group()
    how.add_argument("--copies", type=parse_copies, help="copy counts, e.g. 1,2,4,8")
    how.add_argument("--words", type=parse_words, help="distinct-text sizes, e.g. 2.5M,10M")
    parser.add_argument("--workers", type=int, help="processes per scan (default: every core)")
    parser.add_argument("--keep", type=Path, help="keep the corpora built in this folder")
    parser.add_argument(
        "--checkout",
        type=Path,
        default=ROOT,
        help="the echoes checkout whose `echoes scan` is measured (default: this one)",
    )
    parser.add_argument(
        "--python",
        default=sys.executable,
        help="the interpreter that runs it, e.g. that checkout's venv (default: this one)",
    )
    args = parser.parse_args(argv)
    for path in args.corpus:
        if not path.exists():
            parser.error(f"no such corpus: {path}")
    if args.copies is None and args.words is None:
        args.copies = [1, 2, 4, 8]
    with tempfile.TemporaryDirectory(prefix="echoes-scale-") as scratch:
        folder = Path(scratch)
        corpora = (args.keep or folder).resolve()
        corpora.mkdir(parents=True, exist_ok=True)
        if args.copies is not None:
            sizes = copies_corpora(args.corpus[0], args.copies, corpora)
        else:
            sizes = distinct_corpora(args.corpus, args.words, corpora)
        print(
            f"checkout: {args.checkout.resolve()}; python: {args.python}; "
            f"scan flags: {' '.join(flags) or '(defaults)'}; workers: {args.workers or 'all'}"
        )
        print(HEADER, flush=True)
        figures = []
        for size in sizes:
            checkout = args.checkout.resolve()
            figures.append(measure(size, args.workers, flags, folder, checkout, args.python))
            print(row(figures[-1]), flush=True)
        for line in growth(figures):
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
