"""Where a text quotes someone: the stretches inside quotation marks, and which words lie in one.

A quotation repeated by many outlets is reuse however short, and however common its words, so
the rules of trust and the prefilter need to know which words are quoted. Marks are paired
within one paragraph (a quotation never spans two): a mark opens after white space, a bracket
or a dash, before the quoted words' first letter or digit, and the next mark of its kind
after a non-space and not before a letter or digit closes it (a double mark after a
sentence's punctuation closes it even so: scraped text drops the space in `more."When`). An
apostrophe inside a word ("Russia's") opens and closes nothing, and a mark left open for
`_LONGEST_QUOTE` characters was a stray one (scraped text is full of them).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator

from tui.engine.segment import Segments
from tui.engine.tokens import Tokens

# Opening quotation marks and the mark that closes each.
_OPENING = {
    "\u201c": "\u201d",
    '"': '"',
    "\u00ab": "\u00bb",
    "\u201e": "\u201c",
    "\u2018": "\u2019",
    "'": "'",
}
_MARK = re.compile("[" + re.escape("".join({*_OPENING, *_OPENING.values()})) + "]")
_LONGEST_QUOTE = 1500  # characters: longer "quotations" are stray marks in scraped text
_AFTER_OPENING = frozenset("'\u2018(\u201c")
_BEFORE_OPENING = frozenset("([{\u2014\u2013-")
_APOSTROPHES = frozenset("'\u2019")
_CLOSING_PUNCTUATION = frozenset(".!?,")


def quotations(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The quoted stretches of `text[start:end]` (one paragraph), marks included."""
    opened: tuple[int, str] | None = None
    for match in _MARK.finditer(text, start, end):
        at, ch = match.start(), match.group()
        before = text[at - 1] if at > start else " "
        after = text[at + 1] if at + 1 < end else " "
        if opened is not None and at - opened[0] > _LONGEST_QUOTE:
            opened = None  # never closed: a stray mark, not a quotation
        if opened is not None:
            if ch == opened[1] and not before.isspace() and _closes(ch, before, after):
                yield opened[0], at + 1
                opened = None
            continue
        closing = _OPENING.get(ch)
        if closing is not None and _opens(before, after):
            opened = (at, closing)


def _closes(mark: str, before: str, after: str) -> bool:
    """Whether the closing mark of an open quotation closes it here: not before a letter or
    digit, unless a double mark follows a sentence's punctuation (scraped text loses the space
    in `more."When`; an apostrophe there is a word's: `the boys'.`)."""
    return not after.isalnum() or (mark not in _APOSTROPHES and before in _CLOSING_PUNCTUATION)


def _opens(before: str, after: str) -> bool:
    """Whether a mark between these characters opens a quotation (a mark before "?" or a
    space is a stray or a closing one)."""
    after_opening = before.isspace() or before in _BEFORE_OPENING
    return after_opening and (after.isalnum() or after in _AFTER_OPENING)


def mostly_quoted(quoted: bytes, words: Iterable[range]) -> bool:
    """Whether at least half of these words (ranges of word numbers) lie in a quotation."""
    inside = total = 0
    for run in words:
        inside += quoted.count(1, run.start, run.stop)
        total += len(run)
    return total > 0 and 2 * inside >= total


def quoted_words(text: str, segments: Segments, tokens: Tokens) -> bytes:
    """One byte per word, 1 where the word lies inside a quotation, else 0."""
    flags = bytearray(len(tokens.words))
    starts = tokens.starts
    for paragraph_start, paragraph_end in segments.paragraphs:
        for quote_start, quote_end in quotations(text, paragraph_start, paragraph_end):
            first, stop = bisect_left(starts, quote_start), bisect_left(starts, quote_end)
            flags[first:stop] = b"\x01" * (stop - first)
    return bytes(flags)
