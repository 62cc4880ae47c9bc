#!/usr/bin/env python3
"""Precision and recall of a scan on real news, measured against judgments made by reading.

    python bench/news_precision.py CORPUS.jsonl --judged bench/news_judged [--set dev|test|all]
        [--preset pan] [--param NAME=VALUE ...] [--unjudged 10] [--cached] [--workers N]
    python bench/news_precision.py CORPUS.jsonl --draw N --seed S --class cross-outlet
        [--skip FILE ...] [--show] [--context 300] [--skeleton OUT.jsonl --set dev]
    python bench/news_precision.py CORPUS.jsonl --draw 50 --biggest --show

The first form scans the corpus, matches its clusters and related links against the judged
records of `bench/news_judged/` (the format is in that folder's README) and prints precision by
class, recall of the judged true reuse (all of it, and short quotes apart), the page furniture
among the 50 biggest clusters, and the clusters not judged yet (their count and a sample with a
fixed seed) so the judged set can grow.

The second form draws a sample anyone can draw again: the clusters of one class in scan order,
shuffled with `--seed`, first `N` taken (skipping clusters the `--skip` files judge already, so a
test sample stays disjoint from the dev sample). `--show` prints each with its passages in full,
`--skeleton` writes judgment lines with the passages filled in and the verdict left for a judge.
A record's `sample.rank` is the cluster's 1-based position in that shuffled order.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui.engine.load import CorpusError
from tui.index.indexer import open_corpus
from tui.model import Cluster, Document, Related, ScanResult, Span
from tui.params import PRESETS, Params
from tui.printable import printable

ROOT = Path(__file__).resolve().parent.parent
CLUSTER_CLASSES = ("cross-outlet", "same-outlet", "reuters")
CLASSES = (*CLUSTER_CLASSES, "related")
VERDICTS = ("reuse", "partial", "not", "furniture")
RELATED_VERDICTS = ("same-fact", "not")
SETS = ("dev", "test", "biggest")
# A quote shorter than this (its shorter side, in characters) is counted apart in recall: the
# engine's 50-character minimum misses exactly these.
SHORT_QUOTE_CHARS = 60
# The Clusters view lists clusters by spread: these are the ones a new user reads first.
BIGGEST = 50


class JudgmentError(Exception):
    """A judgment file that cannot be read as the format describes (one sentence)."""


# --- judgments -----------------------------------------------------------------------------


@dataclass(frozen=True)
class JudgedPassage:
    """One passage of a judged cluster: where it is, which true group it belongs to (None: it
    is reuse of nothing else in the cluster) and whether it is page furniture."""

    span: Span
    group: int | None
    furniture: bool = False


@dataclass(frozen=True)
class JudgedCluster:
    id: str
    set: str
    cls: str
    verdict: str
    passages: tuple[JudgedPassage, ...]
    reason: str = ""


@dataclass(frozen=True)
class JudgedLink:
    """A judged pair of spans: a related link (`same-fact` or `not`) or a missed reuse."""

    id: str
    kind: str
    set: str
    cls: str
    verdict: str
    a: Span
    b: Span
    reason: str = ""


@dataclass(frozen=True)
class Judgments:
    clusters: tuple[JudgedCluster, ...] = ()
    missed: tuple[JudgedLink, ...] = ()
    related: tuple[JudgedLink, ...] = ()
    warnings: tuple[str, ...] = ()

    def of_sets(self, sets: Iterable[str]) -> Judgments:
        """Only the records of these sets (`dev`, `test`, `biggest`)."""
        chosen = set(sets)
        return Judgments(
            tuple(c for c in self.clusters if c.set in chosen),
            tuple(m for m in self.missed if m.set in chosen),
            tuple(r for r in self.related if r.set in chosen),
            self.warnings,
        )


def _span(raw: Any, where: str) -> Span:
    if not isinstance(raw, dict):
        raise JudgmentError(f"{where}: a span must be an object with doc, start and end")
    try:
        doc, start, end = raw["doc"], raw["start"], raw["end"]
    except KeyError as missing:
        raise JudgmentError(f"{where}: a span has no {missing.args[0]!r}") from None
    if not isinstance(doc, str) or not isinstance(start, int) or not isinstance(end, int):
        raise JudgmentError(f"{where}: doc must be text, start and end whole numbers")
    if not 0 <= start < end:
        raise JudgmentError(f"{where}: a span needs 0 <= start < end, not {start}..{end}")
    return Span(doc, start, end)


def derive_verdict(passages: Sequence[JudgedPassage]) -> str:
    """The verdict a set of judged passages implies: all in one true group -> reuse; all
    furniture -> furniture; a true group of two or more beside anything else -> partial;
    otherwise (no two passages reuse of each other) -> not."""
    groups = Counter(p.group for p in passages)
    if len(groups) == 1 and None not in groups and len(passages) >= 2:
        return "reuse"
    if passages and all(p.furniture for p in passages):
        return "furniture"
    if any(g is not None and n >= 2 for g, n in groups.items()):
        return "partial"
    return "not"


def _cluster_record(record: dict[str, Any], where: str) -> JudgedCluster:
    raw_passages = record.get("passages")
    if not isinstance(raw_passages, list) or not raw_passages:
        raise JudgmentError(f"{where}: a cluster judgment needs a list of passages")
    passages = []
    for n, raw in enumerate(raw_passages, 1):
        group = raw.get("group") if isinstance(raw, dict) else None
        if group is not None and (not isinstance(group, int) or isinstance(group, bool)):
            raise JudgmentError(f"{where}: passage {n}'s group must be a whole number or null")
        furniture = bool(raw.get("furniture", False))
        if furniture and group is not None:
            raise JudgmentError(f"{where}: passage {n} is furniture, so its group must be null")
        passages.append(JudgedPassage(_span(raw, f"{where}, passage {n}"), group, furniture))
    return JudgedCluster(
        str(record["id"]),
        str(record["set"]),
        str(record["class"]),
        str(record["verdict"]),
        tuple(passages),
        str(record.get("reason", "")),
    )


def _link_record(record: dict[str, Any], where: str) -> JudgedLink:
    return JudgedLink(
        str(record["id"]),
        str(record["kind"]),
        str(record["set"]),
        str(record["class"]),
        str(record["verdict"]),
        _span(record.get("a"), f"{where}, a"),
        _span(record.get("b"), f"{where}, b"),
        str(record.get("reason", "")),
    )


def _records(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise JudgmentError(f"{path}: cannot be read ({error})") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path.name}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise JudgmentError(f"{where}: not JSON ({error.msg})") from None
        if not isinstance(record, dict):
            raise JudgmentError(f"{where}: a judgment must be a JSON object")
        yield where, record


def judgment_files(paths: Iterable[Path]) -> list[Path]:
    """The judgment files named: a folder stands for every `*.jsonl` file in it."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(path.glob("*.jsonl")))
        elif path.is_file():
            files.append(path)
        else:
            raise JudgmentError(f"{path}: no such file or folder of judgments")
    return files


