"""What the align passes share: evidence tests on words (names, furniture) and the word-level
alignment that gives a passage's similarity and shared runs, whatever found it."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz.distance import Indel

from tui.engine.prepare import PreparedDocument
from tui.engine.tokens import is_informative
from tui.model import Alignment, SharedRun, Span

_WORD_CHAR = re.compile(r"\w")


def is_name_like(prepared: PreparedDocument, word_index: int) -> bool:
    """A capitalised word that does not open its sentence: most likely part of a name."""
    text = prepared.document.text
    start = prepared.tokens.starts[word_index]
    if not text[start].isupper():
        return False
    sentence = prepared.segments.sentence_at(start)
    sentence_start = prepared.segments.sentences[sentence][0] if prepared.segments.sentences else 0
    return bool(_WORD_CHAR.search(text, sentence_start, start))


def mostly_furniture(span: Span, boilerplate: Sequence[Span]) -> bool:
    """Whether more than half of `span` is furniture of its document (`boilerplate`).
    `Span.overlap`, inline: this runs for every passage found, and nearly every article of
    a wire service ends in furniture (Reuters' sign-off)."""
    start, end = span.start, span.end
    covered = 0
    for furniture in boilerplate:
        if furniture.start < end and start < furniture.end:
            covered += min(end, furniture.end) - max(start, furniture.start)
    return covered * 2 > end - start


def aligned_blocks(words_a: Sequence[str], words_b: Sequence[str]) -> list[tuple[int, int, int]]:
    """Matching word blocks `(a, b, size)` of an optimal word-level alignment."""
    return [
        (block.a, block.b, block.size)
        for block in Indel.opcodes(words_a, words_b).as_matching_blocks()
        if block.size
    ]


def indel_similarity(length_a: int, length_b: int, shared_words: int) -> float:
    """`Indel.normalized_similarity` of two word sequences of these lengths whose longest
    common subsequence holds `shared_words` words: the same formula, the same float."""
    total = length_a + length_b
    return 1.0 - (total - 2 * shared_words) / total if total else 1.0


def word_alignment(
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
        for ba, bb, size in aligned_blocks(region_a, region_b)
        if size >= 2 or is_informative(region_a[ba])
    ]
    return Alignment(span_a, span_b, similarity, tuple(shared))
