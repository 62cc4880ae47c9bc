"""The shingle path's region building, rewritten for speed, gives the regions it always gave.

`chain_seeds` and `merge_regions` run for every candidate pair of a scan; their fast forms are
checked here against plain restatements of the rules they implement, on random seeds.
"""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.engine.align.regions import Region, chain_seeds, merge_regions, window_can_hold
from tui.engine.prepare import prepare
from tui.model import Document
from tui.params import Params

Box = tuple[int, int, int, int, int]


def _chain_reference(seeds: list[tuple[int, int]], shingle_words: int, max_gap: int) -> list[Box]:
    """Seeds joined to the first open region on nearly the same diagonal; a region closes
    once a seed lies more than `max_gap + shingle_words` words past its last one."""
    reach = max_gap + shingle_words
    open_regions: list[list[int]] = []  # a0, a1, b0, b1, seeds, last_a, last_b
    closed: list[list[int]] = []
    for i, j in seeds:
        closed += [r for r in open_regions if i - r[5] > reach]
        open_regions = [r for r in open_regions if i - r[5] <= reach]
        chosen = next(
            (
                r
                for r in open_regions
                if i >= r[5] and 0 <= j - r[6] <= reach and abs((i - r[5]) - (j - r[6])) <= max_gap
            ),
            None,
        )
        if chosen is None:
            open_regions.append([i, i + shingle_words, j, j + shingle_words, 1, i, j])
            continue
        chosen[1] = max(chosen[1], i + shingle_words)
        chosen[3] = max(chosen[3], j + shingle_words)
        chosen[2] = min(chosen[2], j)
        chosen[4] += 1
        chosen[5], chosen[6] = i, j
    return [(r[0], r[1], r[2], r[3], r[4]) for r in closed + open_regions]


def _boxes(regions: list[Region]) -> list[Box]:
    return [(r.a0, r.a1, r.b0, r.b1, r.seeds) for r in regions]


# Seeds as a scan gives them: distinct position pairs sorted by position in document a.
seed_lists = st.lists(
    st.tuples(st.integers(0, 120), st.integers(0, 120)), unique=True, max_size=40
).map(sorted)


@settings(max_examples=300, deadline=None)
@given(seed_lists, st.integers(2, 5), st.integers(0, 10))
def test_chained_regions_follow_the_diagonal_rule(
    seeds: list[tuple[int, int]], shingle_words: int, max_gap: int
) -> None:
    found = chain_seeds([i for i, _ in seeds], [j for _, j in seeds], shingle_words, max_gap)
    assert _boxes(found) == _chain_reference(seeds, shingle_words, max_gap)


@settings(max_examples=300, deadline=None)
@given(seed_lists, st.integers(0, 10))
def test_merging_leaves_lone_regions_and_joins_near_ones(
    seeds: list[tuple[int, int]], max_gap: int
) -> None:
    regions = chain_seeds([i for i, _ in seeds], [j for _, j in seeds], 4, max_gap)
    before = _boxes(regions)
    merged = _boxes(merge_regions(regions, max_gap))
    if len(before) < 2:
        assert merged == before
        return
    assert _boxes(regions) == before  # the input is not changed
    assert sum(box[4] for box in merged) == sum(box[4] for box in before)
    # every region lies inside exactly one merged region
    for a0, a1, b0, b1, _ in before:
        holders = [m for m in merged if m[0] <= a0 and a1 <= m[1] and m[2] <= b0 and b1 <= m[3]]
        assert holders


def test_window_length_bound_is_the_shorter_window(seed_documents: dict[str, Document]) -> None:
    """The check made before aligning passes a window exactly when both sides span
    `min_chars` characters from their first word's start to their last word's end: any
    passage inside is no longer, so nothing it rejects could have been reported."""
    prepared = prepare(list(seed_documents.values()), Params())
    checked = 0
    for a, b in pairwise(prepared):
        for start in range(0, min(len(a.tokens), len(b.tokens)) - 12, 7):
            window = (start, start + 12)
            shortest = min(
                a.tokens.ends[start + 11] - a.tokens.starts[start],
                b.tokens.ends[start + 11] - b.tokens.starts[start],
            )
            assert window_can_hold(a, b, window, window, shortest)
            assert not window_can_hold(a, b, window, window, shortest + 1)
            checked += 1
    assert checked > 0
