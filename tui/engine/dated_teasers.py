"""Related-story teasers of one outlet: the deck of another of its stories, closed by that
story's date in parentheses ("... But is it for real? (08.02.2017)"), in a row of such
teasers after the article's body. A teaser repeats the other story's opening word for word,
yet nobody copied anybody: it is page furniture. Found where the outlet stamps teasers this
way in many of its articles, so a date in parentheses inside a sentence ("has decided today
(06.02.2017) by majority") never counts. Part of `outlet_furniture`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence

from tui.engine.segment import Segments
from tui.engine.widget_labels import source_name
from tui.model import Document, Furniture

# A date stamp that closes a sentence: after its closing punctuation, before the next
# sentence or the end of the text.
_STAMP = re.compile(r"(?<=[.!?\"'”’)\]-])[ \t]*\((\d{2})\.(\d{2})\.(\d{4})\)(?=\s|$)")
# The first teaser of a row starts after the body: at a paragraph break or a "- " separator
# if there is one this close, else after whole sentences: two at most, this long at most
# (the body's last sentence is the article's own).
_TEASER_CHARS = 320
_TEASER_SENTENCES = 2
_ROW_BREAK = re.compile(r"\n\s*\n|[.!?]-\s")


def _stamps(text: str) -> list[re.Match[str]]:
    return [m for m in _STAMP.finditer(text) if 1 <= int(m[1]) <= 31 and 1 <= int(m[2]) <= 12]


def stamping_outlets(documents: Sequence[Document], min_docs: int) -> dict[str, int]:
    """The outlets that close teasers with a date stamp in at least `min_docs` articles, and
    in how many."""
    counts = Counter(source_name(d) for d in documents if _stamps(d.text))
    return {source: n for source, n in counts.items() if n >= min_docs}


def dated_teasers(
    document: Document, segments: Segments, outlets: Mapping[str, int]
) -> list[Furniture]:
    """The document's teasers, each from its start to the end of its date stamp."""
    source = source_name(document)
    if source not in outlets:
        return []
    text = document.text
    reason = f"related-story teaser: closed by a date stamp in {outlets[source]} {source} articles"
    found: list[Furniture] = []
    previous_end = -1
    for stamp in _stamps(text):
        start = _teaser_start(text, segments, stamp.start(), previous_end)
        found.append(Furniture(document.id, start, stamp.end(), reason))
        previous_end = stamp.end()
    return found


def _teaser_start(text: str, segments: Segments, stamp: int, previous_end: int) -> int:
    """Where the teaser closed at `stamp` starts: after the previous teaser's stamp when it
    is near, else after the body (a row break, or whole sentences: `_TEASER_SENTENCES` and
    `_TEASER_CHARS` at most)."""
    if previous_end >= 0 and stamp - previous_end <= 2 * _TEASER_CHARS:
        return _first_char(text, previous_end, stamp)
    floor = max(0, stamp - _TEASER_CHARS)
    breaks = [m.end() for m in _ROW_BREAK.finditer(text, floor, stamp)]
    if breaks:
        return _first_char(text, breaks[-1], stamp)
    sentences = segments.sentences
    if not sentences:
        return _first_char(text, floor, stamp)
    first = last = segments.sentence_at(max(0, stamp - 1))
    while first > 0 and last - first + 1 < _TEASER_SENTENCES and sentences[first - 1][0] >= floor:
        first -= 1
    return min(sentences[first][0], stamp)


def _first_char(text: str, start: int, end: int) -> int:
    """The first character of `text[start:end]` that is not white space."""
    while start < end and text[start].isspace():
        start += 1
    return start
