"""What changed between two copies of a passage, word by word, and which changes matter most.

A fact-checker reads a changed quote or number first: "33 civilians" against "36 civilians", a
word slipped into quotation marks, a name swapped. `compare` aligns the two passages' words
(normalised as the engine normalises them, so "ISIL"/"Isil" and "[It]"/"It" are not changes)
and reports the shared runs, the words each side has alone, and every difference that touches
a quotation, a figure (a number, a date, a weekday or month) or a name (a capitalised word that
does not open a sentence) as `Drift`. Offsets are always into the documents' own text.

Drift is an edit inside shared text, not a difference of extent: words one copy has past the
other's first or last word (where each outlet cut the passage), a stretch of more than
DRIFT_MAX_WORDS words on either side (a sentence added, not a word changed), and a respacing
("coastguard"/"coast guard") are not drift. Read on newsarticles, those were most of the
candidates and none of them was a changed quote, figure or name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import groupby
from typing import Literal

from rapidfuzz.distance import Indel

from tui.engine.tokens import Tokens, tokenize
from tui.model import Span

CharRange = tuple[int, int]
DriftKind = Literal["quote", "figure", "name"]
DRIFT_KINDS: tuple[DriftKind, ...] = ("quote", "figure", "name")  # strongest reason first
DRIFT_MAX_WORDS = 6  # a longer difference on either side is added or dropped text, not an edit

_QUOTE_MARK = re.compile(r"[\"“”«»„]")
_OPENING_QUOTES = "“«„"
_CLOSING_QUOTES = "”»"
# What may stand between a sentence's end and its first word: spaces, opening quotes, brackets.
_BEFORE_FIRST_WORD = " \t\r\"'“‘«„([{-—–"
_SENTENCE_END = ".!?:;…"
_FIGURE_WORDS = frozenset(
    """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty
    ninety hundred hundreds thousand thousands million millions billion billions trillion dozen
    dozens percent per cent
    january february april june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    monday tuesday wednesday thursday friday saturday sunday
    today yesterday tomorrow""".split()  # noqa: SIM905 (a word list, read as prose)
)


@dataclass(frozen=True, slots=True)
class Drift:
    """One difference between two copies that touches a quote, a figure or a name.

    `a` and `b` are the differing words on each side (document offsets); an empty range is
    where words were left out on that side. `kinds` lists every reason, strongest first.
    """

    kinds: tuple[DriftKind, ...]
    a: CharRange
    b: CharRange

    @property
    def kind(self) -> DriftKind:
        return self.kinds[0]


@dataclass(frozen=True, slots=True)
class Comparison:
    """Two passages word by word: what they share, what each has alone, and the drift.

    `shared_*` are runs of words shared verbatim (after normalisation); `only_a` are words of
    `a` missing from `b` (what `b` dropped), `only_b` words of `b` missing from `a` (what `b`
    added); `word_pairs` maps shared word positions of `a` to those of `b`, positions into
    `tokens_a` and `tokens_b` (the passages' words, with document offsets).
    """

    similarity: float
    shared_a: tuple[CharRange, ...]
    shared_b: tuple[CharRange, ...]
    only_a: tuple[CharRange, ...]
    only_b: tuple[CharRange, ...]
    drift: tuple[Drift, ...]
    word_pairs: tuple[tuple[int, int], ...]
    tokens_a: Tokens
    tokens_b: Tokens


def compare(text_a: str, a: Span, text_b: str, b: Span) -> Comparison:
    """Align the words of passage `a` (in `text_a`) with those of `b` (in `text_b`)."""
    side_a = _Side(text_a, _tokens(text_a, a), quoted_ranges(text_a, a.start, a.end), a.start)
    side_b = _Side(text_b, _tokens(text_b, b), quoted_ranges(text_b, b.start, b.end), b.start)
    words_a, words_b = side_a.tokens.words, side_b.tokens.words
    similarity = round(Indel.normalized_similarity(words_a, words_b) * 100, 1)
    shared_a: list[CharRange] = []
    shared_b: list[CharRange] = []
    pairs: list[tuple[int, int]] = []
    only_a: list[CharRange] = []
    only_b: list[CharRange] = []
    drift: list[Drift] = []
    opcodes = Indel.opcodes(words_a, words_b)
    # consecutive changes form one difference
    for equal, group in groupby(opcodes, key=lambda op: op.tag == "equal"):
        ops = list(group)
        for op in ops:
            i1, i2, j1, j2 = op.src_start, op.src_end, op.dest_start, op.dest_end
            if equal:
                shared_a.append(side_a.range(i1, i2))
                shared_b.append(side_b.range(j1, j2))
                pairs.extend(zip(range(i1, i2), range(j1, j2), strict=True))
                continue
            if i2 > i1:
                only_a.append(side_a.range(i1, i2))
            if j2 > j1:
                only_b.append(side_b.range(j1, j2))
        if not equal:
            first, last = ops[0], ops[-1]
            found = _drift(
                side_a, first.src_start, last.src_end, side_b, first.dest_start, last.dest_end
            )
            if found is not None:
                drift.append(found)
    return Comparison(
        similarity,
        tuple(shared_a),
        tuple(shared_b),
        tuple(only_a),
        tuple(only_b),
        tuple(drift),
        tuple(pairs),
        side_a.tokens,
        side_b.tokens,
    )


@dataclass(frozen=True, slots=True)
class _Side:
    """One passage as `compare` reads it: its document's text, its words, its quotations."""

    text: str
    tokens: Tokens
    quotes: list[CharRange]
    start: int

    def range(self, first: int, end: int) -> CharRange:
        return _range(self.tokens, first, end, self.start)


def _drift(a: _Side, i1: int, i2: int, b: _Side, j1: int, j2: int) -> Drift | None:
    """The drift of the difference `a[i1:i2]` against `b[j1:j2]`, if it is an edit that
    touches a quote, a figure or a name."""
    if not _is_edit(a.tokens, i1, i2, b.tokens, j1, j2):
        return None
    kinds = _drift_kinds(a.text, a.tokens, i1, i2, a.quotes) | _drift_kinds(
        b.text, b.tokens, j1, j2, b.quotes
    )
    if not kinds:
        return None
    return Drift(tuple(k for k in DRIFT_KINDS if k in kinds), a.range(i1, i2), b.range(j1, j2))


def _is_edit(tokens_a: Tokens, i1: int, i2: int, tokens_b: Tokens, j1: int, j2: int) -> bool:
    """Whether words `a[i1:i2]` against `b[j1:j2]` are an edit inside shared text (see the
    module's docstring for what is not)."""
    if i2 - i1 > DRIFT_MAX_WORDS or j2 - j1 > DRIFT_MAX_WORDS:
        return False
    one_sided = i1 == i2 or j1 == j2
    at_an_edge = (i1 == 0 and j1 == 0) or (i2 == len(tokens_a) and j2 == len(tokens_b))
    if one_sided and at_an_edge:
        return False
    return "".join(tokens_a.words[i1:i2]) != "".join(tokens_b.words[j1:j2])


def _tokens(text: str, span: Span) -> Tokens:
    """The passage's words with offsets into the whole document."""
    local = tokenize(text[span.start : span.end])
    return Tokens(
        local.words,
        tuple(span.start + s for s in local.starts),
        tuple(span.start + e for e in local.ends),
    )


def _range(tokens: Tokens, first: int, last: int, fallback: int) -> CharRange:
    """Characters of words `[first, last)`; for no words, an empty range where they would be."""
    if last > first:
        return (tokens.starts[first], tokens.ends[last - 1])
    if first < len(tokens):
        return (tokens.starts[first], tokens.starts[first])
    end = tokens.ends[-1] if len(tokens) else fallback
    return (end, end)


def _drift_kinds(
    text: str, tokens: Tokens, first: int, last: int, quotes: list[CharRange]
) -> set[DriftKind]:
    kinds: set[DriftKind] = set()
    for number in range(first, last):
        start, end = tokens.starts[number], tokens.ends[number]
        if any(q_start <= start < q_end for q_start, q_end in quotes):
            kinds.add("quote")
        if is_figure(tokens.words[number]):
            kinds.add("figure")
        if is_name(text, start, end):
            kinds.add("name")
    return kinds


def is_figure(word: str) -> bool:
    """A number, or a word naming a number or a date ("36", "45km", "dozens", "Wednesday")."""
    return word[:1].isdigit() or word in _FIGURE_WORDS


def is_name(text: str, start: int, end: int) -> bool:
    """A capitalised word (`text[start:end]`) that does not open a sentence, and is not "I"."""
    word = text[start:end]
    if not word[:1].isupper() or word == "I":
        return False
    position = start
    while position > 0 and text[position - 1] in _BEFORE_FIRST_WORD:
        position -= 1
    return position > 0 and text[position - 1] not in _SENTENCE_END and text[position - 1] != "\n"


def quoted_ranges(text: str, start: int, end: int) -> list[CharRange]:
    """Stretches inside quotation marks that touch `[start, end)`, read from the start of the
    line (a quotation opened before the passage still counts). A straight double quote opens
    or closes by turns; curly and angle quotes say which they are. A quotation left open runs
    to `end`."""
    line_start = text.rfind("\n", 0, start) + 1
    ranges: list[CharRange] = []
    opened: int | None = None
    for mark in _QUOTE_MARK.finditer(text, line_start, end):
        char, position = mark.group(), mark.start()
        if opened is None and (char in _OPENING_QUOTES or char == '"'):
            opened = position
        elif opened is not None and (char in _CLOSING_QUOTES or char == '"'):
            ranges.append((opened, position + 1))
            opened = None
    if opened is not None:
        ranges.append((opened, end))
    return [(s, e) for s, e in ranges if e > start]
