"""Candidate pairs that cannot hold a passage, set aside before alignment.

Most candidate pairs of a large corpus share a stock phrase or two and nothing else (three in
four on all of Reuters), and aligning them one by one in Python took a third of the align
stage to find nothing. A passage needs `min_chars` characters of matched words on each side
(`quote_min_chars` for a quotation: `Params.shortest_passage`),
and a word can only match a word inside the other side's window, so a bound computed for all
pairs at once, in arrays, finds the pairs whose every chain of seeds must fall short.

It is a bound, never a different answer: a pair is set aside only when `align_pair` would
return nothing for it. The argument, step by step:

- Seeds more than `max_gap_words + shingle_words` apart in the first document never chain,
  and the regions on either side of such a gap never merge (`chain_seeds`, `merge_regions`),
  so each run of closer seeds (a *group*) holds whole regions, and a region's window lies
  inside its group's window: the group's seeds widened by `edge_words`, as `align_region`
  widens a region's.
- A region with fewer than `min_seeds` seeds is never aligned, so neither is a group with
  fewer.
- Aligned words are equal words, so every matched word of one side's window occurs in the
  other side's window. The seeds' own words do; inside the group's seeds every word may
  match, so only the `edge_words` words beyond them on each end can move the bound. A passage
  spans at most from the first to the last word that may match, on each side; below
  `min_chars` on either side, no region of the group can become a passage.
- A pair whose every group falls short finds no passage by its shingles; with fewer than
  `sentence_min_seeds` seeds it has no sentence pass either (`wants_sentences`), and a pair
  of a document with itself is always kept (its windows are cut differently).
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np
import numpy.typing as npt

from tui.engine.candidates import CandidatePairs
from tui.engine.tokens import Tokens
from tui.params import Params

Ints = npt.NDArray[np.int64]
Int32s = npt.NDArray[np.int32]
Bools = npt.NDArray[np.bool_]

# Groups per block of the membership test, and the widest window it looks into: a block
# compares `_BLOCK` groups' edge words with up to `_WIDEST` window words each (a few MB).
# A group with a wider window (a long chain of seeds, rare) is kept untested.
_BLOCK = 16384
_WIDEST = 64


@dataclass(frozen=True)
class CorpusWords:
    """Every document's word codes (see `fingerprint.word_codes`) and their character
    offsets, end to end: document d's words are `first[d]` to `first[d + 1]`.
    `quoted_before[k]` counts the quoted words (`quotes.quoted_words`) before word `k`.

    Offsets and counts are 32-bit, as in prepared chunks (article files over 20 MiB are
    skipped; a corpus of 2^31 words would not fit in memory first): with 64-bit codes, 20
    bytes a word instead of 32, and these arrays are alive at the candidate stage's peak."""

    codes: Ints
    starts: Int32s
    ends: Int32s
    first: Ints
    quoted_before: Int32s


def corpus_words(
    codes: Sequence[Ints], tokens: Sequence[Tokens], quoted: Sequence[bytes] | None = None
) -> CorpusWords:
    """The corpus's words in one set of arrays, from each document's codes, tokens and
    quoted words (none quoted when not given)."""
    lengths = np.fromiter((len(c) for c in codes), dtype=np.int64, count=len(codes))
    first = np.zeros(len(codes) + 1, dtype=np.int64)
    np.cumsum(lengths, out=first[1:])

    def joined(columns: Sequence[Sequence[int]]) -> Int32s:
        arrays = [c for c in columns if isinstance(c, array) and c.typecode == "i"]
        if len(arrays) == len(columns):
            # A scan's offsets are `array.array`s: joined as bytes, not number by number.
            return np.frombuffer(b"".join(arrays), dtype=np.intc).astype(np.int32)
        total = sum(len(c) for c in columns)
        return np.fromiter(chain.from_iterable(columns), dtype=np.int32, count=total)

    return CorpusWords(
        codes=np.concatenate(codes) if len(codes) else np.zeros(0, dtype=np.int64),
        starts=joined([t.starts for t in tokens]),
        ends=joined([t.ends for t in tokens]),
        first=first,
        quoted_before=_running_count(quoted, int(first[-1])),
    )


def _running_count(quoted: Sequence[bytes] | None, total: int) -> Int32s:
    """The number of quoted words before each word of the corpus (and after the last)."""
    counts = np.zeros(total + 1, dtype=np.int32)
    if quoted is not None and total:
        flags = np.frombuffer(b"".join(quoted), dtype=np.uint8)
        np.cumsum(flags, out=counts[1:])
    return counts


def without_hopeless(pairs: CandidatePairs, words: CorpusWords, params: Params) -> CandidatePairs:
    """`pairs` without those that cannot hold a passage (see the module's docstring)."""
    hopeless = hopeless_pairs(pairs, words, params)
    return pairs.subset(~hopeless) if hopeless.any() else pairs


