"""Every reused passage between two documents: the shingle pass, then, where the pair has the
evidence for it, the sentence passes, then the finish."""

from __future__ import annotations

from collections.abc import Sequence

from tui.engine.align.finish import finish_pair
from tui.engine.align.regions import shingle_alignments
from tui.engine.prepare import PreparedDocument
from tui.model import Alignment
from tui.params import Params


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
