"""Local alignment: from the seeds two documents share to aligned passages with shared runs.

The stage in its passes, one module each: `regions` (the shingle pass), `reworded` (the
sentence pass), `summary` (the summary pass), `finish` (joining, merging and trimming what the
passes found), `pair` (the passes composed for one document pair) and `batch` (many pairs at
once); `evidence` holds the word tests and the word-level alignment they share.
"""

from tui.engine.align.batch import SeededPair, align_pairs
from tui.engine.align.finish import drop_overlapping, finish_pair, merge_neighbours
from tui.engine.align.pair import align_pair, wants_sentences
from tui.engine.align.regions import shingle_alignments
from tui.engine.align.reworded import align_by_sentences
from tui.engine.align.summary import align_summaries

__all__ = [
    "SeededPair",
    "align_by_sentences",
    "align_pair",
    "align_pairs",
    "align_summaries",
    "drop_overlapping",
    "finish_pair",
    "merge_neighbours",
    "shingle_alignments",
    "wants_sentences",
]
