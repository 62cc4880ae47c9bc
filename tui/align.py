"""Local alignment: from the seeds two documents share to aligned passages with shared runs.

Seeds (positions of shared shingles) close to each other on the same diagonal are chained into
regions; rapidfuzz then aligns each region word by word, which gives both the similarity and the
runs of words the two passages share verbatim. A region becomes an `Alignment` only if it is
long enough, similar enough, and shares enough informative words: names and stop words alone
("U.S. Secretary of State John Kerry said") never link two articles.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Indel

from tui.model import Alignment, Document, SharedRun, Span
from tui.params import Params
from tui.segment import Segments
from tui.tokens import STOPWORDS, Tokens, is_informative

# Words looked at beyond the outermost seeds, so an edit near a passage's edge does not cut
# the words after it (a shingle cannot start within `shingle_words` of a change).
_EDGE_WORDS = 3
_WORD_CHAR = re.compile(r"\w")


@dataclass(frozen=True)
class PreparedDocument:
    """A document with everything alignment needs: its words, sentences and furniture."""

    document: Document
    tokens: Tokens
    segments: Segments
    boilerplate: tuple[Span, ...]


@dataclass
class _Region:
    """Word ranges `[a0, a1)` and `[b0, b1)` covered by a chain of seeds."""

    a0: int
    a1: int
    b0: int
    b1: int
    seeds: int


def chain_seeds(
    seeds_a: Sequence[int], seeds_b: Sequence[int], shingle_words: int, max_gap: int
) -> list[_Region]:
    """Chain seeds (sorted by `seeds_a`) that follow each other on nearly the same diagonal."""
    reach = max_gap + shingle_words
    open_regions: list[_Region] = []
    closed: list[_Region] = []
    last: dict[int, tuple[int, int]] = {}
    for i, j in zip(seeds_a, seeds_b, strict=True):
        i, j = int(i), int(j)
        still_open = []
        chosen: _Region | None = None
        for region in open_regions:
            li, lj = last[id(region)]
            if i - li > reach:
                closed.append(region)
                continue
            still_open.append(region)
            di, dj = i - li, j - lj
            if chosen is None and di >= 0 and 0 <= dj <= reach and abs(di - dj) <= max_gap:
                chosen = region
        open_regions = still_open
        if chosen is None:
            chosen = _Region(i, i + shingle_words, j, j + shingle_words, 0)
            open_regions.append(chosen)
        chosen.a1 = max(chosen.a1, i + shingle_words)
        chosen.b1 = max(chosen.b1, j + shingle_words)
        chosen.b0 = min(chosen.b0, j)
        chosen.seeds += 1
        last[id(chosen)] = (i, j)
    closed.extend(open_regions)
    return closed


def merge_regions(regions: list[_Region], max_gap: int) -> list[_Region]:
    """Join regions that follow each other within `max_gap` words in both documents, so
    consecutive reused sentences with an edit between them form one passage."""
    merged: list[_Region] = []
    for region in sorted(regions, key=lambda r: (r.a0, r.b0)):
        if merged:
            prev = merged[-1]
            gap_a, gap_b = region.a0 - prev.a1, region.b0 - prev.b1
            if -max_gap <= gap_a <= max_gap and -max_gap <= gap_b <= max_gap:
                prev.a1 = max(prev.a1, region.a1)
                prev.b1 = max(prev.b1, region.b1)
                prev.b0 = min(prev.b0, region.b0)
                prev.seeds += region.seeds
                continue
        merged.append(_Region(region.a0, region.a1, region.b0, region.b1, region.seeds))
    return merged


def _is_name_like(prepared: PreparedDocument, word_index: int) -> bool:
    """A capitalised word that does not open its sentence: most likely part of a name."""
    text = prepared.document.text
    start = prepared.tokens.starts[word_index]
    if not text[start].isupper():
        return False
    sentence = prepared.segments.sentence_at(start)
    sentence_start = prepared.segments.sentences[sentence][0] if prepared.segments.sentences else 0
    return bool(_WORD_CHAR.search(text, sentence_start, start))


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


def _mostly_boilerplate(span: Span, boilerplate: Sequence[Span]) -> bool:
    return sum(span.overlap(b) for b in boilerplate) * 2 > span.length


def _aligned_blocks(words_a: Sequence[str], words_b: Sequence[str]) -> list[tuple[int, int, int]]:
    """Matching word blocks `(a, b, size)` of an optimal word-level alignment."""
    return [
        (block.a, block.b, block.size)
        for block in Indel.opcodes(words_a, words_b).as_matching_blocks()
        if block.size
    ]


def align_region(
    a: PreparedDocument, b: PreparedDocument, region: _Region, params: Params
) -> Alignment | None:
    """Align one region word by word; None when it is not reuse by the thresholds."""
    words_a, words_b = a.tokens.words, b.tokens.words
    a0, a1 = max(0, region.a0 - _EDGE_WORDS), min(len(words_a), region.a1 + _EDGE_WORDS)
    b0, b1 = max(0, region.b0 - _EDGE_WORDS), min(len(words_b), region.b1 + _EDGE_WORDS)
    if a is b:  # two copies inside one document: their windows must not overlap
        if region.a1 > region.b0:
            return None
        a1 = min(a1, region.b0)
        b0 = max(b0, a1)
    blocks = _aligned_blocks(words_a[a0:a1], words_b[b0:b1])
    # Edge blocks outside the seeded core that hold only stop words are chance, not reuse.
    while blocks and a0 + blocks[0][0] < region.a0 and _only_stopwords(words_a, a0, blocks[0]):
        blocks.pop(0)
    while (
        blocks
        and a0 + blocks[-1][0] + blocks[-1][2] > region.a1
        and _only_stopwords(words_a, a0, blocks[-1])
    ):
        blocks.pop()
    if not blocks:
        return None
    ra0, rb0 = a0 + blocks[0][0], b0 + blocks[0][1]
    ra1, rb1 = a0 + blocks[-1][0] + blocks[-1][2], b0 + blocks[-1][1] + blocks[-1][2]
    region_a, region_b = words_a[ra0:ra1], words_b[rb0:rb1]
    similarity = round(Indel.normalized_similarity(region_a, region_b) * 100, 1)
    if similarity < params.min_similarity:
        return None
    blocks = _aligned_blocks(region_a, region_b)

    informative = 0
    for block_a, _, size in blocks:
        for k in range(ra0 + block_a, ra0 + block_a + size):
            if is_informative(words_a[k]) and not _is_name_like(a, k):
                informative += 1
    if informative < params.min_informative_words:
        return None

    ta, tb = a.tokens, b.tokens
    start_a, end_a = ta.starts[ra0], ta.ends[ra1 - 1]
    start_b, end_b = tb.starts[rb0], tb.ends[rb1 - 1]
    if min(end_a - start_a, end_b - start_b) < params.min_chars:
        return None
    start_a, end_a = _snap(a.segments, start_a, end_a, params.snap_fraction)
    start_b, end_b = _snap(b.segments, start_b, end_b, params.snap_fraction)
    if a is b and end_a > start_b:  # snapping must not make the two copies overlap
        return None
    span_a = Span(a.document.id, start_a, end_a)
    span_b = Span(b.document.id, start_b, end_b)
    if _mostly_boilerplate(span_a, a.boilerplate) or _mostly_boilerplate(span_b, b.boilerplate):
        return None
    shared: list[SharedRun] = [
        (
            ta.starts[ra0 + ba],
            ta.ends[ra0 + ba + size - 1],
            tb.starts[rb0 + bb],
            tb.ends[rb0 + bb + size - 1],
        )
        for ba, bb, size in blocks
    ]
    return Alignment(span_a, span_b, similarity, tuple(shared))


def _only_stopwords(words: Sequence[str], offset: int, block: tuple[int, int, int]) -> bool:
    start = offset + block[0]
    return all(w in STOPWORDS for w in words[start : start + block[2]])


def align_pair(
    a: PreparedDocument,
    b: PreparedDocument,
    seeds_a: Sequence[int],
    seeds_b: Sequence[int],
    params: Params,
) -> list[Alignment]:
    """Every reused passage between two documents (or inside one, when `a is b`)."""
    regions = chain_seeds(seeds_a, seeds_b, params.shingle_words, params.max_gap_words)
    regions = merge_regions(regions, params.max_gap_words)
    regions = [r for r in regions if r.seeds >= params.min_seeds]
    alignments = []
    for region in regions:
        alignment = align_region(a, b, region, params)
        if alignment is not None:
            alignments.append(alignment)
    return alignments
