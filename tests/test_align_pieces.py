"""Long sentences compared in pieces: text whose punctuation was garbled is still comparable."""

from __future__ import annotations

from itertools import pairwise

from tui.engine.prepare import prepare
from tui.model import Document
from tui.params import Params

# One 'sentence' of 90 words: no full stop survives, as in heavily obfuscated text.
GARBLED = " ".join(f"word{k} river flood council" for k in range(18)) + " end"
NEWS = "The council met on Monday. It approved the river defences after a long debate."


def test_a_long_sentence_is_cut_into_nearly_equal_pieces_in_reading_order() -> None:
    (whole_document,) = prepare([Document("g", GARBLED)], Params())
    (prepared,) = prepare([Document("g", GARBLED)], Params(sentence_max_words=35))
    whole, pieces = whole_document.comparable, prepared.comparable
    assert whole is whole_document.sentences
    assert len(whole) == 1
    assert [last - first for first, last in pieces.words] == [24, 24, 25]
    assert pieces.words[0][0] == 0 and pieces.words[-1][1] == len(prepared.tokens.words)
    assert all(prev[1] == nxt[0] for prev, nxt in pairwise(pieces.words))
    assert pieces.spans[0][0] == whole.spans[0][0] and pieces.spans[-1][1] == whole.spans[0][1]
    for (start, end), (first, last) in zip(pieces.spans, pieces.words, strict=True):
        assert GARBLED[start:end].split() == list(prepared.tokens.words[first:last])
    entries = pieces.entries
    in_second = entries.columns[entries.rows == 1].tolist()
    second = {entries.distinct[c] for c in in_second}
    assert "flood" in second


def test_short_sentences_are_compared_whole() -> None:
    (prepared,) = prepare([Document("n", NEWS)], Params(sentence_max_words=35))
    assert prepared.comparable is prepared.sentences
