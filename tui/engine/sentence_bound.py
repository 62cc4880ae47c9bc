"""A bound in front of the sentence passes: which sentences of a document pair can change what
the passes find, so that the pair's sentences are compared only where they can.

`align.finish.finish_pair` reads a pair's similar sentences (`similarity.similar_sentences`)
in two places:
- the summary pass (`align.summary.align_summaries`) reads every similar pair, when it runs:
  with `summary_max_gap` above 0, unless a near-verbatim passage (`precise_similarity`) of
  `summary_verbatim_chars` joins the two documents;
- the reworded pass (`align.reworded.align_by_sentences`) runs unless a passage of that
  length is copied (`copy_similarity`, after `drop_echoes`), and takes as seeds only
  the similar pairs of which neither sentence overlaps a precise alignment (after
  `drop_echoes`): a pair touching one is never a seed, whatever its similarity.
So when the summary pass does not run, a sentence overlapping a precise alignment changes
nothing by its similarity, and its pairs need not be compared; when every sentence of one
side overlaps one, or the reworded pass does not run either, the pair's sentences need no
comparison at all. It is a bound, not a guess: the passes find the same passages from the
comparisons left (a property test holds `finish_pair` to it on real and made-up pairs).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tui.engine.align.finish import drop_echoes
from tui.engine.prepare import PreparedDocument
from tui.engine.sentences import SentenceTerms
from tui.model import Alignment, Span
from tui.params import Params

Bools = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class SentencesToCompare:
    """The comparable sentences (`PreparedDocument.comparable`) of each side whose pairs must
    be compared: a mask per side, or None for all of them."""

    rows_a: Bools | None
    rows_b: Bools | None


EVERY_SENTENCE = SentencesToCompare(None, None)


def _long(alignment: Alignment, similarity: float, params: Params) -> bool:
    shorter = min(alignment.a.length, alignment.b.length)
    return alignment.similarity >= similarity and shorter >= params.summary_verbatim_chars


def sentences_to_compare(
    a: PreparedDocument, b: PreparedDocument, alignments: Sequence[Alignment], params: Params
) -> SentencesToCompare | None:
    """The sentences of `a` and `b` whose pairs can seed a sentence-level passage, given the
    pair's shingle passages `alignments`; None when no comparison can change the result."""
    verbatim = any(_long(al, params.precise_similarity, params) for al in alignments)
    if params.summary_max_gap > 0 and not verbatim:
        return EVERY_SENTENCE  # the summary pass reads every similar pair
    kept = drop_echoes(a, b, alignments, params.min_chars)
    if params.copy_similarity > 0 and any(_long(al, params.copy_similarity, params) for al in kept):
        return None  # no reworded pass
    precise = [al for al in kept if al.similarity >= params.precise_similarity]
    if not precise:
        return EVERY_SENTENCE
    rows_a = _outside(a.comparable, [al.a for al in precise])
    rows_b = _outside(b.comparable, [al.b for al in precise])
    if not rows_a.any() or not rows_b.any():
        return None
    return SentencesToCompare(rows_a, rows_b)


def _outside(sentences: SentenceTerms, spans: Sequence[Span]) -> Bools:
    """Which sentences overlap none of `spans` (`reworded._covered_seed`'s test, one side).
    Sentences follow one another without overlapping, so those a span overlaps are a run:
    from the first ending after it starts to the last starting before it ends."""
    starts = [start for start, _ in sentences.spans]
    ends = [end for _, end in sentences.spans]
    outside = np.ones(len(starts), dtype=bool)
    for span in spans:
        outside[bisect_right(ends, span.start) : bisect_left(starts, span.end)] = False
    return outside
