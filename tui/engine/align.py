"""Local alignment: from the seeds two documents share to aligned passages with shared runs.

Seeds (positions of shared shingles) close to each other on the same diagonal are chained into
regions; rapidfuzz then aligns each region word by word, which gives both the similarity and the
runs of words the two passages share verbatim. A region becomes an `Alignment` only if it is
long enough, similar enough, and shares enough informative words: names and stop words alone
("U.S. Secretary of State John Kerry said") never link two articles.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise

from rapidfuzz.distance import Indel

from tui.engine.segment import Segments
from tui.engine.sentences import (
    SentenceTerms,
    SentenceVectors,
    fragment_cosine,
    sentence_terms,
    similar_sentences,
    stem,
    term_of,
    vectorise,
    whole_numbers,
)
from tui.engine.tokens import STOPWORDS, Tokens, is_informative
from tui.model import Alignment, Document, SharedRun, Span
from tui.params import Params

# Words looked at beyond the outermost seeds, so an edit near a passage's edge does not cut
# the words after it (a shingle cannot start within `shingle_words` of a change).
EDGE_WORDS = 3
_WORD_CHAR = re.compile(r"\w")
# Share of a summary's short side that one passage found sentence by sentence may cover
# before it, not the summary, is taken as the answer: a summary keeps few sentences of its
# text, a translated or reworded passage nearly all of them.
_EXPLAINED = 0.9


@dataclass(frozen=True)
class PreparedDocument:
    """A document with everything alignment needs: its words, sentences and furniture."""

    document: Document
    tokens: Tokens
    segments: Segments
    boilerplate: tuple[Span, ...]

    @cached_property
    def sentences(self) -> SentenceTerms:
        """Sentences as bags of content words, computed once per document."""
        return sentence_terms(self.document.text, self.tokens, self.segments)

    def comparable(self, max_words: int) -> SentenceTerms:
        """`sentences`, with every sentence longer than `max_words` words cut into nearly
        equal pieces no longer than that (all of them when `max_words` is 0); computed once
        per length."""
        if max_words <= 0:
            return self.sentences
        pieces: dict[int, SentenceTerms] = self.__dict__.setdefault("_pieces", {})
        if max_words not in pieces:
            words = whole_numbers(self.document.text, self.tokens)
            pieces[max_words] = _split_long(self.sentences, self.tokens, words, max_words)
        return pieces[max_words]


def _split_long(
    sentences: SentenceTerms, tokens: Tokens, words_of_terms: Sequence[str], max_words: int
) -> SentenceTerms:
    """Long sentences cut into pieces of at most `max_words` words. Text whose punctuation
    was garbled reads as a few "sentences" of hundreds of words, whose bags of words are too
    big to match a reworded counterpart; pieces of a sentence's length can."""
    if all(last - first <= max_words for first, last in sentences.words):
        return sentences
    spans: list[tuple[int, int]] = []
    words: list[tuple[int, int]] = []
    terms: list[tuple[str, ...]] = []
    for span, (first, last), bag in zip(
        sentences.spans, sentences.words, sentences.terms, strict=True
    ):
        count = last - first
        if count <= max_words:
            spans.append(span)
            words.append((first, last))
            terms.append(bag)
            continue
        parts = -(-count // max_words)
        cuts = [first + count * k // parts for k in range(parts + 1)]
        for lo, hi in pairwise(cuts):
            words.append((lo, hi))
            spans.append((tokens.starts[lo], tokens.ends[hi - 1]))
            terms.append(tuple(t for t in map(term_of, words_of_terms[lo:hi]) if t))
    return SentenceTerms(tuple(spans), tuple(words), tuple(terms))


@dataclass(slots=True)
class _Region:
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
) -> list[_Region]:
    """Chain seeds (sorted by `seeds_a`) that follow each other on nearly the same diagonal.

    Runs for every candidate pair of a scan, hundreds of thousands of times: kept to plain
    integer comparisons on the regions themselves."""
    reach = max_gap + shingle_words
    open_regions: list[_Region] = []
    closed: list[_Region] = []
    for i, j in zip(seeds_a, seeds_b, strict=True):
        chosen: _Region | None = None
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
            open_regions.append(_Region(i, i + shingle_words, j, j + shingle_words, 1, i, j))
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


def merge_regions(regions: list[_Region], max_gap: int) -> list[_Region]:
    """Join regions that follow each other within `max_gap` words in both documents, so
    consecutive reused sentences with an edit between them form one passage.

    A lone region (most candidate pairs hold one) is returned as it is; otherwise the result
    holds new regions and `regions` is left unchanged."""
    if len(regions) < 2:
        return regions
    merged: list[_Region] = []
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
        merged.append(_Region(region.a0, region.a1, region.b0, region.b1, region.seeds))
    return merged


def _two_seed_region(
    seeds_a: Sequence[int], seeds_b: Sequence[int], shingle_words: int, max_gap: int
) -> _Region | None:
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
    return _Region(
        min(i0, i1), max(i0, i1) + shingle_words, min(j0, j1), max(j0, j1) + shingle_words, 2
    )


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
    """Whether more than half of `span` is furniture of its document (`boilerplate`).
    `Span.overlap`, inline: this runs for every passage found, and nearly every article of
    a wire service ends in furniture (Reuters' sign-off)."""
    start, end = span.start, span.end
    covered = 0
    for furniture in boilerplate:
        if furniture.start < end and start < furniture.end:
            covered += min(end, furniture.end) - max(start, furniture.start)
    return covered * 2 > end - start


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
    a0, a1 = max(0, region.a0 - EDGE_WORDS), min(len(words_a), region.a1 + EDGE_WORDS)
    b0, b1 = max(0, region.b0 - EDGE_WORDS), min(len(words_b), region.b1 + EDGE_WORDS)
    if a is b:  # two copies inside one document: their windows must not overlap
        if region.a1 > region.b0:
            return None
        a1 = min(a1, region.b0)
        b0 = max(b0, a1)
    if not _window_can_hold(a, b, (a0, a1), (b0, b1), params.min_chars):
        return None
    blocks = _aligned_blocks(words_a[a0:a1], words_b[b0:b1])
    # Edge blocks that hold only stop words are chance, not reuse.
    while blocks and _only_stopwords(words_a, a0, blocks[0]):
        blocks.pop(0)
    while blocks and _only_stopwords(words_a, a0, blocks[-1]):
        blocks.pop()
    if not blocks:
        return None
    ra0, rb0 = a0 + blocks[0][0], b0 + blocks[0][1]
    ra1, rb1 = a0 + blocks[-1][0] + blocks[-1][2], b0 + blocks[-1][1] + blocks[-1][2]
    # The tests below all must pass; the cheapest go first (most regions fail one of them).
    ta, tb = a.tokens, b.tokens
    start_a, end_a = ta.starts[ra0], ta.ends[ra1 - 1]
    start_b, end_b = tb.starts[rb0], tb.ends[rb1 - 1]
    if min(end_a - start_a, end_b - start_b) < params.min_chars:
        return None
    # The blocks left are an optimal alignment of the region itself (the blocks cut off lie
    # before or after it on both sides), so they give its similarity without aligning again.
    shared_words = sum(size for _, _, size in blocks)
    similarity = round(_indel_similarity(ra1 - ra0, rb1 - rb0, shared_words) * 100, 1)
    if similarity < params.min_similarity:
        return None
    if (ra0, ra1, rb0, rb1) != (a0, a1, b0, b1):
        # The region's own alignment may choose other blocks among equally good ones, and
        # its runs are the ones reported: it is aligned again unless it is the whole window.
        blocks = _aligned_blocks(words_a[ra0:ra1], words_b[rb0:rb1])
    # A long near-verbatim copy is reuse whatever its words: a list of companies or a menu is
    # mostly names, and the names rule is there for short stock phrases.
    names_count = (
        similarity >= params.precise_similarity
        and min(end_a - start_a, end_b - start_b) >= params.long_copy_chars
    )
    if not _enough_informative(a, ra0, blocks, params.min_informative_words, names_count):
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


def _indel_similarity(length_a: int, length_b: int, shared_words: int) -> float:
    """`Indel.normalized_similarity` of two word sequences of these lengths whose longest
    common subsequence holds `shared_words` words: the same formula, the same float."""
    total = length_a + length_b
    return 1.0 - (total - 2 * shared_words) / total if total else 1.0


def _window_can_hold(
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


def _enough_informative(
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
            # so does `_is_name_like`'s first test (most words are not capitalised)
            informative = len(word) > 2 and word not in STOPWORDS
            if informative and (
                names_count or not text[starts[k]].isupper() or not _is_name_like(a, k)
            ):
                found += 1
                if found >= needed:
                    return True
    return found >= needed


def _only_stopwords(words: Sequence[str], offset: int, block: tuple[int, int, int]) -> bool:
    start = offset + block[0]
    return STOPWORDS.issuperset(words[start : start + block[2]])


def align_pair(
    a: PreparedDocument,
    b: PreparedDocument,
    seeds_a: Sequence[int],
    seeds_b: Sequence[int],
    params: Params,
    *,
    compare_all: bool = False,
) -> list[Alignment]:
    """Every reused passage between two documents (or inside one, when `a is b`).

    In a corpus scan the sentence-level passes (reworded and summarised passages) run only
    for pairs with shingle evidence: a passage found, or `sentence_min_seeds` shared
    shingles. Most candidate pairs share a stock phrase or two and nothing else, and the
    sentence passes cost far more than the shingle path. `compare_all` (two documents named
    for comparison, as `echoes align` does) always runs them.
    """
    alignments = shingle_alignments(a, b, seeds_a, seeds_b, params)
    wanted = wants_sentences(a, b, alignments, len(seeds_a), params, compare_all=compare_all)
    return finish_pair(a, b, alignments, params, sentences=wanted)


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
        pair = _two_seed_region(seeds_a, seeds_b, params.shingle_words, params.max_gap_words)
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


def wants_sentences(
    a: PreparedDocument,
    b: PreparedDocument,
    alignments: Sequence[Alignment],
    seed_count: int,
    params: Params,
    *,
    compare_all: bool = False,
) -> bool:
    """Whether the pair's sentences are compared too (see `align_pair`)."""
    evidence = compare_all or bool(alignments) or seed_count >= params.sentence_min_seeds
    return a is not b and evidence


def finish_pair(
    a: PreparedDocument,
    b: PreparedDocument,
    alignments: list[Alignment],
    params: Params,
    *,
    sentences: bool,
    similar: Sequence[tuple[int, int]] | None = None,
) -> list[Alignment]:
    """The second phase of `align_pair`: with `sentences`, the sentence-level passes, then the
    final passages. `similar` is the pair's `similar_sentences` when a caller computed it for
    many pairs at once (`similar_sentences_many`); otherwise it is computed here."""
    if not sentences and len(alignments) < 2:
        # Most pairs of a scan: nothing can overlap, so only the closing punctuation is left.
        return _closing_punctuation(a, b, alignments, params) if alignments else []
    if sentences:
        # A long passage copied near verbatim is not a summary, whatever the lengths.
        verbatim = any(
            al.similarity >= params.precise_similarity
            and min(al.a.length, al.b.length) >= params.summary_verbatim_chars
            for al in alignments
        )
        summaries = [] if verbatim else align_summaries(a, b, params, similar)
        # Echoes of a repetition go first, so that they cannot join a true passage below.
        alignments = drop_overlapping(alignments)
        precise = [al for al in alignments if al.similarity >= params.precise_similarity]
        copied = params.copy_similarity > 0 and any(
            al.similarity >= params.copy_similarity
            and min(al.a.length, al.b.length) >= params.summary_verbatim_chars
            for al in alignments
        )
        reworded = [] if copied else align_by_sentences(a, b, params, precise, similar)
        alignments = _absorb(alignments, reworded)
        alignments = merge_neighbours(a, b, alignments, params.merge_gap_words)
        if summaries and not _explained(summaries[0], alignments):
            return _closing_punctuation(a, b, summaries, params)
    kept = drop_overlapping(alignments, params.min_chars if params.trim_overlapping else 0)
    return _closing_punctuation(a, b, kept, params)


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


# Characters that close the word before them: a passage ending on "copied." holds the stop.
_CLOSING = frozenset(".!?,;:)]}\"'’”")


def _closing_punctuation(
    a: PreparedDocument, b: PreparedDocument, alignments: list[Alignment], params: Params
) -> list[Alignment]:
    """`alignments`, each side's end moved past the punctuation that closes its last word
    when `params.end_punctuation` asks for it (passages end at a word otherwise)."""
    if not params.end_punctuation:
        return alignments
    return [
        Alignment(
            _past_closing(a.document.text, al.a),
            _past_closing(b.document.text, al.b),
            al.similarity,
            al.shared,
        )
        for al in alignments
    ]


def _past_closing(text: str, span: Span) -> Span:
    end = span.end
    while end < len(text) and text[end] in _CLOSING:
        end += 1
    return Span(span.doc, span.start, end)


def _explained(summary: Alignment, alignments: Sequence[Alignment]) -> bool:
    """Whether one passage found sentence by sentence already covers nearly all of the short
    side of a summary: then that side was reworded, not summarised, and the long side's
    surplus is neighbouring text. (Several passages covering it are a summary's pieces.)"""
    short_a = summary.a.length <= summary.b.length
    short = summary.a if short_a else summary.b
    return any(
        _covered_length([al.a if short_a else al.b], short) >= _EXPLAINED * short.length
        for al in alignments
    )


def _word_gap(tokens: Tokens, end: int, start: int) -> int:
    """Words between character offsets `end` and `start` (negative when they overlap)."""
    return bisect_left(tokens.starts, start) - bisect_left(tokens.starts, end)


def merge_neighbours(
    a: PreparedDocument, b: PreparedDocument, alignments: Sequence[Alignment], max_gap: int
) -> list[Alignment]:
    """Join passages that follow each other within `max_gap` words in both documents: one
    reused stretch whose middle was reworded beyond recognition is still one echo."""
    merged: list[Alignment] = []
    for al in sorted(alignments, key=lambda x: (x.a.start, x.b.start)):
        # The nearest passage before it, not only the last one: an echo of a repetition
        # elsewhere in `b` may sit between two halves of one passage in `a`'s order.
        for k in range(len(merged) - 1, -1, -1):
            prev = merged[k]
            gap_a = _word_gap(a.tokens, prev.a.end, al.a.start)
            # in `b` the two may come in either order (shuffled text): the gap between them
            gap_b = max(
                _word_gap(b.tokens, prev.b.end, al.b.start),
                _word_gap(b.tokens, al.b.end, prev.b.start),
            )
            if gap_a <= max_gap and gap_b <= max_gap:
                merged[k] = Alignment(
                    Span(prev.a.doc, prev.a.start, max(prev.a.end, al.a.end)),
                    Span(prev.b.doc, min(prev.b.start, al.b.start), max(prev.b.end, al.b.end)),
                    max(prev.similarity, al.similarity),
                    tuple(sorted(set(prev.shared) | set(al.shared))),
                )
                break
        else:
            merged.append(al)
    return merged


@dataclass
class _Fragment:
    """Sentence ranges `[i0, i1]` of `a` and `[j0, j1]` of `b` held together by seeds."""

    i0: int
    i1: int
    j0: int
    j1: int
    seeds: int = 1


def _group_seeds(seeds: Sequence[tuple[int, int]], max_gap: int) -> list[_Fragment]:
    """Group similar-sentence pairs that lie within `max_gap` sentences of each other in both
    documents: the order may change (shuffled or summarised text), the neighbourhood not."""
    fragments: list[_Fragment] = []
    for i, j in sorted(seeds):
        for fragment in reversed(fragments):
            if i - fragment.i1 > max_gap:
                continue
            if fragment.j0 - max_gap <= j <= fragment.j1 + max_gap:
                fragment.i1 = max(fragment.i1, i)
                fragment.j0, fragment.j1 = min(fragment.j0, j), max(fragment.j1, j)
                fragment.seeds += 1
                break
        else:
            fragments.append(_Fragment(i, i, j, j))
    return fragments


def _shared_content_words(
    a: PreparedDocument, b: PreparedDocument, words_a: range, words_b: range
) -> set[str]:
    """Stemmed content words both ranges hold, leaving out names (capitalised mid-sentence)."""
    in_b = {stem(w) for w in b.tokens.words[words_b.start : words_b.stop] if is_informative(w)}
    return {
        stem(a.tokens.words[k])
        for k in words_a
        if is_informative(a.tokens.words[k]) and not _is_name_like(a, k)
    } & in_b


def _covered_seed(
    span_a: tuple[int, int], span_b: tuple[int, int], precise: Sequence[Alignment]
) -> bool:
    """Whether sentence `span_a` of `a` or `span_b` of `b` overlaps a near-verbatim alignment:
    that sentence's counterpart is known, so its other similar sentences echo a repetition."""
    return any(
        (al.a.start < span_a[1] and span_a[0] < al.a.end)
        or (al.b.start < span_b[1] and span_b[0] < al.b.end)
        for al in precise
    )


def _sentence_rows(sentences: SentenceTerms, span: Span) -> range:
    """Indices of the comparable sentences that `span` touches."""
    starts = [s for s, _ in sentences.spans]
    first = max(0, bisect_left(starts, span.start) - 1)
    if first < len(sentences) and sentences.spans[first][1] <= span.start:
        first += 1
    return range(first, bisect_left(starts, span.end))


def _near(x: range, y: range, gap: int) -> bool:
    """Whether two runs of sentences are within `gap` sentences of each other."""
    return x.start <= y.stop - 1 + gap and y.start <= x.stop - 1 + gap


def align_by_sentences(
    a: PreparedDocument,
    b: PreparedDocument,
    params: Params,
    precise: Sequence[Alignment] = (),
    similar: Sequence[tuple[int, int]] | None = None,
) -> list[Alignment]:
    """Passages whose sentences share weighted content words, in any order: the evidence
    left when reuse is reworded, shuffled or translated back and forth.

    Sentences already inside a `precise` (near-verbatim) word-level alignment seed nothing:
    that passage is known exactly, and its neighbours must stand on their own evidence.
    `similar`, when given, is the pair's `similar_sentences` computed by the caller.
    """
    sentences_a = a.comparable(params.sentence_max_words)
    sentences_b = b.comparable(params.sentence_max_words)
    if not len(sentences_a) or not len(sentences_b):
        return []
    if similar is None:
        similar = _similar(sentences_a, sentences_b, params)
    spans_a, spans_b = sentences_a.spans, sentences_b.spans
    seeds = [(i, j) for i, j in similar if not _covered_seed(spans_a[i], spans_b[j], precise)]
    if not seeds:
        return []
    vectors = vectorise(sentences_a, sentences_b)
    # A lone similar sentence next to an exact passage extends it: it counts as a second seed.
    anchors = [
        (_sentence_rows(sentences_a, al.a), _sentence_rows(sentences_b, al.b)) for al in precise
    ]
    found = []
    for fragment in _group_seeds(seeds, params.sentence_max_gap):
        if params.shared_edge_cosine > 0:
            _trim_shared_edges(vectors, fragment, seeds, params.shared_edge_cosine)
        rows_a, rows_b = range(fragment.i0, fragment.i1 + 1), range(fragment.j0, fragment.j1 + 1)
        cosine = fragment_cosine(vectors, rows_a, rows_b)
        # A fragment with one sentence on either side is one sentence reworded, however many
        # sentences of the other side echo it.
        several = fragment.i1 > fragment.i0 and fragment.j1 > fragment.j0
        supported = several or any(
            _near(rows_a, r_a, params.sentence_max_gap)
            and _near(rows_b, r_b, params.sentence_max_gap)
            for r_a, r_b in anchors
        )
        needed = params.fragment_min_cosine if supported else params.sentence_alone_cosine
        if cosine < needed:
            continue
        if params.sentence_edge_similarity > 0:
            _extend_edges(vectors, fragment, params.sentence_edge_similarity)
        alignment = _fragment_alignment(a, b, fragment, params)
        if alignment is not None and not _short_and_loose(alignment, params):
            found.append(alignment)
    return found


def _similar(a: SentenceTerms, b: SentenceTerms, params: Params) -> list[tuple[int, int]]:
    """The sentence pairs similar enough to seed a passage (`similar_sentences`)."""
    vectors = vectorise(a, b)
    return similar_sentences(vectors, params.sentence_min_cosine, params.sentence_min_dice)


def _short_and_loose(alignment: Alignment, params: Params) -> bool:
    """Whether a passage found sentence by sentence is too short for its few words in order
    to tell reuse from two statements of one fact."""
    return (
        min(alignment.a.length, alignment.b.length) < params.short_reworded_chars
        and alignment.similarity < params.short_reworded_similarity
    )


def _trim_shared_edges(
    vectors: SentenceVectors, fragment: _Fragment, seeds: Sequence[tuple[int, int]], minimum: float
) -> None:
    """Narrow `fragment` past edge sentences whose only partners are paired inside it
    already, at a cosine under `minimum`: a reworded sentence mixes words of its neighbours,
    and a weak second partner at the edge is the text before or after the passage."""
    inside = [
        (i, j)
        for i, j in seeds
        if fragment.i0 <= i <= fragment.i1 and fragment.j0 <= j <= fragment.j1
    ]
    while len(inside) > 1:
        dropped = []
        for side, edge in ((0, fragment.i0), (0, fragment.i1), (1, fragment.j0), (1, fragment.j1)):
            at_edge = [seed for seed in inside if seed[side] == edge]
            if all(
                _pair_similarity(vectors, i, j)[0] < minimum
                and any(
                    other[1 - side] == (i, j)[1 - side] and other[side] != edge for other in inside
                )
                for i, j in at_edge
            ):
                dropped = at_edge
                break
        if not dropped or len(dropped) == len(inside):
            return
        inside = [seed for seed in inside if seed not in dropped]
        fragment.i0, fragment.i1 = min(i for i, _ in inside), max(i for i, _ in inside)
        fragment.j0, fragment.j1 = min(j for _, j in inside), max(j for _, j in inside)


def _extend_edges(vectors: SentenceVectors, fragment: _Fragment, minimum: float) -> None:
    """Widen `fragment` over the sentence pairs just before and after it, one step on both
    sides at a time, while each pair is similar enough: reworded text keeps its order, and
    its edge sentences are reworded as much as the rest but seeded nothing. A pair counts
    when its cosine and its Dice overlap both reach `minimum`."""
    n_a, n_b = len(vectors.sizes_a), len(vectors.sizes_b)
    while (
        fragment.i0 > 0
        and fragment.j0 > 0
        and _edge_holds(vectors, fragment.i0 - 1, fragment.j0 - 1, minimum)
    ):
        fragment.i0 -= 1
        fragment.j0 -= 1
    while (
        fragment.i1 + 1 < n_a
        and fragment.j1 + 1 < n_b
        and _edge_holds(vectors, fragment.i1 + 1, fragment.j1 + 1, minimum)
    ):
        fragment.i1 += 1
        fragment.j1 += 1


def _edge_holds(vectors: SentenceVectors, i: int, j: int, minimum: float) -> bool:
    cosine, dice = _pair_similarity(vectors, i, j)
    return cosine >= minimum and dice >= minimum


def _pair_similarity(vectors: SentenceVectors, i: int, j: int) -> tuple[float, float]:
    """tf-idf cosine and Dice overlap of sentence `i` of side a and sentence `j` of side b."""
    in_a = vectors.rows_a == i
    in_b = vectors.rows_b == j
    weights = dict(
        zip(vectors.columns_a[in_a].tolist(), vectors.weights_a[in_a].tolist(), strict=True)
    )
    cosine, shared = 0.0, 0
    for column, weight in zip(
        vectors.columns_b[in_b].tolist(), vectors.weights_b[in_b].tolist(), strict=True
    ):
        if column in weights:
            cosine += weights[column] * weight
            shared += 1
    sizes = int(vectors.sizes_a[i] + vectors.sizes_b[j])
    return cosine, 2 * shared / max(sizes, 1)


def _fragment_alignment(
    a: PreparedDocument, b: PreparedDocument, fragment: _Fragment, params: Params
) -> Alignment | None:
    """The passage a fragment of similar sentences covers, whole sentences on both sides;
    None when it is too short, mostly furniture, or shares too few content words."""
    sentences_a = a.comparable(params.sentence_max_words)
    sentences_b = b.comparable(params.sentence_max_words)
    wa0, wa1 = sentences_a.words[fragment.i0][0], sentences_a.words[fragment.i1][1]
    wb0, wb1 = sentences_b.words[fragment.j0][0], sentences_b.words[fragment.j1][1]
    shared_words = _shared_content_words(a, b, range(wa0, wa1), range(wb0, wb1))
    if len(shared_words) < params.min_informative_words:
        return None
    span_a = Span(
        a.document.id, sentences_a.spans[fragment.i0][0], sentences_a.spans[fragment.i1][1]
    )
    span_b = Span(
        b.document.id, sentences_b.spans[fragment.j0][0], sentences_b.spans[fragment.j1][1]
    )
    if min(span_a.length, span_b.length) < params.min_chars:
        return None
    if _mostly_boilerplate(span_a, a.boilerplate) or _mostly_boilerplate(span_b, b.boilerplate):
        return None
    return _word_alignment(a, b, (wa0, wa1), (wb0, wb1), span_a, span_b)


def align_summaries(
    a: PreparedDocument,
    b: PreparedDocument,
    params: Params,
    similar: Sequence[tuple[int, int]] | None = None,
) -> list[Alignment]:
    """Passages of `a` summarised in `b`, or [] when the two do not look like text and its
    summary (the PAN 2014 winner's second pass, after Sanchez-Perez et al.).

    A summary keeps a few sentences of a long passage, far apart: similar sentences are
    grouped across `summary_max_gap` sentences, and the grouping counts only if the passages
    in `a` are, in all, `summary_ratio` times longer than in `b`. Only `b` may be the summary
    (`echoes align SOURCE SUSPICIOUS`: the suspicious text summarises the source): taking
    either side let a long document that merely shares a topic pass for the text of a short
    one (a negative PAN pair reported as a 32,000-character summary).
    """
    sentences_a = a.comparable(params.sentence_max_words)
    sentences_b = b.comparable(params.sentence_max_words)
    if params.summary_max_gap <= 0 or not len(sentences_a) or not len(sentences_b):
        return []
    seeds = _similar(sentences_a, sentences_b, params) if similar is None else similar
    if not seeds:
        return []
    vectors = vectorise(sentences_a, sentences_b)
    found = []
    for fragment in _group_seeds(seeds, params.summary_max_gap):
        rows_a, rows_b = range(fragment.i0, fragment.i1 + 1), range(fragment.j0, fragment.j1 + 1)
        if fragment_cosine(vectors, rows_a, rows_b) < params.fragment_min_cosine:
            continue
        alignment = _fragment_alignment(a, b, fragment, params)
        if alignment is not None:
            found.append(alignment)
    total_a = sum(al.a.length for al in found)
    total_b = sum(al.b.length for al in found)
    if not found or total_a < params.summary_ratio * total_b:
        return []
    # One text and its summary: one passage on each side, from the first similar sentence to
    # the last; and a summary of much of a document is a summary of the whole document.
    span_a = _whole_document(
        a, _covering(a, [al.a for al in found]), params.summary_document_fraction
    )
    span_b = _covering(b, [al.b for al in found])
    words_a = (bisect_left(a.tokens.starts, span_a.start), bisect_left(a.tokens.starts, span_a.end))
    words_b = (bisect_left(b.tokens.starts, span_b.start), bisect_left(b.tokens.starts, span_b.end))
    # The similar sentences may lie far apart in `b`, with unrelated text between them: the
    # passages they span must keep the summary's ratio too.
    if span_a.length < params.summary_ratio * span_b.length:
        return []
    return [_word_alignment(a, b, words_a, words_b, span_a, span_b)]


def _covered_length(spans: Sequence[Span], within: Span) -> int:
    """Characters of `within` covered by at least one of `spans`."""
    total, reach = 0, within.start
    for span in sorted(spans, key=lambda s: s.start):
        start, end = max(span.start, reach), min(span.end, within.end)
        if end > start:
            total += end - start
            reach = end
    return total


def _covering(prepared: PreparedDocument, spans: Sequence[Span]) -> Span:
    return Span(prepared.document.id, min(s.start for s in spans), max(s.end for s in spans))


def _whole_document(prepared: PreparedDocument, span: Span, fraction: float) -> Span:
    """`span`, or all of the document's sentences when it covers `fraction` of them."""
    first, last = prepared.sentences.spans[0][0], prepared.sentences.spans[-1][1]
    if span.length >= fraction * (last - first):
        return Span(span.doc, min(span.start, first), max(span.end, last))
    return span


def _word_alignment(
    a: PreparedDocument,
    b: PreparedDocument,
    words_a: tuple[int, int],
    words_b: tuple[int, int],
    span_a: Span,
    span_b: Span,
) -> Alignment:
    """The alignment of two passages already known to be reuse: similarity and shared runs
    come from their word-level alignment, whatever found them."""
    region_a = a.tokens.words[words_a[0] : words_a[1]]
    region_b = b.tokens.words[words_b[0] : words_b[1]]
    similarity = round(Indel.normalized_similarity(region_a, region_b) * 100, 1)
    ta, tb = a.tokens, b.tokens
    shared: list[SharedRun] = [
        (
            ta.starts[words_a[0] + ba],
            ta.ends[words_a[0] + ba + size - 1],
            tb.starts[words_b[0] + bb],
            tb.ends[words_b[0] + bb + size - 1],
        )
        for ba, bb, size in _aligned_blocks(region_a, region_b)
        if size >= 2 or is_informative(region_a[ba])
    ]
    return Alignment(span_a, span_b, similarity, tuple(shared))


def _absorb(by_words: list[Alignment], by_sentences: list[Alignment]) -> list[Alignment]:
    """Join each sentence-level passage with the word-level passages it overlaps on both sides
    into one passage covering both; word-level passages elsewhere stay as they are."""
    result: list[Alignment] = []
    used: set[int] = set()
    for passage in by_sentences:
        inside = [
            k
            for k, al in enumerate(by_words)
            if al.a.overlap(passage.a) and al.b.overlap(passage.b)
        ]
        if not inside:
            result.append(passage)
            continue
        used.update(inside)
        members = [by_words[k] for k in inside]
        span_a = Span(
            passage.a.doc,
            min(passage.a.start, *(m.a.start for m in members)),
            max(passage.a.end, *(m.a.end for m in members)),
        )
        span_b = Span(
            passage.b.doc,
            min(passage.b.start, *(m.b.start for m in members)),
            max(passage.b.end, *(m.b.end for m in members)),
        )
        shared = sorted({run for m in members for run in m.shared} | set(passage.shared))
        similarity = max(passage.similarity, *(m.similarity for m in members))
        result.append(Alignment(span_a, span_b, similarity, tuple(shared)))
    result.extend(al for k, al in enumerate(by_words) if k not in used)
    return result


def _evidence(alignment: Alignment) -> int:
    """Characters the two passages share verbatim, on both sides."""
    return sum(a1 - a0 + b1 - b0 for a0, a1, b0, b1 in alignment.shared)


def drop_overlapping(alignments: Sequence[Alignment], trim_to: int = 0) -> list[Alignment]:
    """Keep, of alignments that overlap on either side, the one with the most shared text.

    A passage copied once is one echo: when the other document repeats itself (a paragraph
    twice, a list of near-identical lines), the weaker off-diagonal matches are echoes of the
    repetition, not further copies. With `trim_to` above 0 a weaker alignment keeps instead
    its shared runs clear of the stronger ones, when they still span `trim_to` characters on
    both sides: two neighbouring passages whose edges overlap are both reuse. Result in
    reading order of `a`.
    """
    kept: list[Alignment] = []
    for alignment in sorted(alignments, key=lambda al: (-_evidence(al), al.a.start, al.b.start)):
        if any(alignment.a.overlap(k.a) or alignment.b.overlap(k.b) for k in kept):
            rest = _clear_of(alignment, kept, trim_to) if trim_to > 0 else None
            if rest is None:
                continue
            alignment = rest
        kept.append(alignment)
    return sorted(kept, key=lambda al: (al.a.start, al.b.start))


def _clear_of(alignment: Alignment, kept: Sequence[Alignment], minimum: int) -> Alignment | None:
    """`alignment` cut down to its shared runs outside every kept passage, on both sides;
    None when what is left overlaps one still or spans under `minimum` characters."""
    runs = tuple(
        run
        for run in alignment.shared
        if not any(run[0] < k.a.end and k.a.start < run[1] for k in kept)
        and not any(run[2] < k.b.end and k.b.start < run[3] for k in kept)
    )
    if not runs:
        return None
    a = Span(alignment.a.doc, min(r[0] for r in runs), max(r[1] for r in runs))
    b = Span(alignment.b.doc, min(r[2] for r in runs), max(r[3] for r in runs))
    if min(a.length, b.length) < minimum or any(a.overlap(k.a) or b.overlap(k.b) for k in kept):
        return None
    return Alignment(a, b, alignment.similarity, runs)
