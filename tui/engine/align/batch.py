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
from tui.engine.sentence_bound import SentencesToCompare, sentences_to_compare
from tui.engine.similarity import similar_sentences_many
from tui.model import Alignment
from tui.params import Params

# A pair to align: its two prepared documents and their seeds (positions of shared shingles).
SeededPair = tuple[PreparedDocument, PreparedDocument, Sequence[int], Sequence[int]]


def align_pairs(pairs: Iterable[SeededPair], params: Params) -> list[list[Alignment]]:
    """Every pair's alignments, one list per pair in the order given: each pair's shingle
    passages first, then the sentences of all pairs that want them compared at once (only
    those whose comparison can change the result, `sentences_to_compare`), then each pair's
    finish. The documents of all pairs must share one term vocabulary."""
    firsts: list[_FirstPhase] = []
    for a, b, seeds_a, seeds_b in pairs:
        found = shingle_alignments(a, b, seeds_a, seeds_b, params)
        wanted = wants_sentences(a, b, found, len(seeds_a), params)
        compared = sentences_to_compare(a, b, found, params) if wanted else None
        firsts.append((a, b, found, wanted, compared))
    to_compare = [(a, b, rows) for a, b, _, _, rows in firsts if rows is not None]
    similar = iter(
        similar_sentences_many(
            [(a.comparable, b.comparable) for a, b, _ in to_compare],
            params.sentence_min_cosine,
            params.sentence_min_dice,
            [(rows.rows_a, rows.rows_b) for _, _, rows in to_compare],
        )
    )
    return [
        finish_pair(
            a,
            b,
            found,
            params,
            sentences=wanted,
            # a pair whose comparisons cannot change its passages is finished with none
            similar=(next(similar) if compared is not None else []) if wanted else None,
        )
        for a, b, found, wanted, compared in firsts
    ]


# One pair after its shingle pass: documents, passages, whether it wants the sentence passes,
# and which of its sentences to compare (None: none can change the result).
_FirstPhase = tuple[
    PreparedDocument, PreparedDocument, list[Alignment], bool, SentencesToCompare | None
]