def load_judgments(
    paths: Iterable[Path], corpus: str, documents: Mapping[str, Document] | None = None
) -> Judgments:
    """Every judged record about `corpus` in these files (or folders of `*.jsonl` files),
    checked against the format (a broken record raises JudgmentError naming its file and
    line) and, given the corpus' documents, against their ids and lengths (a mismatch becomes
    a warning and the record is left out: it was judged on another corpus or version)."""
    clusters: list[JudgedCluster] = []
    missed: list[JudgedLink] = []
    related: list[JudgedLink] = []
    warnings: list[str] = []
    seen: dict[str, str] = {}
    for path in judgment_files(paths):
        for where, record in _records(path):
            if record.get("corpus") != corpus:
                continue
            for key in ("id", "kind", "set", "class", "verdict"):
                if key not in record:
                    raise JudgmentError(f"{where}: no {key!r}")
            kind, verdict = record["kind"], record["verdict"]
            if record["set"] not in SETS:
                raise JudgmentError(f"{where}: set must be one of {', '.join(SETS)}")
            if record["class"] not in CLASSES:
                raise JudgmentError(f"{where}: class must be one of {', '.join(CLASSES)}")
            if kind == "cluster":
                if verdict not in VERDICTS:
                    raise JudgmentError(f"{where}: verdict must be one of {', '.join(VERDICTS)}")
                judged: JudgedCluster | JudgedLink = _cluster_record(record, where)
                spans = [p.span for p in judged.passages]  # type: ignore[union-attr]
            elif kind == "missed":
                if verdict != "reuse":
                    raise JudgmentError(f"{where}: a missed-reuse record's verdict is 'reuse'")
                judged = _link_record(record, where)
                spans = [judged.a, judged.b]
            elif kind == "related":
                if verdict not in RELATED_VERDICTS:
                    raise JudgmentError(f"{where}: a related verdict is same-fact or not")
                judged = _link_record(record, where)
                spans = [judged.a, judged.b]
            else:
                raise JudgmentError(f"{where}: kind must be cluster, missed or related")
            if judged.id in seen:
                raise JudgmentError(f"{where}: id {judged.id} is used already ({seen[judged.id]})")
            seen[judged.id] = where
            if documents is not None:
                wrong = [
                    s for s in spans if s.doc not in documents or s.end > documents[s.doc].length
                ]
                if wrong:
                    warnings.append(
                        f"{where}: {judged.id} left out: {wrong[0].doc}[{wrong[0].start}:"
                        f"{wrong[0].end}] is not in this corpus"
                    )
                    continue
            if isinstance(judged, JudgedCluster):
                derived = derive_verdict(judged.passages)
                if derived != judged.verdict:
                    warnings.append(
                        f"{where}: {judged.id} says {judged.verdict!r} but its groups say "
                        f"{derived!r} (the groups decide)"
                    )
                clusters.append(judged)
            elif kind == "missed":
                missed.append(judged)
            else:
                related.append(judged)
    return Judgments(tuple(clusters), tuple(missed), tuple(related), tuple(warnings))


