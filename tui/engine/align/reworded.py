"""The sentence pass: passages whose sentences share weighted content words, in any order, the
evidence left when reuse is reworded, shuffled or translated back and forth. Similar sentence
pairs seed fragments; a fragment is reuse when its two sides, each as one bag of words, are
close enough."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from tui.engine.align.evidence import is_name_like, mostly_furniture, word_alignment
from tui.engine.prepare import PreparedDocument
from tui.engine.sentences import SentenceTerms, stem
from tui.engine.similarity import (
    SentenceVectors,
    fragment_cosine,
    similar_sentences,
    vectorise,
)
from tui.engine.tokens import is_informative
from tui.model import Alignment, Span
from tui.params import Params


@dataclass
class Fragment:
    """Sentence ranges `[i0, i1]` of `a` and `[j0, j1]` of `b` held together by seeds."""

    i0: int
    i1: int
    j0: int
    j1: int
    seeds: int = 1


def group_seeds(seeds: Sequence[tuple[int, int]], max_gap: int) -> list[Fragment]:
    """Group similar-sentence pairs that lie within `max_gap` sentences of each other in both
    documents: the order may change (shuffled or summarised text), the neighbourhood not."""
    fragments: list[Fragment] = []
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
            fragments.append(Fragment(i, i, j, j))
    return fragments


def _shared_content_words(
    a: PreparedDocument, b: PreparedDocument, words_a: range, words_b: range
) -> set[str]:
    """Stemmed content words both ranges hold, leaving out names (capitalised mid-sentence)."""
    in_b = {stem(w) for w in b.tokens.words[words_b.start : words_b.stop] if is_informative(w)}
    return {
        stem(a.tokens.words[k])
        for k in words_a
        if is_informative(a.tokens.words[k]) and not is_name_like(a, k)
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
    sentences_a = a.comparable
    sentences_b = b.comparable
    if not len(sentences_a) or not len(sentences_b):
        return []
    if similar is None:
        similar = similar_pairs(sentences_a, sentences_b, params)
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
    for fragment in group_seeds(seeds, params.sentence_max_gap):
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
        alignment = fragment_alignment(a, b, fragment, params)
        if alignment is not None and not _short_and_loose(alignment, params):
            found.append(alignment)
    return found


def similar_pairs(a: SentenceTerms, b: SentenceTerms, params: Params) -> list[tuple[int, int]]:
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
    vectors: SentenceVectors, fragment: Fragment, seeds: Sequence[tuple[int, int]], minimum: float
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


def _extend_edges(vectors: SentenceVectors, fragment: Fragment, minimum: float) -> None:
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


def fragment_alignment(
    a: PreparedDocument, b: PreparedDocument, fragment: Fragment, params: Params
) -> Alignment | None:
    """The passage a fragment of similar sentences covers, whole sentences on both sides;
    None when it is too short, mostly furniture, or shares too few content words."""
    sentences_a = a.comparable
    sentences_b = b.comparable
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
    if mostly_furniture(span_a, a.boilerplate) or mostly_furniture(span_b, b.boilerplate):
        return None
    return word_alignment(a, b, (wa0, wa1), (wb0, wb1), span_a, span_b)
