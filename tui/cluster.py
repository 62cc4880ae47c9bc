"""Group aligned passages into clusters: each cluster is one text, wherever it appears.

Passages of one document that mostly overlap are one passage (the same paragraph aligned with
several documents). Groups then merge strongest link first, and only when at least
`cluster_link_fraction` of their cross pairs align directly. Plain connected components would
let a chain of weak links (A~B, B~C) merge passages that share nothing (A, C).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence

from tui.model import Alignment, Cluster, ClusterKind, Span


class _Passages:
    """Distinct passages per document: a new span joins one it mostly overlaps."""

    def __init__(self) -> None:
        self.spans: list[Span] = []
        self._by_doc: dict[str, list[int]] = defaultdict(list)

    def node(self, span: Span) -> int:
        start, end = span.start, span.end
        for index in self._by_doc[span.doc]:
            known = self.spans[index]
            # `span.overlap(known) * 2 >= min(span.length, known.length)`, in plain integers:
            # this test runs for every passage against every passage of its document.
            overlap = min(end, known.end) - max(start, known.start)
            if max(overlap, 0) * 2 >= min(end - start, known.end - known.start):
                self.spans[index] = Span(span.doc, min(start, known.start), max(end, known.end))
                return index
        self.spans.append(span)
        self._by_doc[span.doc].append(len(self.spans) - 1)
        return len(self.spans) - 1


def cluster_alignments(
    alignments: Sequence[Alignment], link_fraction: float
) -> tuple[list[Cluster], list[tuple[int, Alignment]]]:
    """Clusters (ids from 1, most widespread first) and the alignments inside each."""
    passages = _Passages()
    # Longest spans first, so a short quote joins the paragraph that contains it.
    ordered = sorted(alignments, key=lambda al: -(al.a.length + al.b.length))
    best: dict[tuple[int, int], Alignment] = {}
    for alignment in ordered:
        na, nb = passages.node(alignment.a), passages.node(alignment.b)
        if na == nb:
            continue
        key = (min(na, nb), max(na, nb))
        if key not in best or alignment.similarity > best[key].similarity:
            best[key] = alignment

    neighbours: dict[int, set[int]] = defaultdict(set)
    for x, y in best:
        neighbours[x].add(y)
        neighbours[y].add(x)
    group_of = list(range(len(passages.spans)))
    members: dict[int, set[int]] = {i: {i} for i in range(len(passages.spans))}

    for x, y in sorted(best, key=lambda pair: -best[pair].similarity):
        gx, gy = group_of[x], group_of[y]
        if gx == gy:
            continue
        small, large = sorted((members[gx], members[gy]), key=len)
        direct = sum(len(neighbours[n] & large) for n in small)
        if direct < link_fraction * len(small) * len(large):
            continue
        target, absorbed = (gx, gy) if len(members[gx]) >= len(members[gy]) else (gy, gx)
        for n in members[absorbed]:
            group_of[n] = target
        members[target] |= members.pop(absorbed)

    inside: dict[int, list[Alignment]] = defaultdict(list)
    for (x, y), alignment in best.items():
        if group_of[x] == group_of[y]:
            inside[group_of[x]].append(alignment)

    drafts = []
    for group, links in inside.items():
        spans = tuple(sorted(passages.spans[n] for n in members[group]))
        kind: ClusterKind = "verbatim" if all(al.verbatim for al in links) else "edited"
        similarity = round(math.fsum(al.similarity for al in links) / len(links), 1)
        drafts.append((spans, kind, similarity, links))
    drafts.sort(key=lambda d: (-len({s.doc for s in d[0]}), -len(d[0]), d[0][0]))

    clusters: list[Cluster] = []
    linked: list[tuple[int, Alignment]] = []
    for number, (spans, kind, similarity, links) in enumerate(drafts, start=1):
        clusters.append(Cluster(number, kind, similarity, spans))
        by_doc: dict[str, list[Span]] = defaultdict(list)
        for span in spans:  # a cluster can hold thousands of passages: look in one document
            by_doc[span.doc].append(span)
        for alignment in sorted(links, key=lambda al: (al.a, al.b)):
            linked.append((number, _widen(alignment, by_doc)))
    return clusters, linked


def _widen(alignment: Alignment, spans: dict[str, list[Span]]) -> Alignment:
    """The alignment with its sides set to the cluster's passages that contain them (`spans`
    by document, in order), so every alignment points at passages a reader can find."""

    def containing(span: Span) -> Span:
        for candidate in spans.get(span.doc, ()):
            if candidate.overlap(span) * 2 >= span.length:
                return candidate
        return span

    return Alignment(
        containing(alignment.a), containing(alignment.b), alignment.similarity, alignment.shared
    )
