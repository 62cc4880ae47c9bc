"""Clustering gives the answer of its plain definition, shortcuts and all."""

from __future__ import annotations

import math
from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.engine.cluster import cluster_alignments
from tui.model import Alignment, Span
from tui.params import Params

SAME = Params().same_passage_overlap


def _plain_groups(
    alignments: list[Alignment], link_fraction: float, same: float = SAME
) -> list[frozenset[Span]]:
    """The clustering rule written the slow, obvious way: passages by the first span they
    overlap by `same` of the longer, then merges strongest link first, each tested afresh,
    none remembered."""
    spans: list[Span] = []

    def node(span: Span) -> int:
        for index, known in enumerate(spans):
            overlap = span.overlap(known)
            if (
                known.doc == span.doc
                and overlap
                and overlap >= same * max(span.length, known.length)
            ):
                spans[index] = Span(
                    span.doc, min(span.start, known.start), max(span.end, known.end)
                )
                return index
        spans.append(span)
        return len(spans) - 1

    best: dict[tuple[int, int], Alignment] = {}
    for alignment in sorted(alignments, key=lambda al: -(al.a.length + al.b.length)):
        x, y = node(alignment.a), node(alignment.b)
        if x != y:
            key = (min(x, y), max(x, y))
            if key not in best or alignment.similarity > best[key].similarity:
                best[key] = alignment
    neighbours: dict[int, set[int]] = defaultdict(set)
    for x, y in best:
        neighbours[x].add(y)
        neighbours[y].add(x)
    group = {n: {n} for n in range(len(spans))}
    for x, y in sorted(best, key=lambda pair: -best[pair].similarity):
        gx, gy = group[x], group[y]
        if gx is gy:
            continue
        direct = sum(len(neighbours[n] & gy) for n in gx)
        if direct < link_fraction * len(gx) * len(gy):
            continue
        merged = gx | gy
        for n in merged:
            group[n] = merged
    linked = {id(g): g for g in group.values() if any(group[x] is g for x, _ in best)}
    inside = {
        gid for gid, g in linked.items() if any(group[x] is g and group[y] is g for x, y in best)
    }
    return sorted(
        (frozenset(spans[n] for n in linked[gid]) for gid in inside),
        key=lambda g: sorted(g),
    )


# Mostly whole passages at fixed places (distinct nodes, so groups form and fail to merge,
# then merge once one has grown), sometimes a span overlapping them.
_PASSAGE = st.builds(
    lambda doc, slot: Span(doc, slot * 1000, slot * 1000 + 120),
    st.sampled_from("abcd"),
    st.integers(0, 1),
)
_SPAN = st.one_of(
    _PASSAGE,
    _PASSAGE,
    _PASSAGE,
    st.builds(
        lambda doc, start, length: Span(doc, start, start + length),
        st.sampled_from("abcd"),
        st.integers(0, 1100),
        st.integers(20, 200),
    ),
)
_ALIGNMENT = st.builds(
    lambda a, b, similarity: Alignment(a, b, similarity, ()),
    _SPAN,
    _SPAN,
    st.integers(600, 1000).map(lambda n: n / 10),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_ALIGNMENT, max_size=60), st.sampled_from([0.0, 0.3, 0.5, 0.6, 0.8, 1.0]))
def test_clusters_are_the_plain_rules_groups(alignments: list[Alignment], fraction: float) -> None:
    clusters, linked = cluster_alignments(alignments, fraction, SAME)
    found = sorted((frozenset(c.passages) for c in clusters), key=lambda g: sorted(g))
    assert found == _plain_groups(alignments, fraction)
    for cluster in clusters:
        links = [al for number, al in linked if number == cluster.id]
        mean = math.fsum(al.similarity for al in links) / len(links)
        assert cluster.similarity == round(mean, 1)


def test_a_merge_refused_is_tried_again_once_a_group_has_grown() -> None:
    one, two, three, four = (Span(doc, 0, 100) for doc in "wxyz")

    def link(a: Span, b: Span, similarity: float) -> Alignment:
        return Alignment(a, b, similarity, ())

    alignments = [
        link(two, three, 99.0),  # {2, 3}
        link(one, two, 98.0),  # {1} to {2, 3}: 1 direct link of 2, under 0.6: refused
        link(one, four, 97.0),  # {1, 4}
        link(four, two, 96.0),  # {1, 4} to {2, 3}: 3 direct links of 4: merged
        link(four, three, 95.0),
    ]
    clusters, _ = cluster_alignments(alignments, 0.6, SAME)
    assert [set(c.passages) for c in clusters] == [{one, two, three, four}]