# --- matching ------------------------------------------------------------------------------


def matches(scanned: Span, judged: Span) -> bool:
    """The format's rule: same document, overlapping by at least half of the shorter span."""
    return 2 * scanned.overlap(judged) >= min(scanned.length, judged.length)


@dataclass(frozen=True)
class ClusterMatch:
    """A scan cluster judged by one record: the judged passage each of its passages matched,
    and the verdict their groups imply."""

    record: JudgedCluster
    passages: tuple[JudgedPassage, ...]
    verdict: str


class JudgedIndex:
    """The judged passages by document, so matching a scan's clusters costs a few lookups."""

    def __init__(self, clusters: Sequence[JudgedCluster]) -> None:
        self.clusters = tuple(clusters)
        self._by_doc: dict[str, list[tuple[int, JudgedPassage]]] = defaultdict(list)
        for at, record in enumerate(self.clusters):
            for passage in record.passages:
                self._by_doc[passage.span.doc].append((at, passage))

    def match(self, cluster: Cluster) -> ClusterMatch | None:
        """The record that judges every passage of `cluster` (each matched to its
        best-overlapping passage there), the one sharing most characters when several do."""
        best: tuple[int, int, tuple[JudgedPassage, ...]] | None = None
        per_record: dict[int, list[tuple[int, JudgedPassage]]] = defaultdict(list)
        for number, span in enumerate(cluster.passages):
            for at, judged in self._by_doc.get(span.doc, ()):
                if matches(span, judged.span):
                    per_record[at].append((number, judged))
        for at, found in per_record.items():
            chosen: dict[int, tuple[int, JudgedPassage]] = {}
            for number, judged in found:
                overlap = cluster.passages[number].overlap(judged.span)
                if number not in chosen or overlap > chosen[number][0]:
                    chosen[number] = (overlap, judged)
            if len(chosen) < len(cluster.passages):
                continue
            total = sum(overlap for overlap, _ in chosen.values())
            if best is None or total > best[1]:
                passages = tuple(chosen[n][1] for n in range(len(cluster.passages)))
                best = (at, total, passages)
        if best is None:
            return None
        record = self.clusters[best[0]]
        return ClusterMatch(record, best[2], derive_verdict(best[2]))


def cluster_class(cluster: Cluster, documents: Mapping[str, Document], corpus: str) -> str:
    """cross-outlet when the cluster's documents name two or more sources, same-outlet
    otherwise; every cluster of Reuters (one agency) is `reuters`."""
    if corpus == "reuters":
        return "reuters"
    sources = {documents[d].source for d in cluster.documents if documents[d].source}
    return "cross-outlet" if len(sources) >= 2 else "same-outlet"


@dataclass(frozen=True)
class Precision:
    """Judged clusters of one class by verdict, and those not judged yet."""

    verdicts: Counter[str]
    unjudged: int

    @property
    def judged(self) -> int:
        return sum(self.verdicts.values())

    @property
    def value(self) -> float | None:
        return self.verdicts["reuse"] / self.judged if self.judged else None


def cluster_precision(
    clusters: Sequence[Cluster],
    documents: Mapping[str, Document],
    corpus: str,
    index: JudgedIndex,
) -> tuple[dict[str, Precision], dict[str, list[Cluster]]]:
    """Precision by class (partial and furniture count as false), and the clusters of each
    class that no record judges."""
    verdicts: dict[str, Counter[str]] = defaultdict(Counter)
    unjudged: dict[str, list[Cluster]] = defaultdict(list)
    for cluster in clusters:
        cls = cluster_class(cluster, documents, corpus)
        found = index.match(cluster)
        if found is None:
            unjudged[cls].append(cluster)
        else:
            verdicts[cls][found.verdict] += 1
    classes = ("reuters",) if corpus == "reuters" else ("cross-outlet", "same-outlet")
    table = {c: Precision(verdicts[c], len(unjudged.get(c, ()))) for c in classes}
    return table, dict(unjudged)


