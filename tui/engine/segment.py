"""Paragraphs and sentences as exact character spans of the text as read.

News text breaks naive splitters: "U.S.", "U.N.", "Mr.", "Lt. Gen." do not end sentences, a
closing quote after a full stop does, and wire copy is often hard-wrapped at 60-70 columns with
indented paragraph starts. Spans never include the surrounding white space.

Agency wire copy that ends its paragraphs with `<` (the Press Association's convention; the
loader reads each mark as U+2029, the paragraph separator) is recognised by those marks
alone, so no other text is segmented differently: there each mark ends a paragraph, header
lines stand alone, dash rules are left out, and spans never include the marks or control
bytes at their edges.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

# Words that end with a full stop without ending a sentence (lower case, without the dot).
ABBREVIATIONS: frozenset[str] = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "lt",
        "col",
        "sgt",
        "capt",
        "cmdr",
        "maj",
        "adm",
        "brig",
        "cpl",
        "pvt",
        "rep",
        "reps",
        "sen",
        "sens",
        "gov",
        "pres",
        "supt",
        "det",
        "insp",
        "rev",
        "fr",
        "hon",
        "st",
        "ste",
        "mt",
        "ft",
        "jr",
        "sr",
        "inc",
        "corp",
        "co",
        "ltd",
        "llc",
        "plc",
        "bros",
        "dept",
        "univ",
        "assn",
        "est",
        "fig",
        "no",
        "nos",
        "vs",
        "etc",
        "approx",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
        "al",
        "ave",
        "blvd",
        "rd",
    ]
)

# The marks that end a sentence, and the closing quotes and brackets that may follow them.
SENTENCE_ENDS = ".!?…"
CLOSERS = "\"'”’)]»"
# Sentence end: terminal punctuation, optional closing quotes/brackets, white space, then
# something that can start a sentence (a capital, a digit, an opening quote or bracket).
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]»]*(\s+)(?=[\"'“‘(\[«A-Z0-9À-Ý])")
SOFT_WRAP_MIN = 40  # a line at least this long that ends mid-sentence is a soft wrap
# A line ending with the wire's `<` mark, or the paragraph separator the loader reads it as
# (before any trailing spaces or carriage return).
_WIRE_MARKS = ("<", "\u2029")
_WIRE_MARK = re.compile(r"[<\u2029][ \t\r]*$", re.MULTILINE)
_WIRE_RULE = re.compile(r"[-=_*~]{3,}")  # a header rule: nothing to read
# Never at the edge of a wire span: the marks and the transmission's control bytes.
_WIRE_EDGE = frozenset("<\x7f" + "".join(map(chr, range(32))))


@dataclass(frozen=True, slots=True)
class Segments:
    """Paragraph and sentence spans of one text, in reading order.

    `sentence_paragraph[i]` is the index of the paragraph holding sentence `i`.
    """

    paragraphs: tuple[tuple[int, int], ...]
    sentences: tuple[tuple[int, int], ...]
    sentence_paragraph: tuple[int, ...]
    sentence_starts: tuple[int, ...]

    def sentence_at(self, offset: int) -> int:
        """Index of the sentence containing `offset`, or of the nearest one before it."""
        return max(0, bisect_right(self.sentence_starts, offset) - 1)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    # str.strip drops exactly the characters for which isspace() holds, in C.
    piece = text[start:end]
    kept = piece.lstrip()
    start += len(piece) - len(kept)
    return start, start + len(kept.rstrip())


def is_wire_copy(text: str) -> bool:
    """Whether `text` is agency wire copy: at least two of its lines end with the `<` mark
    (or U+2029)."""
    if "<" not in text and "\u2029" not in text:
        return False
    marks = _WIRE_MARK.finditer(text)
    return next(marks, None) is not None and next(marks, None) is not None


def _strip_wire(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in _WIRE_EDGE):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _WIRE_EDGE):
        end -= 1
    return start, end


def _ends_mid_sentence(content: str) -> bool:
    return content[-1] not in SENTENCE_ENDS + CLOSERS + ":"


def _lines(text: str) -> tuple[list[str], list[int], list[int]]:
    """The lines by str.split with each one's start and end (past its newline); a text ending
    in a newline has no line after it."""
    raw = text.split("\n")
    if raw[-1] == "":
        raw.pop()
    offsets = list(accumulate([len(line) + 1 for line in raw], initial=0))
    line_starts, line_ends = offsets[:-1], offsets[1:]
    if line_ends and line_ends[-1] > len(text):  # the last line has no newline
        line_ends[-1] = len(text)
    return raw, line_starts, line_ends


def _wire_line_marks(raw: list[str], contents: list[str]) -> tuple[list[str], list[bool], bool]:
    """Wire copy's lines: their text without `<` terminators (rule lines left empty), which
    ones end with a wire mark, and whether a mark ends a paragraph rather than every line."""
    marked = [line.rstrip(" \t\r").endswith(_WIRE_MARKS) for line in raw]
    contents = [content.rstrip("<").rstrip() for content in contents]
    contents = ["" if _WIRE_RULE.fullmatch(content) else content for content in contents]
    long_marked = [
        content
        for content, mark in zip(contents, marked, strict=True)
        if mark and len(content) >= SOFT_WRAP_MIN
    ]
    mid_sentence = sum(_ends_mid_sentence(content) for content in long_marked)
    return contents, marked, 2 * mid_sentence <= len(long_marked)


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: blank lines and indented line starts always break; a single newline
    breaks too unless the line before it is a long line cut mid-sentence (hard-wrapped copy).

    In wire copy (`is_wire_copy`) indentation never decides, a line ending with a mark ends its
    paragraph, and rule lines break like blank ones; when most long marked lines stop
    mid-sentence, the mark ends every line rather than each paragraph, and only the
    hard-wrap rule decides."""
    raw, line_starts, line_ends = _lines(text)
    contents = [line.strip() for line in raw]
    indented = [line[:1] in (" ", "\t") for line in raw]
    wire = is_wire_copy(text)
    marked: list[bool] = []
    marks_paragraphs = False
    if wire:
        contents, marked, marks_paragraphs = _wire_line_marks(raw, contents)
    indented_style = not wire and any(
        i and c for i, c in zip(indented[1:], contents[1:], strict=True)
    )
    paragraphs: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None
    previous_content = ""
    for number, (s, e, content, starts_indented) in enumerate(
        zip(line_starts, line_ends, contents, indented, strict=True)
    ):
        if not content:
            if current:
                paragraphs.append(current)
            current = None
            previous_content = ""
            continue
        if current is None:
            breaks = True
        elif indented_style:
            breaks = starts_indented
        else:
            soft_wrap = len(previous_content) >= SOFT_WRAP_MIN and _ends_mid_sentence(
                previous_content
            )
            breaks = not soft_wrap
        if breaks:
            if current:
                paragraphs.append(current)
            current = (s, e)
        else:
            assert current is not None
            current = (current[0], e)
        previous_content = content
        if wire and marks_paragraphs and marked[number]:
            paragraphs.append(current)
            current = None
    if current:
        paragraphs.append(current)
    strip = _strip_wire if wire else _strip
    return [span for span in (strip(text, s, e) for s, e in paragraphs) if span[1] > span[0]]


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the full stop at `dot` closes an abbreviation or an initial, not a sentence."""
    if text[dot] != ".":
        return False
    begin = dot
    while begin > 0 and (text[begin - 1].isalpha() or text[begin - 1] == "."):
        begin -= 1
    word = text[begin:dot].lower()
    if "." in word:  # U.S. / U.N. / e.g.
        return True
    return len(word) == 1 or word in ABBREVIATIONS


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside `text[start:end]` (one paragraph)."""
    sentences: list[tuple[int, int]] = []
    cursor = start
    for match in _BOUNDARY.finditer(text, start, end):
        punct_end = match.start(1)
        # the first terminal character of the run decides on abbreviations: "U.S." / "Jr."
        first_terminal = match.start()
        if _is_abbreviation(text, first_terminal) and text[first_terminal:punct_end] == ".":
            continue
        sentences.append((cursor, punct_end))
        cursor = match.end(1)
    sentences.append((cursor, end))
    return [span for span in (_strip(text, s, e) for s, e in sentences) if span[1] > span[0]]


