"""Many document pairs aligned together: `align_pair` in two phases, so that the sentences of
every pair that wants them are compared in one set of array operations
(`similar_sentences_many`) instead of a few dozen small ones per pair. Same answer as
`align_pair` on each pair alone; any runner may cut its pairs into batches of any size."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from tui.engine.align.finish import finish_pair
from tui.engine.align.pair import wants_sentences
from tui.engine.align.regions import shingle_alignments
from tui.engine.prepare import PreparedDocument
from tui.engine.similarity import similar_sentences_many
from tui.model import Alignment
from tui.params import Params

# A pair to align: its two prepared documents and their seeds (positions of shared shingles).
SeededPair = tuple[PreparedDocument, PreparedDocument, Sequence[int], Sequence[int]]


def align_pairs(pairs: Iterable[SeededPair], params: Params) -> list[list[Alignment]]:
    """Every pair's alignments, one list per pair in the order given: each pair's shingle
    passages first, then the sentences of all pairs that want them compared at once, then
    each pair's finish. The documents of all pairs must share one term vocabulary."""
    firsts: list[tuple[PreparedDocument, PreparedDocument, list[Alignment], bool]] = []
    for a, b, seeds_a, seeds_b in pairs:
        found = shingle_alignments(a, b, seeds_a, seeds_b, params)
        firsts.append((a, b, found, wants_sentences(a, b, found, len(seeds_a), params)))
    similar = iter(
        similar_sentences_many(
            [(a.comparable, b.comparable) for a, b, _, wanted in firsts if wanted],
            params.sentence_min_cosine,
            params.sentence_min_dice,
        )
    )
    return [
        finish_pair(a, b, found, params, sentences=want, similar=next(similar) if want else None)
        for a, b, found, want in firsts
    ]