@dataclass(frozen=True)
class TrueLink:
    """Two spans that are true reuse of each other, from a judged group or a missed record."""

    a: Span
    b: Span
    source: str  # the record's id

    @property
    def short(self) -> bool:
        return min(self.a.length, self.b.length) < SHORT_QUOTE_CHARS


def true_links(judgments: Judgments) -> list[TrueLink]:
    """Every pair of passages sharing a true group in a judged cluster, plus every missed
    reuse; passages of one document that overlap are one passage, not a link."""
    links = []
    for record in judgments.clusters:
        passages = [p for p in record.passages if p.group is not None]
        for i, first in enumerate(passages):
            for second in passages[i + 1 :]:
                if first.group == second.group and not first.span.overlap(second.span):
                    links.append(TrueLink(first.span, second.span, record.id))
    links.extend(TrueLink(m.a, m.b, m.id) for m in judgments.missed)
    return links


class PassageIndex:
    """A scan's clustered passages by document, to ask which clusters hold a span."""

    def __init__(self, clusters: Sequence[Cluster]) -> None:
        self._by_doc: dict[str, list[tuple[int, Span]]] = defaultdict(list)
        for cluster in clusters:
            for span in cluster.passages:
                self._by_doc[span.doc].append((cluster.id, span))

    def clusters_holding(self, judged: Span) -> set[int]:
        return {c for c, span in self._by_doc.get(judged.doc, ()) if matches(span, judged)}


def found_links(clusters: Sequence[Cluster], links: Sequence[TrueLink]) -> list[bool]:
    """For each true link, whether one scan cluster holds passages matching both sides."""
    index = PassageIndex(clusters)
    return [bool(index.clusters_holding(k.a) & index.clusters_holding(k.b)) for k in links]


def related_precision(
    related: Sequence[Related], judged: Sequence[JudgedLink]
) -> tuple[Counter[str], list[Related]]:
    """Verdicts of the scan's related links that a judged link matches (both sentences
    overlapping, in either order), and the links no judgment matches."""
    by_doc: dict[str, list[JudgedLink]] = defaultdict(list)
    for judged_link in judged:
        by_doc[judged_link.a.doc].append(judged_link)
        by_doc[judged_link.b.doc].append(judged_link)
    verdicts: Counter[str] = Counter()
    unjudged: list[Related] = []
    for link in related:
        for candidate in by_doc.get(link.a.doc, ()):
            same = matches(link.a, candidate.a) and matches(link.b, candidate.b)
            swapped = matches(link.a, candidate.b) and matches(link.b, candidate.a)
            if same or swapped:
                verdicts[candidate.verdict] += 1
                break
        else:
            unjudged.append(link)
    return verdicts, unjudged


def biggest(clusters: Sequence[Cluster], n: int = BIGGEST) -> list[Cluster]:
    """The `n` clusters that top the Clusters view: most documents, then most passages."""
    return sorted(clusters, key=lambda c: (-len(c.documents), -len(c.passages), c.id))[:n]


def furniture_passages(
    cluster: Cluster, judged: Sequence[JudgedCluster], boilerplate: Sequence[Span]
) -> tuple[int, int]:
    """(furniture, judged-or-flagged) passages of `cluster`: a passage is furniture when it
    matches a judged passage flagged furniture or spans the scan calls boilerplate cover half
    of it, and known when it matches any judged passage or is so covered."""
    flagged = [p for record in judged for p in record.passages]
    furniture = known = 0
    for span in cluster.passages:
        hits = [p for p in flagged if matches(span, p.span)]
        in_boilerplate = 2 * sum(span.overlap(b) for b in boilerplate) >= span.length
        if in_boilerplate or any(p.furniture for p in hits):
            furniture += 1
        if hits or in_boilerplate:
            known += 1
    return furniture, known


