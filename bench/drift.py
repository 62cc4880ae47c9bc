"""Drift marks on a real corpus, counted and sampled for a person to read.

    python bench/drift.py ../shared/bench/newsarticles.jsonl [--sample 25] [--seed 5]

Prints how many quote, figure and name changes the copies of each cluster have against the
earliest copy, by kind, then a seeded random sample of clusters with drift: each change with
the earliest's words, the copy's words and the copy's context, so the rules in
tui/index/drift.py can be judged by reading. Uses the persistent index (scans when needed).
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui.index.indexer import open_corpus
from tui.index.queries import ReuseIndex
from tui.printable import printable


def flat(text: str) -> str:
    return " ".join(printable(text).split())


def main() -> None:
    parser = argparse.ArgumentParser(description="Drift marks on a corpus, counted and sampled.")
    parser.add_argument("corpus", nargs="+")
    parser.add_argument("--sample", type=int, default=25, help="clusters with drift to show")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    opened = open_corpus(args.corpus, alignments_later=True)
    index = ReuseIndex(opened.result, opened.alignments)
    clusters = index.clusters_by_spread()
    kinds: Counter[str] = Counter()
    with_drift = []
    for cluster in clusters:
        copies = index.copies(cluster.id)
        found = [change for copy in copies for change in copy.drift]
        kinds.update(change.kind for change in found)
        if found:
            with_drift.append(cluster.id)
    total = sum(kinds.values())
    print(f"{len(clusters)} clusters, {len(with_drift)} with drift, {total} drift marks")
    for kind, count in kinds.most_common():
        print(f"  {kind:7} {count}")
    chosen = random.Random(args.seed).sample(with_drift, min(args.sample, len(with_drift)))
    for cluster_id in chosen:
        first, *later = index.copies(cluster_id)
        copy = next(c for c in later if c.drift)
        print(
            f"\ncluster {cluster_id}: {first.document.source or first.document.id} -> "
            f"{copy.document.source or copy.document.id}, {copy.similarity:.0f}% similar"
        )
        before, after = first.document.text, copy.document.text
        for change in copy.drift:
            context = after[max(copy.span.start, change.b[0] - 50) : change.b[1] + 30]
            print(
                f"  {'/'.join(change.kinds):18} {flat(before[change.a[0] : change.a[1]])!r}"
                f" -> {flat(after[change.b[0] : change.b[1]])!r}  | {flat(context)!r}"
            )


if __name__ == "__main__":
    main()
