"""Finishing a pair: the sentence passes joined with the shingle pass's passages, neighbours
merged, echoes of a repetition dropped, and edges set, so each reused stretch between two
documents is reported once."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence

from tui.engine.align.reworded import align_by_sentences
from tui.engine.align.summary import align_summaries
from tui.engine.align.trust import loose_rewording, set_aside
from tui.engine.prepare import PreparedDocument
from tui.engine.tokens import Tokens
from tui.model import Alignment, SharedRun, Span
from tui.params import Params


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
        # Most pairs of a scan: nothing can overlap, so only trust and the closing
        # punctuation are left.
        return _finished(a, b, alignments, params) if alignments else []
    if sentences:
        # A long passage copied near verbatim is not a summary, whatever the lengths.
        verbatim = any(
            al.similarity >= params.precise_similarity
            and min(al.a.length, al.b.length) >= params.summary_verbatim_chars
            for al in alignments
        )
        summaries = [] if verbatim else align_summaries(a, b, params, similar)
        summaries = [al for al in summaries if not loose_rewording(al, params)]
        # Echoes of a repetition go first, so that they cannot join a true passage below.
        alignments = drop_echoes(a, b, alignments, params.min_chars)
        precise = [al for al in alignments if al.similarity >= params.precise_similarity]
        copied = params.copy_similarity > 0 and any(
            al.similarity >= params.copy_similarity
            and min(al.a.length, al.b.length) >= params.summary_verbatim_chars
            for al in alignments
        )
        reworded = [] if copied else align_by_sentences(a, b, params, precise, similar)
        reworded = [al for al in reworded if not loose_rewording(al, params)]
        alignments = _absorb(alignments, reworded)
        alignments = merge_neighbours(a, b, alignments, params.merge_gap_words)
        if summaries and not _explained(summaries[0], alignments, params.summary_explained):
            return _finished(a, b, summaries, params)
    kept = drop_overlapping(alignments, params.min_chars if params.trim_overlapping else 0)
    return _finished(a, b, kept, params)


def _finished(
    a: PreparedDocument, b: PreparedDocument, alignments: list[Alignment], params: Params
) -> list[Alignment]:
    """The pair's passages an editor would accept (`trust.set_aside`), their ends moved past
    closing punctuation where the settings ask for it."""
    trusted = [al for al in alignments if not set_aside(a, b, al, params)]
    return _closing_punctuation(a, b, trusted, params) if trusted else trusted


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


def _explained(summary: Alignment, alignments: Sequence[Alignment], fraction: float) -> bool:
    """Whether one passage found sentence by sentence already covers nearly all of the short
    side of a summary: then that side was reworded, not summarised, and the long side's
    surplus is neighbouring text. (Several passages covering it are a summary's pieces.)"""
    short_a = summary.a.length <= summary.b.length
    short = summary.a if short_a else summary.b
    return any(
        _covered_length([al.a if short_a else al.b], short) >= fraction * short.length
        for al in alignments
    )


def _covered_length(spans: Sequence[Span], within: Span) -> int:
    """Characters of `within` covered by at least one of `spans`."""
    total, reach = 0, within.start
    for span in sorted(spans, key=lambda s: s.start):
        start, end = max(span.start, reach), min(span.end, within.end)
        if end > start:
            total += end - start
            reach = end
    return total


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

    def rest_of(alignment: Alignment, kept: Sequence[Alignment]) -> Alignment | None:
        return _clear_of(alignment, kept, trim_to) if trim_to > 0 else None

    return _strongest_first(alignments, rest_of)


def drop_echoes(
    a: PreparedDocument, b: PreparedDocument, alignments: Sequence[Alignment], minimum: int
) -> list[Alignment]:
    """`drop_overlapping` before the sentence passes: of alignments that overlap, the one
    with the most shared text, and of each weaker one whose edge only touches a stronger
    one the words of its shared runs clear of it on both sides, when they still span
    `minimum` characters. A passage ending where the next copied paragraph starts, its last
    words repeated there, keeps the rest of its words; an echo of a repetition overlaps
    wholly on the side that holds one copy, or mostly, and is dropped."""

    def rest_of(alignment: Alignment, kept: Sequence[Alignment]) -> Alignment | None:
        rest = _words_clear_of(a, b, alignment, kept)
        if rest is None or min(rest.a.length, rest.b.length) < minimum:
            return None
        return rest if 2 * _evidence(rest) > _evidence(alignment) else None

    return _strongest_first(alignments, rest_of)


def _strongest_first(
    alignments: Sequence[Alignment],
    rest_of: Callable[[Alignment, Sequence[Alignment]], Alignment | None],
) -> list[Alignment]:
    """The alignments taken strongest first (most shared text): one overlapping a kept one
    on either side is replaced by `rest_of` it, or dropped when that is None. Result in
    reading order of `a`."""
    if len(alignments) < 2:
        return list(alignments)  # most pairs: one passage, nothing to weigh
    kept: list[Alignment] = []
    for alignment in sorted(alignments, key=lambda al: (-_evidence(al), al.a.start, al.b.start)):
        if any(alignment.a.overlap(k.a) or alignment.b.overlap(k.b) for k in kept):
            rest = rest_of(alignment, kept)
            if rest is None:
                continue
            alignment = rest
        kept.append(alignment)
    return sorted(kept, key=lambda al: (al.a.start, al.b.start))


def _words_clear_of(
    a: PreparedDocument, b: PreparedDocument, alignment: Alignment, kept: Sequence[Alignment]
) -> Alignment | None:
    """`alignment` with the words of its shared runs that lie in a kept passage on either
    side taken out (a run is the same words on both sides, so its k-th word in `a` is its
    k-th in `b`); None when nothing is left clear or what is left overlaps one still."""

    def inside(start: int, end: int, spans: Sequence[Span]) -> bool:
        return any(start < span.end and span.start < end for span in spans)

    spans_a, spans_b = [k.a for k in kept], [k.b for k in kept]
    runs: list[SharedRun] = []
    for a0, a1, b0, b1 in alignment.shared:
        words_a = range(bisect_left(a.tokens.starts, a0), bisect_left(a.tokens.starts, a1))
        words_b = range(bisect_left(b.tokens.starts, b0), bisect_left(b.tokens.starts, b1))
        if len(words_a) != len(words_b):
            if not (inside(a0, a1, spans_a) or inside(b0, b1, spans_b)):
                runs.append((a0, a1, b0, b1))
            continue
        clear = [
            not inside(a.tokens.starts[i], a.tokens.ends[i], spans_a)
            and not inside(b.tokens.starts[j], b.tokens.ends[j], spans_b)
            for i, j in zip(words_a, words_b, strict=True)
        ]
        k = 0
        while k < len(clear):
            if not clear[k]:
                k += 1
                continue
            first = k
            while k < len(clear) and clear[k]:
                k += 1
            i0, i1, j0, j1 = words_a[first], words_a[k - 1], words_b[first], words_b[k - 1]
            runs.append(
                (
                    max(a0, a.tokens.starts[i0]),
                    min(a1, a.tokens.ends[i1]),
                    max(b0, b.tokens.starts[j0]),
                    min(b1, b.tokens.ends[j1]),
                )
            )
    if not runs:
        return None
    span_a = Span(alignment.a.doc, min(r[0] for r in runs), max(r[1] for r in runs))
    span_b = Span(alignment.b.doc, min(r[2] for r in runs), max(r[3] for r in runs))
    if any(span_a.overlap(k.a) or span_b.overlap(k.b) for k in kept):
        return None
    return Alignment(span_a, span_b, alignment.similarity, tuple(runs))


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
