#!/usr/bin/env python3
"""The Spark engine against the local one on one corpus: time by stage, records and shuffle
sizes per stage, peak memory, and whether the two answers are byte-identical.

    python bench/spark.py CORPUS.jsonl [--partitions 2,8] [--master local[2]] [--preset pan]
                          [--no-local] [--dump-dir DIR]

The local engine scans first, in a fresh process (`echoes scan --format json --no-cache`),
timed with its peak memory (proportional set sizes of its process tree). Then one Spark
session starts (its start-up timed apart) and scans once per partition count; for each scan
the table lists every stage of the README's pipeline as Spark ran it: wall time, the records
its tasks read and wrote, and the bytes they shuffled (from Spark's own metrics, through its
UI's REST API), then the scan's peak memory (this process, the JVM and its Python workers).
Each Spark answer's canonical dump (`bench/dump.py`) is compared with the local one's.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import urllib.request
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from dump import records  # noqa: E402
from speed import sampled_peak  # noqa: E402


def local_scan(corpus: str, extra: Sequence[str]) -> tuple[list[str], float, float]:
    """The local engine's canonical dump, wall time and peak memory (a fresh process)."""
    command = [sys.executable, "-m", "tui", "scan", corpus, "--format", "json", "--no-cache"]
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [*command, *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment
    )
    (out, err), seconds, peak = sampled_peak(process.pid, process.communicate, every=0.25)
    if process.returncode != 0:
        raise SystemExit(f"the local scan failed:\n{err.decode(errors='replace')}")
    return list(records(json.loads(out))), seconds, peak


def stage_metrics(url: str, since_job: int) -> dict[str, dict[str, float]]:
    """Per echoes stage (the jobs' descriptions), the metrics of its Spark stages."""

    def get(path: str) -> Any:
        with urllib.request.urlopen(f"{url}/api/v1/applications/{path}", timeout=30) as answer:
            return json.load(answer)

    (application,) = get("")[:1]
    base = application["id"]
    stage_owner: dict[int, str] = {}
    for job in get(f"{base}/jobs"):
        if job["jobId"] >= since_job:
            name = job.get("description", "").removeprefix("echoes: ") or "other"
            for stage in job["stageIds"]:
                stage_owner.setdefault(stage, name)
    totals: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for stage in get(f"{base}/stages?status=complete"):
        owner = stage_owner.get(stage["stageId"])
        if owner is None:
            continue
        figures = totals[owner]
        figures["tasks"] += stage["numTasks"]
        figures["records_in"] += stage["inputRecords"] + stage["shuffleReadRecords"]
        figures["records_out"] += stage["outputRecords"] + stage["shuffleWriteRecords"]
        figures["shuffle_read_mb"] += stage["shuffleReadBytes"] / 2**20
        figures["shuffle_write_mb"] += stage["shuffleWriteBytes"] / 2**20
        figures["task_seconds"] += stage["executorRunTime"] / 1000
    return {name: dict(values) for name, values in totals.items()}


def last_job(context: Any) -> int:
    jobs = context.statusTracker().getJobIdsForGroup(None)
    return max(jobs, default=-1)


def compare(expected: list[str], found: list[str]) -> str:
    if expected == found:
        return f"identical ({len(found)} records)"
    differ = sum(1 for a, b in zip(expected, found, strict=False) if a != b)
    return f"DIFFERENT: {len(expected)} vs {len(found)} records, {differ} differ in place"


def print_table(stats: dict[str, float], metrics: dict[str, dict[str, float]]) -> None:
    print(
        f"  {'stage':12} {'wall s':>8} {'task s':>8} {'tasks':>6} {'records in':>12} "
        f"{'records out':>12} {'shuffle r MB':>12} {'shuffle w MB':>12}"
    )
    for key, seconds in stats.items():
        if not key.endswith("_seconds"):
            continue
        name = key.removesuffix("_seconds")
        m = metrics.get(name, {})
        print(
            f"  {name:12} {seconds:8.1f} {m.get('task_seconds', 0):8.1f} "
            f"{int(m.get('tasks', 0)):6d} {int(m.get('records_in', 0)):12d} "
            f"{int(m.get('records_out', 0)):12d} {m.get('shuffle_read_mb', 0):12.1f} "
            f"{m.get('shuffle_write_mb', 0):12.1f}"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus")
    parser.add_argument("--partitions", default="2", help="comma-separated partition counts")
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--preset", choices=("news", "pan"))
    parser.add_argument("--no-local", action="store_true", help="skip the local engine")
    parser.add_argument("--dump-dir", type=Path, help="write each answer's canonical dump here")
    args = parser.parse_args(argv)

    from tui.engine.load import load_corpus
    from tui.index.export import to_dict
    from tui.params import PRESETS, Params
    from tui.runners.spark.run import scan
    from tui.runners.spark.session import start_session

    params = PRESETS[args.preset] if args.preset else Params()
    extra = ["--preset", args.preset] if args.preset else []
    print(f"corpus {args.corpus}  preset {args.preset or 'news'}  master {args.master}")
    print(f"load average at start: {os.getloadavg()[0]:.1f} (2 cores, shared)")
    if args.dump_dir:  # made now: not after an hour of Spark, with --no-local
        args.dump_dir.mkdir(parents=True, exist_ok=True)
    expected: list[str] | None = None
    if not args.no_local:
        expected, seconds, peak = local_scan(args.corpus, extra)
        print(f"local engine: {seconds:.1f} s, peak {peak:.0f} MiB (process tree, PSS)")
        if args.dump_dir:
            (args.dump_dir / "local.jsonl").write_text("".join(f"{r}\n" for r in expected))
    loaded = load_corpus([args.corpus])
    clock = time.perf_counter()
    session = start_session(args.master)
    started = time.perf_counter() - clock
    print(f"spark session start: {started:.1f} s, UI {session.sparkContext.uiWebUrl}")
    for count in (int(n) for n in args.partitions.split(",")):
        session.conf.set("spark.sql.shuffle.partitions", str(count))
        first = last_job(session.sparkContext) + 1
        result, seconds, peak = sampled_peak(
            os.getpid(),
            lambda: scan(session, loaded.documents, params, warnings=loaded.warnings),
            every=0.25,  # a JVM's smaps are long to read
        )
        found = list(records(to_dict(result)))
        print(f"\nspark, {count} partitions: {seconds:.1f} s, peak {peak:.0f} MiB", end=" ")
        print("(driver, JVM and Python workers, PSS)")
        print_table(result.stats, stage_metrics(session.sparkContext.uiWebUrl or "", first))
        print(
            f"  candidate pairs {int(result.stats.get('candidate_pairs', 0))}, "
            f"aligned {int(result.stats.get('pairs_aligned', 0))}, "
            f"clusters {len(result.clusters)}, related {len(result.related)}"
        )
        if args.dump_dir:
            target = args.dump_dir / f"spark-{count}.jsonl"
            target.write_text("".join(f"{r}\n" for r in found))
        if expected is not None:
            print(f"  against the local engine: {compare(expected, found)}")
    session.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
