#!/usr/bin/env python3
"""What a detection change did to the judged reuse, read from two canonical dumps of one
corpus (`bench/dump.py`): the judged true links one dump's clusters hold and the other's do
not, and a seeded sample of the clusters that vanished outright (no two of their documents,
nor a repeated document, held together by any cluster after), for a person to read.

    python bench/judged_changes.py CORPUS.jsonl BEFORE.jsonl AFTER.jsonl
        [--judged bench/news_judged] [--set dev] [--sample 12] [--seed 7]

`bench/dump.py --compare` lists every record that changed; a cluster that only gained or lost
a member shows there as one vanished and one appeared. This tool answers the two questions a
precision change raises: which true links did it cost, and what did it take away? The judged
test set stays out unless `--set test` asks for it.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TextIO

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import news_precision as judged

from tui.model import Cluster, Document, Span
from tui.printable import printable


def corpus_texts(corpus: Path) -> dict[str, str]:
    """Each article's text by id, from a JSON Lines corpus."""
    texts = {}
    with corpus.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                record = json.loads(line)
                texts[str(record["id"])] = str(record.get("text", ""))
    return texts


def dump_clusters(
    path: Path, texts: Mapping[str, str]
) -> tuple[list[Cluster], dict[str, Document]]:
    """A dump's clusters and documents (each document with its text from the corpus)."""
    clusters: list[Cluster] = []
    documents: dict[str, Document] = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            kind, record = json.loads(line)
            if kind == "document":
                doc = record["id"]
                documents[doc] = Document(doc, texts.get(doc, ""), source=record.get("source", ""))
            elif kind == "cluster":
                passages = tuple(Span(p["doc"], p["start"], p["end"]) for p in record["passages"])
                clusters.append(Cluster(record["id"], record["kind"], 0.0, passages))
    return clusters, documents


def link_changes(
    before: Sequence[Cluster], after: Sequence[Cluster], links: Sequence[judged.TrueLink]
) -> tuple[list[judged.TrueLink], list[judged.TrueLink]]:
    """The true links found before and not after (lost), and after and not before (gained)."""
    found_before = judged.found_links(before, links)
    found_after = judged.found_links(after, links)
    lost = [k for k, b, a in zip(links, found_before, found_after, strict=True) if b and not a]
    gained = [k for k, b, a in zip(links, found_before, found_after, strict=True) if a and not b]
    return lost, gained


def _pairs(cluster: Cluster) -> Iterable[tuple[str, str]]:
    """The document pairs a cluster holds together, a document repeated in it with itself."""
    docs = [p.doc for p in cluster.passages]
    distinct = sorted(set(docs))
    yield from itertools.combinations(distinct, 2)
    yield from ((d, d) for d in distinct if docs.count(d) > 1)


def vanished_outright(before: Sequence[Cluster], after: Sequence[Cluster]) -> list[Cluster]:
    """The clusters of `before` none of whose document pairs a cluster of `after` holds."""
    together = {pair for cluster in after for pair in _pairs(cluster)}
    return [c for c in before if not any(pair in together for pair in _pairs(c))]


def _quote(texts: Mapping[str, str], span: Span, limit: int = 200) -> str:
    text = " ".join(texts.get(span.doc, "")[span.start : span.end].split())
    return printable(text[:limit] + ("…" if len(text) > limit else ""))


def report(
    out: TextIO,
    texts: Mapping[str, str],
    lost: Sequence[judged.TrueLink],
    gained: Sequence[judged.TrueLink],
    total: int,
    vanished: Sequence[Cluster],
    clusters_before: int,
    sample: int,
    seed: int,
) -> None:
    out.write(f"judged true links: {len(lost)} lost, {len(gained)} gained, of {total}\n")
    for label, links in (("lost", lost), ("gained", gained)):
        for link in links:
            out.write(f"  {label} {link.source}: {link.a.doc}[{link.a.start}:{link.a.end}] ")
            out.write(f"~ {link.b.doc}[{link.b.start}:{link.b.end}]\n")
            out.write(f"      {_quote(texts, link.a)}\n      {_quote(texts, link.b)}\n")
    out.write(f"clusters vanished outright: {len(vanished)} of {clusters_before}")
    shown = list(vanished)
    random.Random(seed).shuffle(shown)
    shown = shown[:sample]
    out.write(f"; a sample of {len(shown)} (seed {seed}):\n" if shown else "\n")
    for cluster in shown:
        out.write(f"  cluster {cluster.id} ({cluster.kind}, {len(cluster.passages)} passages)\n")
        for span in cluster.passages[:3]:
            out.write(f"      {span.doc}[{span.start}:{span.end}] {_quote(texts, span)}\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--judged", type=Path, default=judged.ROOT / "bench" / "news_judged")
    parser.add_argument("--set", default="dev", choices=(*judged.SETS, "all"))
    parser.add_argument("--name", help="the corpus's name in the judgments (default: its file)")
    parser.add_argument("--sample", type=int, default=12)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    texts = corpus_texts(args.corpus)
    before, documents = dump_clusters(args.before, texts)
    after, _ = dump_clusters(args.after, texts)
    name = args.name or judged.corpus_name(args.corpus)
    sets = judged.SETS if args.set == "all" else (args.set,)
    try:
        every = judged.load_judgments([args.judged], name, documents)
    except judged.JudgmentError as error:
        print(f"judged_changes: error: {error}", file=sys.stderr)
        return 2
    links = judged.true_links(every.of_sets(sets))
    lost, gained = link_changes(before, after, links)
    vanished = vanished_outright(before, after)
    report(
        sys.stdout, texts, lost, gained, len(links), vanished, len(before), args.sample, args.seed
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