def segment(text: str) -> Segments:
    """Paragraphs and sentences of `text`."""
    paragraphs = split_paragraphs(text)
    sentences, owner = _sentences_of(text, paragraphs)
    return Segments(
        tuple(paragraphs), tuple(sentences), tuple(owner), tuple(s for s, _ in sentences)
    )


def _sentences_of(
    text: str, paragraphs: list[tuple[int, int]]
) -> tuple[list[tuple[int, int]], list[int]]:
    """`split_sentences` of every paragraph, with one boundary search over the whole text.

    Between paragraphs there is only white space, and a paragraph starts and ends with
    something else, so every boundary inside a paragraph is found as if searched there alone;
    the others straddle two paragraphs and are skipped. For the same reason sentence spans
    need no stripping: each starts at a paragraph's start or a boundary's lookahead, and ends
    at a paragraph's end or just after terminal punctuation."""
    sentences: list[tuple[int, int]] = []
    owner: list[int] = []
    if not paragraphs:
        return sentences, owner
    index, (start, end) = 0, paragraphs[0]
    cursor = start
    for match in _BOUNDARY.finditer(text, start, paragraphs[-1][1]):
        punct_end = match.start(1)
        while punct_end >= end:  # the paragraph ends before this boundary
            sentences.append((cursor, end))
            owner.append(index)
            index += 1
            start, end = paragraphs[index]
            cursor = start
        first_terminal = match.start()
        if first_terminal < start:  # straddles the gap between two paragraphs
            continue
        if _is_abbreviation(text, first_terminal) and text[first_terminal:punct_end] == ".":
            continue
        sentences.append((cursor, punct_end))
        owner.append(index)
        cursor = match.end(1)
    sentences.append((cursor, end))
    owner.append(index)
    # paragraphs after the last boundary are one sentence each
    sentences.extend(paragraphs[index + 1 :])
    owner.extend(range(index + 1, len(paragraphs)))
    return sentences, owner
