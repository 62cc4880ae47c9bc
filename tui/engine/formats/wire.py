"""Agency plain-text wire copy: a `.txt` file that ends its paragraphs with `<`, as the Press
Association's copy does (`tui.engine.segment.is_wire_copy` says which; the segmenter then
reads the header lines, marks and hard-wrapped lines as paragraphs).

The text stays the file as read, character for character, so offsets are the file's, except
for one repair of the same length: wire systems that kept only the low byte of the curly
quotes and dashes of Unicode (U+2018 becomes byte 0x18, U+2019 0x19, …) leave control bytes
where the punctuation was, and those six are put back ("weeks\\x19 notice" reads "weeks’
notice"). The title is the headline: the first line in capitals of three words or more near
the top, else the first line.
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


def repair_punctuation(text: str) -> tuple[str, int]:
    """`text` with the punctuation control bytes put back, and how many there were."""
    count = sum(text.count(chr(byte)) for byte in _LOW_BYTE_PUNCTUATION)
    return (text.translate(_REPAIR) if count else text), count


def headline(text: str) -> str:
    """The wire story's headline: the first line in capitals with three words or more of
    letters among the first lines (not the time stamp), else the first line that is not a
    rule, without its `<` mark."""
    lines = [line.strip().rstrip("<").strip() for line in text.splitlines()]
    lines = [line for line in lines if line and not _RULE.fullmatch(line)]
    for line in lines[:_HEADER_LINES]:
        if line.isupper() and sum(word.isalpha() for word in line.split()) >= 3:
            return line[:200]
    return lines[0][:200] if lines else ""


def wire_document(text: str, where: str, doc_id: str, warnings: list[str]) -> Document | None:
    """The Document of a plain-text file when it is wire copy, else None."""
    if not is_wire_copy(text):
        return None
    repaired, count = repair_punctuation(text)
    if count:
        warnings.append(
            f"{where}: wire copy with control bytes for quotes and dashes "
            f"({count}), read as the punctuation they stand for"
        )
    return Document(id=doc_id, text=repaired, path=where, title=headline(repaired), format="wire")
