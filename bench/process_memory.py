#!/usr/bin/env python3
"""Which process holds the memory at a command's peak: every process of its tree, sampled.

    python bench/process_memory.py [--every 0.5] [--log FILE] -- echoes scan CORPUS --no-cache

`bench/scale.py` gives one peak for a scan's whole process tree; a change that moves memory
between the main process, the related tier's and the workers needs to know who holds it.
Every `--every` seconds this reads each process's proportional set size (shared pages split
between the processes sharing them) and its private memory (pages only it maps: what it built
and the inherited pages it alone still holds, after copying or after its parent let them go),
and prints the moment of the largest total, process by process, with `--log` keeping every
sample. The command's own output passes through.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.speed import _tree  # noqa: E402


@dataclass(frozen=True)
class ProcessMemory:
    pid: int
    pss_mb: float
    private_mb: float


@dataclass(frozen=True)
class Sample:
    seconds: float
    processes: tuple[ProcessMemory, ...]

    @property
    def pss_mb(self) -> float:
        return sum(p.pss_mb for p in self.processes)

    def line(self) -> str:
        each = " ".join(f"{p.pid}:{p.pss_mb:.0f}/{p.private_mb:.0f}" for p in self.processes)
        return f"{self.seconds:7.1f} s {self.pss_mb:8.0f} MB  {each}"


def process_memory(pid: int) -> ProcessMemory | None:
    """`pid`'s PSS and private memory (MiB), or None once it has gone."""
    fields: dict[str, int] = {}
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                name, _, rest = line.partition(":")
                if name in ("Pss", "Private_Clean", "Private_Dirty"):
                    fields[name] = int(rest.split()[0])
    except (OSError, IndexError, ValueError):
        return None
    private = fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)
    return ProcessMemory(pid, fields.get("Pss", 0) / 1024, private / 1024)


def sample_tree(root: int, seconds: float) -> Sample:
    found = (process_memory(pid) for pid in _tree(root))
    return Sample(seconds, tuple(p for p in found if p is not None))


def watch(command: Sequence[str], every: float, log: Path | None) -> tuple[int, Sample | None]:
    """Run `command`, sampling its process tree; its exit status and the largest sample."""
    start = time.monotonic()
    process = subprocess.Popen(list(command))
    peak: Sample | None = None
    lines: list[str] = []
    while process.poll() is None:
        sample = sample_tree(process.pid, time.monotonic() - start)
        lines.append(sample.line())
        if peak is None or sample.pss_mb > peak.pss_mb:
            peak = sample
        time.sleep(every)
    if log is not None:
        log.write_text("".join(f"{line}\n" for line in lines))
    return process.wait(), peak


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=float, default=0.5, help="seconds between samples")
    parser.add_argument("--log", type=Path, help="write every sample here")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- the command to run")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the command to measure after --")
    status, peak = watch(command, args.every, args.log)
    if peak is None:
        print("process_memory: the command ended before the first sample", file=sys.stderr)
        return status
    print(f"peak {peak.pss_mb:.0f} MB (PSS of the process tree) at {peak.seconds:.1f} s:")
    print("    pid      PSS MB   private MB")
    for p in sorted(peak.processes, key=lambda p: -p.pss_mb):
        print(f"{p.pid:7d} {p.pss_mb:11.0f} {p.private_mb:12.0f}")
    return status


if __name__ == "__main__":
    sys.exit(main())
