"""Group aligned passages into clusters: each cluster is one text, wherever it appears.

Passages of one document that mostly overlap are one passage (the same paragraph aligned with
several documents); a short passage inside a long one is not. Groups then merge strongest
link first, and only when at least `cluster_link_fraction` of their cross pairs align
directly. Plain connected components would
let a chain of weak links (A~B, B~C) merge passages that share nothing (A, C).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence

from tui.model import Alignment, Cluster, ClusterKind, Span


class _Passages:
    """Distinct passages per document: a new span joins the first it overlaps by at least
    `share` of the longer of the two."""

    def __init__(self, share: float) -> None:
        self.share = share
        self.docs: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self._by_doc: dict[str, list[int]] = defaultdict(list)

    def node(self, span: Span) -> int:
        start, end = span.start, span.end
        starts, ends = self.starts, self.ends
        known_in_doc = self._by_doc[span.doc]
        share = self.share
        for index in known_in_doc:
            # `span.overlap(known) >= share * max(span.length, known.length)`, in plain
            # integers: this runs for every passage against every passage of its document.
            known_start, known_end = starts[index], ends[index]
            overlap = (end if end < known_end else known_end) - (
                start if start > known_start else known_start
            )
            longer = max(end - start, known_end - known_start)
            if overlap > 0 and overlap >= share * longer:
                if known_start > start:
                    starts[index] = start
                if known_end < end:
                    ends[index] = end
                return index
        known_in_doc.append(len(starts))
        self.docs.append(span.doc)
        starts.append(start)
        ends.append(end)
        return len(starts) - 1

    def spans(self) -> list[Span]:
        return [Span(*fields) for fields in zip(self.docs, self.starts, self.ends, strict=True)]


def _span_key(span: Span) -> tuple[str, int, int]:
    # The order `Span` defines, as a plain tuple: sorting compares keys in C.
    return span.doc, span.start, span.end


def cluster_alignments(
    alignments: Sequence[Alignment], link_fraction: float, same_passage: float
) -> tuple[list[Cluster], list[tuple[int, Alignment]]]:
    """Clusters (ids from 1, most widespread first) and the alignments inside each; spans of
    one document are one passage when they overlap by `same_passage` of the longer."""
    spans, best = _passage_links(alignments, same_passage)
    group_of, members = _merge_groups(len(spans), best, link_fraction)
    inside: dict[int, list[Alignment]] = defaultdict(list)
    for (x, y), alignment in best.items():
        if group_of[x] == group_of[y]:
            inside[group_of[x]].append(alignment)
    drafts = []
    for group, links in inside.items():
        passages_of_group = tuple(sorted((spans[n] for n in members[group]), key=_span_key))
        kind: ClusterKind = "verbatim" if all(al.similarity >= 100.0 for al in links) else "edited"
        similarity = round(math.fsum(al.similarity for al in links) / len(links), 1)
        drafts.append((passages_of_group, kind, similarity, links))
    drafts.sort(key=lambda d: cluster_order(d[0]))

    clusters: list[Cluster] = []
    linked: list[tuple[int, Alignment]] = []
    for number, (group_spans, kind, similarity, links) in enumerate(drafts, start=1):
        clusters.append(Cluster(number, kind, similarity, group_spans))
        by_doc: dict[str, list[Span]] = defaultdict(list)
        for span in group_spans:  # a cluster can hold thousands of passages: look in one document
            by_doc[span.doc].append(span)
        for alignment in sorted(links, key=lambda al: (*_span_key(al.a), *_span_key(al.b))):
            linked.append((number, _widen(alignment, by_doc)))
    return clusters, linked


def _passage_links(
    alignments: Sequence[Alignment], same_passage: float
) -> tuple[list[Span], dict[tuple[int, int], Alignment]]:
    """The distinct passages, and the strongest alignment between each two of them."""
    passages = _Passages(same_passage)
    # Longest spans first, so a short quote joins the paragraph that contains it.
    ordered = sorted(alignments, key=lambda al: al.a.start - al.a.end + al.b.start - al.b.end)
    best: dict[tuple[int, int], Alignment] = {}
    for alignment in ordered:
        na, nb = passages.node(alignment.a), passages.node(alignment.b)
        if na == nb:
            continue
        key = (na, nb) if na < nb else (nb, na)
        known = best.get(key)
        if known is None or alignment.similarity > known.similarity:
            best[key] = alignment
    return passages.spans(), best


def _merge_groups(
    count: int, best: dict[tuple[int, int], Alignment], link_fraction: float
) -> tuple[list[int], dict[int, set[int]]]:
    """Each passage's group and each group's members, groups merged strongest link first
    when `link_fraction` of their cross pairs align directly."""
    group_of = list(range(count))
    members: dict[int, set[int]] = {i: {i} for i in range(count)}
    # The direct links between groups, kept up to date as groups merge: `between[g][h]`
    # links join members of g to members of h. A merge test reads its count at once rather
    # than intersecting every member's neighbours with the other group, which grew with the
    # square of a group's size; merging moves the absorbed group's counts only.
    between: dict[int, dict[int, int]] = defaultdict(dict)
    for x, y in best:
        between[x][y] = 1
        between[y][x] = 1

    for x, y in sorted(best, key=lambda pair: -best[pair].similarity):
        gx, gy = group_of[x], group_of[y]
        if gx == gy:
            continue
        if gx > gy:
            gx, gy = gy, gx
        small, large = len(members[gx]), len(members[gy])
        if large < small:
            small, large = large, small
        if between[gx].get(gy, 0) < link_fraction * small * large:
            continue
        target, absorbed = (gx, gy) if len(members[gx]) >= len(members[gy]) else (gy, gx)
        for n in members[absorbed]:
            group_of[n] = target
        members[target] |= members.pop(absorbed)
        links_of_target = between[target]
        del links_of_target[absorbed]
        for other, links in between.pop(absorbed).items():
            if other == target:
                continue
            links_of_target[other] = links_of_target.get(other, 0) + links
            links_of_other = between[other]
            del links_of_other[absorbed]
            links_of_other[target] = links_of_other.get(target, 0) + links
    return group_of, members


def cluster_order(passages: Sequence[Span]) -> tuple[int, int, tuple[str, int, int]]:
    """Where a cluster of these passages (sorted) stands among the clusters, which are
    numbered in this order: most documents first, then most passages, then by its first
    passage. Clusters in documents that no chain of alignments joins never tie (their first
    passages lie in different documents), so clusters found apart sort as found together."""
    return -len({s.doc for s in passages}), -len(passages), _span_key(passages[0])


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
