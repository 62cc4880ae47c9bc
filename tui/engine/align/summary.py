"""The summary pass (the PAN 2014 winner's second pass, after Sanchez-Perez et al.): a long
passage of one document kept, sentence by sentence and far apart, in a much shorter one."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from tui.engine.align.evidence import word_alignment
from tui.engine.align.reworded import fragment_alignment, group_seeds, similar_pairs
from tui.engine.prepare import PreparedDocument
from tui.engine.similarity import fragment_cosine, vectorise
from tui.model import Alignment, Span
from tui.params import Params


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
    sentences_a = a.comparable
    sentences_b = b.comparable
    if params.summary_max_gap <= 0 or not len(sentences_a) or not len(sentences_b):
        return []
    seeds = similar_pairs(sentences_a, sentences_b, params) if similar is None else similar
    if not seeds:
        return []
    vectors = vectorise(sentences_a, sentences_b)
    found = []
    for fragment in group_seeds(seeds, params.summary_max_gap):
        rows_a, rows_b = range(fragment.i0, fragment.i1 + 1), range(fragment.j0, fragment.j1 + 1)
        if fragment_cosine(vectors, rows_a, rows_b) < params.fragment_min_cosine:
            continue
        alignment = fragment_alignment(a, b, fragment, params)
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
    return [word_alignment(a, b, words_a, words_b, span_a, span_b)]


def _covering(prepared: PreparedDocument, spans: Sequence[Span]) -> Span:
    return Span(prepared.document.id, min(s.start for s in spans), max(s.end for s in spans))


def _whole_document(prepared: PreparedDocument, span: Span, fraction: float) -> Span:
    """`span`, or all of the document's sentences when it covers `fraction` of them."""
    first, last = prepared.sentences.spans[0][0], prepared.sentences.spans[-1][1]
    if span.length >= fraction * (last - first):
        return Span(span.doc, min(span.start, first), max(span.end, last))
    return span
