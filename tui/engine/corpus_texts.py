"""Every document's id and text in a few long strings, for work done in a forked process.

A forked process shares its parent's pages until it writes to one, and reading a Python
object writes its reference count. The related tier, which runs beside the reuse stages in a
forked process, reads a sentence or two of most documents: through each document's own text
it wrote every text's header and so copied one page per document (about 300 MB of Reuters x4,
more than all its own arrays). Slices of a few long strings copy nothing inherited.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tui.model import Document

Ints = npt.NDArray[np.int64]


def _width(text: str) -> int:
    """The bytes per character Python stores `text` with (1, 2 or 4): a long string holds
    every character at the width of its widest, so texts are joined with their own kind."""
    if text.isascii():
        return 1
    widest = ord(max(text))
    return 1 if widest < 0x100 else 2 if widest < 0x10000 else 4


@dataclass(frozen=True)
class CorpusTexts:
    """The documents' texts joined by the width of their characters (`joined`), where each
    document's text lies there (`group`, `starts`, `ends`), and their ids end to end."""

    joined: tuple[str, ...]
    group: npt.NDArray[np.int8]
    starts: Ints
    ends: Ints
    ids: str
    id_bounds: Ints

    @classmethod
    def of(cls, documents: Sequence[Document]) -> CorpusTexts:
        widths = [_width(d.text) for d in documents]
        kinds = sorted(set(widths))
        group = np.array([kinds.index(w) for w in widths], dtype=np.int8)
        starts = np.zeros(len(documents), dtype=np.int64)
        ends = np.zeros(len(documents), dtype=np.int64)
        joined = []
        for number in range(len(kinds)):
            members = np.flatnonzero(group == number)
            texts = [documents[k].text for k in members.tolist()]
            lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
            ends[members] = np.cumsum(lengths)
            starts[members] = ends[members] - lengths
            joined.append("".join(texts))
        id_lengths = np.fromiter((len(d.id) for d in documents), np.int64, len(documents))
        id_bounds = np.zeros(len(documents) + 1, dtype=np.int64)
        np.cumsum(id_lengths, out=id_bounds[1:])
        ids = "".join(d.id for d in documents)
        return cls(tuple(joined), group, starts, ends, ids, id_bounds)

    def __len__(self) -> int:
        return len(self.starts)

    def id(self, k: int) -> str:
        return self.ids[self.id_bounds[k] : self.id_bounds[k + 1]]

    def text(self, k: int) -> str:
        """Document `k`'s whole text."""
        return self.span(k, 0, int(self.ends[k] - self.starts[k]))

    def span(self, k: int, start: int, end: int) -> str:
        """Characters `start:end` of document `k`'s text."""
        at = int(self.starts[k])
        joined: str = self.joined[self.group[k]]
        return joined[at + start : at + end]
