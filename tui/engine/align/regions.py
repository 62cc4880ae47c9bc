"""The shingle pass: seeds (positions of shared shingles) close to each other on one diagonal
are chained into regions; rapidfuzz aligns each region word by word, which gives both the
similarity and the runs of words the two passages share verbatim. A region becomes an
`Alignment` only if it is long enough, similar enough, and shares enough informative words:
names and stop words alone ("U.S. Secretary of State John Kerry said") never link two
articles.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tui.engine.align.evidence import (
    aligned_blocks,
    indel_similarity,
    is_name_like,
    mostly_furniture,
)
from tui.engine.prepare import PreparedDocument
from tui.engine.quotes import mostly_quoted
from tui.engine.segment import Segments
from tui.engine.tokens import STOPWORDS, Tokens
from tui.model import Alignment, SharedRun, Span
from tui.params import Params


@dataclass(slots=True)
class Region:
    """Word ranges `[a0, a1)` and `[b0, b1)` covered by a chain of seeds, and the chain's
    last seed `(last_a, last_b)` while it is being built."""

    a0: int
    a1: int
    b0: int
    b1: int
    seeds: int
    last_a: int = 0
    last_b: int = 0


def chain_seeds(
    seeds_a: Sequence[int], seeds_b: Sequence[int], shingle_words: int, max_gap: int
) -> list[Region]:
    """Chain seeds (sorted by `seeds_a`) that follow each other on nearly the same diagonal.

    Runs for every candidate pair of a scan, hundreds of thousands of times: kept to plain
    integer comparisons on the regions themselves."""
    reach = max_gap + shingle_words
    open_regions: list[Region] = []
    closed: list[Region] = []
    for i, j in zip(seeds_a, seeds_b, strict=True):
        chosen: Region | None = None
        any_closing = False
        for region in open_regions:
            di = i - region.last_a
            if di > reach:
                any_closing = True
            elif chosen is None and di >= 0:
                dj = j - region.last_b
                if 0 <= dj <= reach and -max_gap <= di - dj <= max_gap:
                    chosen = region
        # Most seeds close no region: the open list is rebuilt only when one falls behind.
        if any_closing:
            closed.extend(r for r in open_regions if i - r.last_a > reach)
            open_regions = [r for r in open_regions if i - r.last_a <= reach]
        if chosen is None:
            open_regions.append(Region(i, i + shingle_words, j, j + shingle_words, 1, i, j))
            continue
        if i + shingle_words > chosen.a1:
            chosen.a1 = i + shingle_words
        if j + shingle_words > chosen.b1:
            chosen.b1 = j + shingle_words
        if j < chosen.b0:
            chosen.b0 = j
        chosen.seeds += 1
        chosen.last_a, chosen.last_b = i, j
    closed.extend(open_regions)
    return closed


def merge_regions(regions: list[Region], max_gap: int) -> list[Region]:
    """Join regions that follow each other within `max_gap` words in both documents, so
    consecutive reused sentences with an edit between them form one passage.

    A lone region (most candidate pairs hold one) is returned as it is; otherwise the result
    holds new regions and `regions` is left unchanged."""
    if len(regions) < 2:
        return regions
    merged: list[Region] = []
    for region in sorted(regions, key=lambda r: (r.a0, r.b0)):
        if merged:
            prev = merged[-1]
            gap_a, gap_b = region.a0 - prev.a1, region.b0 - prev.b1
            near = -max_gap <= gap_a <= max_gap and -max_gap <= gap_b <= max_gap
            # Overlapping on both sides: one passage whose seeds a chance match split.
            overlapping = gap_a < 0 and gap_b < 0 and prev.b0 < region.b1
            if near or overlapping:
                prev.a1 = max(prev.a1, region.a1)
                prev.b1 = max(prev.b1, region.b1)
                prev.b0 = min(prev.b0, region.b0)
                prev.seeds += region.seeds
                continue
        merged.append(Region(region.a0, region.a1, region.b0, region.b1, region.seeds))
    return merged


def two_seed_region(
    seeds_a: Sequence[int], seeds_b: Sequence[int], shingle_words: int, max_gap: int
) -> Region | None:
    """`merge_regions(chain_seeds(...))` for two seeds, keeping only a region of both: the
    one region they form when the second chains onto the first or the two lone regions
    merge, else None. Joined either way, the region spans the same words."""
    (i0, i1), (j0, j1) = seeds_a, seeds_b
    reach = max_gap + shingle_words
    di, dj = i1 - i0, j1 - j0
    chained = 0 <= di <= reach and 0 <= dj <= reach and -max_gap <= di - dj <= max_gap
    if not chained:
        # merge_regions' test, on the two one-seed regions in (a0, b0) order
        first, second = ((i0, j0), (i1, j1)) if (i0, j0) <= (i1, j1) else ((i1, j1), (i0, j0))
        gap_a = second[0] - first[0] - shingle_words
        gap_b = second[1] - first[1] - shingle_words
        near = -max_gap <= gap_a <= max_gap and -max_gap <= gap_b <= max_gap
        overlapping = gap_a < 0 and gap_b < 0 and first[1] < second[1] + shingle_words
        if not (near or overlapping):
            return None
    return Region(
        min(i0, i1), max(i0, i1) + shingle_words, min(j0, j1), max(j0, j1) + shingle_words, 2
    )


def _snap(segments: Segments, start: int, end: int, fraction: float) -> tuple[int, int]:
    """Extend `[start, end)` to whole sentences when little of the sentence is left out."""
    if not segments.sentences:
        return start, end
    s_start, s_end = segments.sentences[segments.sentence_at(start)]
    if s_start < start < s_end and start - s_start <= fraction * (s_end - s_start):
        start = s_start
    e_start, e_end = segments.sentences[segments.sentence_at(max(start, end - 1))]
    if e_start < end < e_end and e_end - end <= fraction * (e_end - e_start):
        end = e_end
    return start, end


def align_region(
    a: PreparedDocument, b: PreparedDocument, region: Region, params: Params
) -> Alignment | None:
    """Align one region word by word; None when it is not reuse by the thresholds."""
    window = _window(a, b, region, params.edge_words)
    shortest = params.shortest_passage()  # a quotation's; others are held to min_chars
    if window is None or not window_can_hold(a, b, window[:2], window[2:], shortest):
        return None
    a0, a1, b0, b1 = window
    words_a, words_b = a.tokens.words, b.tokens.words
    blocks = aligned_blocks(words_a[a0:a1], words_b[b0:b1])
    blocks = _without_stopword_edges(words_a, a0, blocks)
    if not blocks:
        return None
    ra0, rb0 = a0 + blocks[0][0], b0 + blocks[0][1]
    ra1, rb1 = a0 + blocks[-1][0] + blocks[-1][2], b0 + blocks[-1][1] + blocks[-1][2]
    # The tests below all must pass; the cheapest go first (most regions fail one of them).
    ta, tb = a.tokens, b.tokens
    start_a, end_a = ta.starts[ra0], ta.ends[ra1 - 1]
    start_b, end_b = tb.starts[rb0], tb.ends[rb1 - 1]
    if min(end_a - start_a, end_b - start_b) < shortest:
        return None
    # The blocks left are an optimal alignment of the region itself (the blocks cut off lie
    # before or after it on both sides), so they give its similarity without aligning again.
    shared_words = sum(size for _, _, size in blocks)
    similarity = round(indel_similarity(ra1 - ra0, rb1 - rb0, shared_words) * 100, 1)
    if similarity < params.min_similarity:
        return None
    if (ra0, ra1, rb0, rb1) != (a0, a1, b0, b1):
        # The region's own alignment may choose other blocks among equally good ones, and
        # its runs are the ones reported: it is aligned again unless it is the whole window.
        blocks = aligned_blocks(words_a[ra0:ra1], words_b[rb0:rb1])
    # A long near-verbatim copy is reuse whatever its words: a list of companies or a menu is
    # mostly names, and the names rule is there for short stock phrases.
    names_count = (
        similarity >= params.precise_similarity
        and min(end_a - start_a, end_b - start_b) >= params.long_copy_chars
    )
    needed = params.min_informative_words
    if min(end_a - start_a, end_b - start_b) < params.min_chars:
        # Under min_chars only a quotation counts (within one document, quoted on both sides),
        # and a short one has fewer words to share.
        if not _a_quotation(a, ra0, b, rb0, blocks, both=a is b):
            return None
        needed = min(needed, params.quote_informative_words)
    if not enough_informative(a, ra0, blocks, needed, names_count):
        return None

    start_a, end_a = _snap(a.segments, start_a, end_a, params.snap_fraction)
    start_b, end_b = _snap(b.segments, start_b, end_b, params.snap_fraction)
    if a is b and end_a > start_b:  # snapping must not make the two copies overlap
        return None
    span_a = Span(a.document.id, start_a, end_a)
    span_b = Span(b.document.id, start_b, end_b)
    if mostly_furniture(span_a, a.boilerplate) or mostly_furniture(span_b, b.boilerplate):
        return None
    return Alignment(span_a, span_b, similarity, _shared_runs(ta, tb, ra0, rb0, blocks))


def _without_stopword_edges(
    words_a: Sequence[str], a0: int, blocks: list[tuple[int, int, int]]
) -> list[tuple[int, int, int]]:
    """`blocks` without the edge blocks that hold only stop words: those are chance, not reuse."""
    while blocks and _only_stopwords(words_a, a0, blocks[0]):
        blocks.pop(0)
    while blocks and _only_stopwords(words_a, a0, blocks[-1]):
        blocks.pop()
    return blocks


def _a_quotation(
    a: PreparedDocument,
    ra0: int,
    b: PreparedDocument,
    rb0: int,
    blocks: list[tuple[int, int, int]],
    *,
    both: bool = False,
) -> bool:
    """Whether the shared words are mostly inside quotation marks on either side (on both
    with `both`: an article that quotes someone and restates the words in its own voice
    elsewhere, "improve performance during its new fiscal year", repeats no quotation)."""
    in_a = mostly_quoted(a.quoted, (range(ra0 + x, ra0 + x + n) for x, _, n in blocks))
    if in_a != both:
        return in_a
    return mostly_quoted(b.quoted, (range(rb0 + y, rb0 + y + n) for _, y, n in blocks))


def _window(
    a: PreparedDocument, b: PreparedDocument, region: Region, edge: int
) -> tuple[int, int, int, int] | None:
    """The words `[a0, a1)` of `a` and `[b0, b1)` of `b` aligned for a region: its own,
    `edge` more on each side; two copies inside one document must not overlap (None when
    they do)."""
    a0, a1 = max(0, region.a0 - edge), min(len(a.tokens.words), region.a1 + edge)
    b0, b1 = max(0, region.b0 - edge), min(len(b.tokens.words), region.b1 + edge)
    if a is b:
        if region.a1 > region.b0:
            return None
        a1 = min(a1, region.b0)
        b0 = max(b0, a1)
    return a0, a1, b0, b1


def _shared_runs(
    ta: Tokens, tb: Tokens, ra0: int, rb0: int, blocks: Sequence[tuple[int, int, int]]
) -> tuple[SharedRun, ...]:
    """The character runs of matching word blocks counted from words `ra0` and `rb0`."""
    return tuple(
        (
            ta.starts[ra0 + ba],
            ta.ends[ra0 + ba + size - 1],
            tb.starts[rb0 + bb],
            tb.ends[rb0 + bb + size - 1],
        )
        for ba, bb, size in blocks
    )


def window_can_hold(
    a: PreparedDocument,
    b: PreparedDocument,
    window_a: tuple[int, int],
    window_b: tuple[int, int],
    min_chars: int,
) -> bool:
    """Whether the word windows `[a0, a1)` of `a` and `[b0, b1)` of `b` are long enough to
    hold a passage: it lies inside both, so each must span `min_chars`. Four look-ups that
    spare a fifth of a scan's regions any alignment; a bound, never a different answer.
    (Tighter bounds, by the words the windows share, cost as much as aligning them.)"""
    (a0, a1), (b0, b1) = window_a, window_b
    ta, tb = a.tokens, b.tokens
    return min(ta.ends[a1 - 1] - ta.starts[a0], tb.ends[b1 - 1] - tb.starts[b0]) >= min_chars


def enough_informative(
    a: PreparedDocument,
    offset: int,
    blocks: Sequence[tuple[int, int, int]],
    needed: int,
    names_count: bool,
) -> bool:
    """Whether the shared words of `a` (blocks from word `offset`) hold `needed` words that
    are not stop words, nor names unless `names_count`."""
    words, text, starts = a.tokens.words, a.document.text, a.tokens.starts
    found = 0
    for block_a, _, size in blocks:
        for k in range(offset + block_a, offset + block_a + size):
            word = words[k]
            # `is_informative(word)`, inline: this loop runs for every word of every region;
            # so does `is_name_like`'s first test (most words are not capitalised)
            informative = len(word) > 2 and word not in STOPWORDS
            if informative and (
                names_count or not text[starts[k]].isupper() or not is_name_like(a, k)
            ):
                found += 1
                if found >= needed:
                    return True
    return found >= needed


def _only_stopwords(words: Sequence[str], offset: int, block: tuple[int, int, int]) -> bool:
    start = offset + block[0]
    return STOPWORDS.issuperset(words[start : start + block[2]])


def shingle_alignments(
    a: PreparedDocument,
    b: PreparedDocument,
    seeds_a: Sequence[int],
    seeds_b: Sequence[int],
    params: Params,
) -> list[Alignment]:
    """The passages the shared shingles lead to: the first phase of `align_pair`."""
    if len(seeds_a) == 2 and params.min_seeds == 2:
        # Half the pairs of a scan share two shingles: one region holding both, or none.
        pair = two_seed_region(seeds_a, seeds_b, params.shingle_words, params.max_gap_words)
        regions = [] if pair is None else [pair]
    else:
        regions = chain_seeds(seeds_a, seeds_b, params.shingle_words, params.max_gap_words)
        regions = merge_regions(regions, params.max_gap_words)
        regions = [r for r in regions if r.seeds >= params.min_seeds]
    alignments = []
    for region in regions:
        alignment = align_region(a, b, region, params)
        if alignment is not None:
            alignments.append(_without_chance_edges(alignment, params))
    return alignments


def _without_chance_edges(alignment: Alignment, params: Params) -> Alignment:
    """A near-verbatim passage without its first or last shared run when that run is shorter
    than the difference between its gaps to the next run in the two documents, and that
    difference is `chance_edge_chars` or more: a few words found again across text one side
    does not have are chance (a repeated phrase, a title), not the edge of the copy. Passages
    below `precise_similarity` keep their runs: reworded text has uneven gaps everywhere."""
    minimum = params.chance_edge_chars
    if minimum <= 0 or alignment.similarity < params.precise_similarity:
        return alignment  # (the news defaults: every passage of a scan passes here)
    runs = list(alignment.shared)
    if len(runs) < 2:
        return alignment

    def chance(run: SharedRun, neighbour: SharedRun) -> bool:
        gap_a = max(neighbour[0] - run[1], run[0] - neighbour[1])
        gap_b = max(neighbour[2] - run[3], run[2] - neighbour[3])
        one_sided = abs(gap_a - gap_b)
        return one_sided >= minimum and min(run[1] - run[0], run[3] - run[2]) < one_sided

    first, last = 0, len(runs) - 1
    while first < last and chance(runs[first], runs[first + 1]):
        first += 1
    while last > first and chance(runs[last], runs[last - 1]):
        last -= 1
    if first == 0 and last == len(runs) - 1:
        return alignment
    a, b = alignment.a, alignment.b
    # Only a trimmed edge moves: the other keeps whatever snapping gave it.
    a_start, b_start = (runs[first][0], runs[first][2]) if first else (a.start, b.start)
    a_end, b_end = (runs[last][1], runs[last][3]) if last < len(runs) - 1 else (a.end, b.end)
    return Alignment(
        Span(a.doc, a_start, a_end),
        Span(b.doc, b_start, b_end),
        alignment.similarity,
        tuple(runs[first : last + 1]),
    )
