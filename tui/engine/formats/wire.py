"""Agency plain-text wire copy: a `.txt` file that ends its paragraphs with `<`, as the Press
Association's copy does (`tui.engine.segment.is_wire_copy` says which; the segmenter then
reads the header lines, marks and hard-wrapped lines as paragraphs).

The text is the file as read, character for character, so that offsets are the file's, but
for two repairs that keep every character where it is:
- each `<` mark at a line's end is read as U+2029, the paragraph separator (white space), so a
  passage that runs over several paragraphs reads "today. Members", not "today.< Members";
- wire systems that kept only the low byte of Unicode's curly quotes and dashes (U+2019
  became byte 0x19, …) left control bytes where the punctuation was; those six are put back
  ("weeks\x19 notice" reads "weeks’ notice").
The title is the headline: the first line in capitals of three words or more near the top,
else the first line.
"""

from __future__ import annotations

import re

from tui.engine.segment import is_wire_copy
from tui.model import Document

# The control bytes that are the low byte of a Unicode punctuation mark, and the mark.
_LOW_BYTE_PUNCTUATION = {0x13: "–", 0x14: "—", 0x18: "‘", 0x19: "’", 0x1C: "“", 0x1D: "”"}
_REPAIR = str.maketrans(_LOW_BYTE_PUNCTUATION)
_HEADER_LINES = 8  # where a headline may be: after the slug, catchline and time stamp
_RULE = re.compile(r"[-=_*~]{3,}")
_LINE_END_MARK = re.compile(r"<(?=[ \t\r]*(?:\n|\Z))")


def repair_punctuation(text: str) -> tuple[str, int]:
    """`text` with the punctuation control bytes put back, and how many there were."""
    count = sum(text.count(chr(byte)) for byte in _LOW_BYTE_PUNCTUATION)
    return (text.translate(_REPAIR) if count else text), count


def read_marks(text: str) -> str:
    """`text` with every `<` mark at a line's end read as U+2029, the paragraph separator."""
    return _LINE_END_MARK.sub("\u2029", text)


def headline(text: str) -> str:
    """The wire story's headline: the first line in capitals with three words or more of
    letters among the first lines (not the time stamp), else the first line that is not a
    rule, without its `<` mark."""
    lines = [line.strip().rstrip("<").strip() for line in text.split("\n")]
    lines = [line for line in lines if line and not _RULE.fullmatch(line)]
    for line in lines[:_HEADER_LINES]:
        if line.isupper() and sum(word.isalpha() for word in line.split()) >= 3:
            return line[:200]
    return lines[0][:200] if lines else ""


def wire_document(text: str, where: str, doc_id: str, warnings: list[str]) -> Document | None:
    """The Document of a plain-text file when it is wire copy, else None."""
    if not is_wire_copy(text):
        return None
    repaired, count = repair_punctuation(read_marks(text))
    if count:
        warnings.append(
            f"{where}: wire copy with control bytes for quotes and dashes "
            f"({count}), read as the punctuation they stand for"
        )
    return Document(id=doc_id, text=repaired, path=where, title=headline(repaired), format="wire")