def hopeless_pairs(pairs: CandidatePairs, words: CorpusWords, params: Params) -> Bools:
    """Which pairs `align_pair` would find nothing in, by the bound above."""
    counts = np.diff(pairs.bounds)
    eligible: Bools = (pairs.doc_a != pairs.doc_b) & (counts < params.sentence_min_seeds)
    seed_pair = np.repeat(np.arange(len(pairs), dtype=np.int64), counts)
    chosen = eligible[seed_pair]
    if not chosen.any():
        return eligible
    seed_pair = seed_pair[chosen]
    seeds_a = pairs.seeds_a[chosen].astype(np.int64)
    seeds_b = pairs.seeds_b[chosen].astype(np.int64)

    # Groups: runs of a pair's seeds (sorted by position in a) closer than a chain's reach.
    reach = params.max_gap_words + params.shingle_words
    new_group = np.ones(len(seeds_a), dtype=bool)
    new_group[1:] = (seed_pair[1:] != seed_pair[:-1]) | (seeds_a[1:] - seeds_a[:-1] > reach)
    starts = np.flatnonzero(new_group)
    sizes = np.diff(np.append(starts, len(seeds_a)))
    low_b, high_b = np.minimum.reduceat(seeds_b, starts), np.maximum.reduceat(seeds_b, starts)
    enough = sizes >= params.min_seeds
    starts, sizes, low_b, high_b = starts[enough], sizes[enough], low_b[enough], high_b[enough]
    group_pair = seed_pair[starts]
    shingle, edge = params.shingle_words, params.edge_words
    last_a = seeds_a[starts + sizes - 1] + shingle
    side_a = _Side(words, pairs.doc_a[group_pair], seeds_a[starts], last_a, edge)
    side_b = _Side(words, pairs.doc_b[group_pair], low_b, high_b + shingle, edge)
    holding = np.zeros(len(pairs), dtype=bool)
    # A passage under min_chars must be mostly quoted on one side: only a group whose window
    # holds a quoted word may be as short as a quotation may be.
    quoted = (side_a.quoted_in_window(words) > 0) | (side_b.quoted_in_window(words) > 0)
    needed = np.where(quoted, params.shortest_passage(), params.min_chars)
    holding[group_pair[_may_hold(side_a, side_b, words.codes, needed)]] = True
    hopeless: Bools = eligible & ~holding
    return hopeless


class _Side:
    """One side of every group, in corpus-wide word positions: the seeds' words, `low` to
    `end` (one past the last), and the window `edge` words wider each way, in the document."""

    def __init__(
        self, words: CorpusWords, documents: npt.NDArray[np.int32], low: Ints, end: Ints, edge: int
    ) -> None:
        first = words.first[documents]
        self.starts, self.ends = words.starts, words.ends
        self.low = first + low
        self.end = first + end
        self.edge = edge
        self.window_start = np.maximum(self.low - edge, first)
        self.window_stop = np.minimum(self.end + edge, words.first[documents + 1])

    def quoted_in_window(self, words: CorpusWords) -> Int32s:
        """How many quoted words each group's window holds."""
        counted: Int32s = (
            words.quoted_before[self.window_stop] - words.quoted_before[self.window_start]
        )
        return counted

    def chars(self, first_word: Ints, last_word: Ints) -> Int32s:
        """Characters from the start of each `first_word` to the end of each `last_word`."""
        spanned: Int32s = self.ends[last_word] - self.starts[first_word]
        return spanned

    def edge_words(self, rows: Ints) -> tuple[Ints, Bools]:
        """The window's words beyond the seeds of groups `rows`: `edge` columns before them,
        counted outwards, then `edge` after them, and which lie in the window."""
        steps = np.arange(1, self.edge + 1)
        before = self.low[rows, None] - steps
        after = self.end[rows, None] - 1 + steps
        positions = np.concatenate((before, after), axis=1)
        inside = np.concatenate(
            (before >= self.window_start[rows, None], after < self.window_stop[rows, None]),
            axis=1,
        )
        return positions, inside


def _may_hold(a: _Side, b: _Side, codes: Ints, min_chars: Ints) -> Bools:
    """Whether each group's seeds may still grow into a passage of its `min_chars` on both
    sides."""
    # The windows alone first (as `_window_can_hold`), and the seeds alone: only groups whose
    # window is long enough but whose seeds are not depend on the words around the seeds.
    may = (a.chars(a.window_start, a.window_stop - 1) >= min_chars) & (
        b.chars(b.window_start, b.window_stop - 1) >= min_chars
    )
    long_seeds = (a.chars(a.low, a.end - 1) >= min_chars) & (b.chars(b.low, b.end - 1) >= min_chars)
    width_a, width_b = a.window_stop - a.window_start, b.window_stop - b.window_start
    tested = np.flatnonzero(may & ~long_seeds & (width_a <= _WIDEST) & (width_b <= _WIDEST))
    # Side a, then side b for the groups a leaves standing.
    for side, other, other_width in ((a, b, width_b), (b, a, width_a)):
        positions, inside = side.edge_words(tested)
        present = _present(
            codes, positions, inside, other.window_start[tested], other_width[tested]
        )
        # The farthest edge word that may match, before and after the seeds (0: none).
        edge = side.edge
        steps = np.arange(1, edge + 1)
        before = (present[:, :edge] * steps).max(axis=1, initial=0)
        after = (present[:, edge:] * steps).max(axis=1, initial=0)
        spanned = side.chars(side.low[tested] - before, side.end[tested] - 1 + after)
        short = spanned < min_chars[tested]
        may[tested[short]] = False
        tested = tested[~short]
    return may


def _present(
    codes: Ints, positions: Ints, inside: Bools, window_start: Ints, window_width: Ints
) -> Bools:
    """Which words at `positions` (where `inside`) occur among the `window_width` words from
    `window_start` of the same row, in blocks of rows of similar width (little padding)."""
    present = np.zeros(positions.shape, dtype=bool)
    order = np.argsort(window_width, kind="stable")
    for block in range(0, len(order), _BLOCK):
        rows = order[block : block + _BLOCK]
        columns = np.arange(int(window_width[rows[-1]]))
        in_window = columns[None, :] < window_width[rows, None]
        window = codes[np.where(in_window, window_start[rows, None] + columns, 0)]
        words = codes[np.where(inside[rows], positions[rows], 0)]
        equal = (words[:, :, None] == window[:, None, :]) & in_window[:, None, :]
        present[rows] = equal.any(axis=2) & inside[rows]
    return present