def furniture_among_biggest(
    clusters: Sequence[Cluster],
    judged: Sequence[JudgedCluster],
    boilerplate: Sequence[Span],
    n: int = BIGGEST,
) -> tuple[list[Cluster], list[Cluster], int]:
    """Of the `n` biggest clusters: those mostly page furniture, those with no passage known
    either way (not judged yet), and how many there are in all."""
    top = biggest(clusters, n)
    by_doc: dict[str, list[JudgedCluster]] = defaultdict(list)
    for record in judged:
        for doc in {p.span.doc for p in record.passages}:
            by_doc[doc].append(record)
    spans_by_doc: dict[str, list[Span]] = defaultdict(list)
    for span in boilerplate:
        spans_by_doc[span.doc].append(span)
    furniture, unknown = [], []
    for cluster in top:
        records = list({id(r): r for d in cluster.documents for r in by_doc.get(d, ())}.values())
        spans = [s for d in cluster.documents for s in spans_by_doc.get(d, ())]
        count, known = furniture_passages(cluster, records, spans)
        if 2 * count > len(cluster.passages):
            furniture.append(cluster)
        elif known == 0:
            unknown.append(cluster)
    return furniture, unknown, len(top)


# --- drawing samples -----------------------------------------------------------------------


def draw(
    clusters: Sequence[Cluster],
    documents: Mapping[str, Document],
    corpus: str,
    cls: str,
    n: int,
    seed: int,
    skip: JudgedIndex | None = None,
) -> list[tuple[int, Cluster]]:
    """(rank, cluster) for `n` clusters of class `cls` ("any" for every class): the class'
    clusters in scan order shuffled with `seed`, those `skip` judges passed over. The same
    scan, seed and skip files always give the same sample."""
    pool = [c for c in clusters if cls == "any" or cluster_class(c, documents, corpus) == cls]
    random.Random(seed).shuffle(pool)
    chosen: list[tuple[int, Cluster]] = []
    for rank, cluster in enumerate(pool, 1):
        if len(chosen) == n:
            break
        if skip is not None and skip.match(cluster) is not None:
            continue
        chosen.append((rank, cluster))
    return chosen


def draw_related(
    related: Sequence[Related], n: int, seed: int, skip: Sequence[JudgedLink] = ()
) -> list[tuple[int, Related]]:
    """(rank, link) for `n` related links, shuffled with `seed`, judged ones passed over."""
    pool = list(related)
    random.Random(seed).shuffle(pool)
    chosen: list[tuple[int, Related]] = []
    for rank, link in enumerate(pool, 1):
        if len(chosen) == n:
            break
        if skip and related_precision([link], skip)[0]:
            continue
        chosen.append((rank, link))
    return chosen


