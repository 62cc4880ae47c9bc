#!/usr/bin/env python3
"""What a scan finds across outlets: clusters whose passages come from two or more sources.

    python bench/cross_outlet.py CORPUS.jsonl [--sample 10] [--seed 5] [--workers N]

Prints the number of clusters, how many span two or more distinct `source` values, and a
fixed random sample of those (same seed, same sample) with each passage's document, source and
first 80 characters, for a person to read and judge.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui.engine.load import CorpusError, load_corpus
from tui.model import Cluster, Document
from tui.printable import printable
from tui.runners.local import scan


def cross_outlet(clusters: Sequence[Cluster], documents: dict[str, Document]) -> list[Cluster]:
    """Clusters whose documents have at least two distinct non-empty sources."""
    return [
        c
        for c in clusters
        if len({documents[d].source for d in c.documents if documents[d].source}) >= 2
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--sample", type=int, default=10, help="clusters to show")
    parser.add_argument("--seed", type=int, default=5, help="random seed of the sample")
    parser.add_argument("--workers", type=int, help="worker processes (default: every core)")
    args = parser.parse_args(argv)
    try:
        loaded = load_corpus([args.corpus])
    except CorpusError as error:
        parser.error(str(error))
    result = scan(loaded.documents, workers=args.workers)
    documents = {d.id: d for d in result.documents}
    found = cross_outlet(result.clusters, documents)
    print(
        f"{len(result.documents)} documents, {len(result.clusters)} clusters, "
        f"{len(found)} cross-outlet clusters (passages from 2 or more sources)"
    )
    sample = random.Random(args.seed).sample(found, min(args.sample, len(found)))
    for cluster in sorted(sample, key=lambda c: c.id):
        print(
            f"\ncluster {cluster.id}  {cluster.kind}  similarity {cluster.similarity:.0f}  "
            f"{len(cluster.documents)} documents"
        )
        for passage in cluster.passages:
            document = documents[passage.doc]
            text = " ".join(document.text[passage.start : passage.end].split())[:80]
            print(
                f"  {printable(document.source)[:20]:20} {printable(passage.doc)[:14]:14} "
                f"{printable(text)}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