def engine_commit() -> str:
    """The last commit that changed the engine (tui/), which is what a judged scan depends
    on; "+" when tui/ has changes not committed yet. "unknown" outside a git checkout."""
    try:
        commit = subprocess.run(
            ["git", "log", "-1", "--format=%h", "--", "tui"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "tui"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return (commit or "unknown") + ("+" if dirty else "")


def _skeleton(
    kind: str, cls: str, corpus: str, set_name: str, record_id: str, sample: Mapping[str, Any]
) -> dict[str, Any]:
    """The fields every judgment line starts with, the verdict and reason left to the judge."""
    return {
        "id": record_id,
        "kind": kind,
        "corpus": corpus,
        "set": set_name,
        "class": cls,
        "verdict": "",
        "reason": "",
        "sample": dict(sample),
    }


def _where(span: Span) -> dict[str, Any]:
    return {"doc": span.doc, "start": span.start, "end": span.end}


def cluster_skeleton(
    cluster: Cluster,
    cls: str,
    corpus: str,
    set_name: str,
    record_id: str,
    sample: Mapping[str, Any],
) -> dict[str, Any]:
    """A judgment line for `cluster` with its passages filled in and the verdict left empty."""
    line = _skeleton("cluster", cls, corpus, set_name, record_id, sample)
    line["passages"] = [{**_where(p), "group": None} for p in cluster.passages]
    return line


def related_skeleton(
    link: Related, corpus: str, set_name: str, record_id: str, sample: Mapping[str, Any]
) -> dict[str, Any]:
    """A judgment line for a related link, its two sentences filled in."""
    line = _skeleton("related", "related", corpus, set_name, record_id, sample)
    line.update(a=_where(link.a), b=_where(link.b))
    return line


def show_span(
    out: TextIO, label: str, span: Span, documents: Mapping[str, Document], context: int
) -> None:
    """A passage in full with its article's source, date and title; with `context`, that many
    characters either side, the passage itself between ⟦ and ⟧. Text is printed literally."""
    document = documents[span.doc]
    out.write(
        f"  {label} {printable(span.doc)} [{span.start}:{span.end}] {span.length} chars  "
        f"{printable(document.source) or '-'}  {printable(document.date) or '-'}  "
        f"{printable(document.title)!r}\n"
    )
    text = document.text
    before = text[max(0, span.start - context) : span.start] if context else ""
    after = text[span.end : span.end + context] if context else ""
    body = text[span.start : span.end]
    shown = f"{before}⟦{body}⟧{after}" if context else body
    for line in printable(shown).splitlines() or [""]:
        out.write(f"      {line}\n")


# --- the command ---------------------------------------------------------------------------


def corpus_name(path: Path) -> str:
    """The name judgments use for a corpus: its file name without digits or suffix
    (`reuters21578.jsonl` -> `reuters`)."""
    return path.stem.rstrip("0123456789") or path.stem


def _params(preset: str | None, settings: Sequence[str]) -> Params:
    base = PRESETS[preset] if preset else Params()
    fields = {f.name: f for f in dataclasses.fields(Params)}
    chosen: dict[str, Any] = {}
    for setting in settings:
        name, _, value = setting.partition("=")
        name = name.strip().replace("-", "_")
        if name not in fields or not value:
            raise ValueError(f"--param {setting!r}: expected NAME=VALUE with a Params field")
        kind = type(getattr(base, name))
        if kind is bool:
            chosen[name] = value.lower() in ("1", "true", "yes", "on")
        else:
            try:
                chosen[name] = kind(value)
            except ValueError:
                raise ValueError(
                    f"--param {setting!r}: {value!r} is not a {kind.__name__}"
                ) from None
    return dataclasses.replace(base, **chosen)


def run_scan(
    corpus: Path, params: Params, cached: bool, workers: int | None
) -> tuple[ScanResult, dict[str, Document]]:
    """The corpus scanned by the public engine (from the persistent index with `cached`)."""
    opened = open_corpus([corpus], params, use_cache=cached, workers=workers)
    result = opened.result
    return result, {d.id: d for d in result.documents}


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    -"


def wilson(part: int, whole: int, z: float = 1.96) -> tuple[float, float]:
    """The 95% Wilson interval of a proportion: how far a sample of this size lets us trust
    it (54 of 100 is 44-63%, 95 of 100 is 89-98%: a target of 95% needs the lower end above it)."""
    if not whole:
        return (0.0, 1.0)
    p = part / whole
    centre = p + z * z / (2 * whole)
    spread = z * ((p * (1 - p) + z * z / (4 * whole)) / whole) ** 0.5
    scale = 1 + z * z / whole
    return ((centre - spread) / scale, (centre + spread) / scale)


def _interval(part: int, whole: int) -> str:
    if not whole:
        return "-"
    low, high = wilson(part, whole)
    return f"{100 * low:.0f}-{100 * high:.0f}%"


def _brief(cluster: Cluster, documents: Mapping[str, Document], cls: str) -> str:
    first = cluster.passages[0]
    text = " ".join(documents[first.doc].text[first.start : first.end].split())[:70]
    where = ", ".join(f"{s.doc}[{s.start}:{s.end}]" for s in cluster.passages[:3])
    more = f" +{len(cluster.passages) - 3}" if len(cluster.passages) > 3 else ""
    return (
        f"  cluster {cluster.id:<5} {cls:12} {len(cluster.documents)} docs  "
        f"{printable(where)}{more}  {printable(text)!r}"
    )


def report(
    out: TextIO,
    result: ScanResult,
    documents: Mapping[str, Document],
    corpus: str,
    judgments: Judgments,
    every_set: Judgments,
    set_label: str,
    unjudged_sample: int,
    unjudged_seed: int,
) -> None:
    """The bench's tables for one scan and one set of judgments."""
    clusters = result.clusters
    index = JudgedIndex(judgments.clusters)
    table, unjudged = cluster_precision(clusters, documents, corpus, index)
    out.write(
        f"{corpus}: {len(documents)} documents, {len(clusters)} clusters, "
        f"{len(result.related)} related links; judgments ({set_label}): "
        f"{len(judgments.clusters)} clusters, {len(judgments.missed)} missed, "
        f"{len(judgments.related)} related\n\n"
    )
    out.write("precision (judged clusters of this scan; partial and furniture count as false)\n")
    out.write(
        f"  {'class':13} {'clusters':>8} {'judged':>6} {'reuse':>5} {'partial':>7} "
        f"{'not':>4} {'furniture':>9} {'precision':>9} {'95% interval':>12}\n"
    )
    for cls, row in table.items():
        v = row.verdicts
        out.write(
            f"  {cls:13} {row.judged + row.unjudged:8} {row.judged:6} {v['reuse']:5} "
            f"{v['partial']:7} {v['not']:4} {v['furniture']:9} "
            f"{_percent(v['reuse'], row.judged):>9} {_interval(v['reuse'], row.judged):>12}\n"
        )
    related, related_unjudged = related_precision(result.related, judgments.related)
    judged_related = sum(related.values())
    out.write("\nrelated links (the 'same fact' tier; precision = same fact / judged)\n")
    out.write(
        f"  {'links':>8} {'judged':>6} {'same-fact':>9} {'not':>4} {'precision':>9} "
        f"{'95% interval':>12}\n"
    )
    out.write(
        f"  {len(result.related):8} {judged_related:6} {related['same-fact']:9} "
        f"{related['not']:4} {_percent(related['same-fact'], judged_related):>9} "
        f"{_interval(related['same-fact'], judged_related):>12}\n"
    )

    links = true_links(judgments)
    found = found_links(clusters, links)
    short = [f for k, f in zip(links, found, strict=True) if k.short]
    missed_ids = {m.id for m in judgments.missed}
    from_missed = [f for k, f in zip(links, found, strict=True) if k.source in missed_ids]
    out.write("\nrecall of judged true reuse (pairs of passages one cluster must hold)\n")
    out.write(f"  {'links':28} {'true':>5} {'found':>5} {'recall':>7} {'95% interval':>12}\n")
    for label, flags in (
        ("all", found),
        (f"short quotes (< {SHORT_QUOTE_CHARS} chars)", short),
        ("missed by the judged scan", from_missed),
    ):
        out.write(
            f"  {label:28} {len(flags):5} {sum(flags):5} {_percent(sum(flags), len(flags)):>7} "
            f"{_interval(sum(flags), len(flags)):>12}\n"
        )

    furniture, unknown, top = furniture_among_biggest(
        clusters, every_set.clusters, result.boilerplate
    )
    out.write(
        f"\npage furniture among the {top} biggest clusters: {len(furniture)} "
        f"({len(unknown)} of them not judged at all)\n"
    )
    for cluster in furniture[:10]:
        out.write(_brief(cluster, documents, cluster_class(cluster, documents, corpus)) + "\n")

    waiting = sum(len(v) for v in unjudged.values())
    out.write(f"\nnot judged yet: {waiting} clusters")
    out.write(
        " (" + ", ".join(f"{cls} {len(v)}" for cls, v in sorted(unjudged.items())) + ")"
        if unjudged
        else ""
    )
    out.write(f", {len(related_unjudged)} related links\n")
    if unjudged_sample and waiting:
        pool = sorted((c for v in unjudged.values() for c in v), key=lambda c: c.id)
        sample = random.Random(unjudged_seed).sample(pool, min(unjudged_sample, len(pool)))
        out.write(f"  a sample (seed {unjudged_seed}):\n")
        for cluster in sorted(sample, key=lambda c: c.id):
            out.write(_brief(cluster, documents, cluster_class(cluster, documents, corpus)) + "\n")
    for warning in judgments.warnings:
        out.write(f"warning: {warning}\n")


def show_draw(
    out: TextIO,
    drawn: Sequence[tuple[int, Cluster]],
    documents: Mapping[str, Document],
    corpus: str,
    context: int,
) -> None:
    for rank, cluster in drawn:
        cls = cluster_class(cluster, documents, corpus)
        out.write(
            f"=== rank {rank}  cluster {cluster.id}  {cls}  {cluster.kind} "
            f"{cluster.similarity:.1f}  {len(cluster.documents)} documents, "
            f"{len(cluster.passages)} passages\n"
        )
        for number, span in enumerate(cluster.passages, 1):
            show_span(out, f"[{number}]", span, documents, context)
        out.write("\n")


def show_related(
    out: TextIO,
    drawn: Sequence[tuple[int, Related]],
    documents: Mapping[str, Document],
    context: int,
) -> None:
    for rank, link in drawn:
        out.write(f"=== rank {rank}  related  score {link.score:.2f}  {', '.join(link.terms)}\n")
        show_span(out, "[a]", link.a, documents, context)
        show_span(out, "[b]", link.b, documents, context)
        out.write("\n")


def _prefix(corpus: str, set_name: str, kind: str) -> str:
    short = {"newsarticles": "na", "reuters": "rt"}.get(corpus, corpus)
    return f"{short}{'r' if kind == 'related' else ''}-{set_name}-"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="the corpus (a JSONL file or a folder)")
    parser.add_argument("--judged", type=Path, default=ROOT / "bench" / "news_judged")
    parser.add_argument("--set", choices=("dev", "test", "biggest", "all"), default="all")
    parser.add_argument("--name", help="the corpus' name in judgments (default: from the file)")
    parser.add_argument("--preset", choices=sorted(PRESETS), help="named settings to scan with")
    parser.add_argument(
        "--param", action="append", default=[], metavar="NAME=VALUE", help="one setting"
    )
    parser.add_argument("--workers", type=int, help="scan processes (default: every core)")
    parser.add_argument(
        "--cached",
        action="store_true",
        help="reuse the persistent index (faster reruns; only while the engine is unchanged)",
    )
    parser.add_argument("--unjudged", type=int, default=10, help="unjudged clusters to list")
    parser.add_argument("--unjudged-seed", type=int, default=0)
    drawing = parser.add_argument_group("drawing a sample to judge")
    drawing.add_argument("--draw", type=int, metavar="N", help="draw N clusters (or links)")
    drawing.add_argument("--seed", type=int, default=1, help="seed of the draw")
    drawing.add_argument("--class", dest="cls", choices=(*CLASSES, "any"), default="any")
    drawing.add_argument("--biggest", action="store_true", help="the N biggest, not at random")
    drawing.add_argument(
        "--skip", type=Path, action="append", default=[], help="judgment files to draw around"
    )
    drawing.add_argument("--show", action="store_true", help="print the drawn passages in full")
    drawing.add_argument("--context", type=int, default=0, help="characters shown either side")
    drawing.add_argument("--skeleton", type=Path, help="write judgment lines to complete here")
    drawing.add_argument("--first-number", type=int, default=1, help="number of the first id")
    args = parser.parse_args(argv)

    name = args.name or corpus_name(args.corpus)
    try:
        params = _params(args.preset, args.param)
    except ValueError as error:
        parser.error(str(error))
    try:
        result, documents = run_scan(args.corpus, params, args.cached, args.workers)
    except CorpusError as error:
        parser.error(str(error))
    out = sys.stdout
    try:
        if args.draw is not None:
            return _draw_command(args, name, result, documents, out)
        every = load_judgments([args.judged], name, documents)
    except JudgmentError as error:
        print(f"news_precision: error: {error}", file=sys.stderr)
        return 2
    sets = ("dev", "test", "biggest") if args.set == "all" else (args.set,)
    chosen = every.of_sets(sets)
    report(out, result, documents, name, chosen, every, args.set, args.unjudged, args.unjudged_seed)
    return 0


def _draw_command(
    args: argparse.Namespace,
    name: str,
    result: ScanResult,
    documents: Mapping[str, Document],
    out: TextIO,
) -> int:
    skip = load_judgments(args.skip, name, documents)
    set_name = args.set if args.set in SETS else ("biggest" if args.biggest else "dev")
    commit = engine_commit()
    prefix = _prefix(name, set_name, "related" if args.cls == "related" else "cluster")
    lines: list[dict[str, Any]] = []
    sample: dict[str, Any]
    if args.cls == "related":
        links = draw_related(result.related, args.draw, args.seed, skip.related)
        if args.show:
            show_related(out, links, documents, args.context)
        for number, (rank, link) in enumerate(links, args.first_number):
            sample = {"seed": args.seed, "commit": commit, "rank": rank}
            lines.append(related_skeleton(link, name, set_name, f"{prefix}{number:03d}", sample))
        drawn_count = len(links)
    else:
        if args.biggest:
            top = biggest(result.clusters, args.draw)
            drawn = [(rank, c) for rank, c in enumerate(top, 1)]
            if args.cls != "any":
                drawn = [(r, c) for r, c in drawn if cluster_class(c, documents, name) == args.cls]
        else:
            skip_index = JudgedIndex(skip.clusters) if skip.clusters else None
            drawn = draw(
                result.clusters, documents, name, args.cls, args.draw, args.seed, skip_index
            )
        if args.show:
            show_draw(out, drawn, documents, name, args.context)
        for number, (rank, cluster) in enumerate(drawn, args.first_number):
            order = {"order": "biggest"} if args.biggest else {"seed": args.seed}
            sample = {**order, "commit": commit, "rank": rank}
            cls = cluster_class(cluster, documents, name)
            lines.append(
                cluster_skeleton(cluster, cls, name, set_name, f"{prefix}{number:03d}", sample)
            )
        drawn_count = len(drawn)
    if args.skeleton:
        with args.skeleton.open("w", encoding="utf-8") as skeleton:
            for line in lines:
                skeleton.write(json.dumps(line, ensure_ascii=False) + "\n")
    print(
        f"drew {drawn_count} ({args.cls}, {'biggest' if args.biggest else f'seed {args.seed}'}, "
        f"engine {commit})" + (f"; skeleton in {args.skeleton}" if args.skeleton else ""),
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # the reader closed the pipe (`| head`): nothing left to say
        sys.stderr.close()
        sys.exit(0)
