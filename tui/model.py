"""Plain data that flows through the engine: documents in, clusters of reused passages out.

Every span is a pair of character offsets into `Document.text` exactly as it was read, so
`doc.text[span.start:span.end]` is always the passage a user sees, whatever normalisation the
matcher did internally.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

ClusterKind = Literal["verbatim", "edited"]


@dataclass(frozen=True, slots=True)
class Document:
    """One article: its id, its text exactly as read, and what we know about where it came from.

    `text` is the file as read for plain text and JSON Lines, and the article text extracted
    from a page, feed entry or agency XML; `format` names the reader (see `tui.engine.load`)
    and `url` the page's address, when it has one.
    """

    id: str
    text: str
    path: str = ""
    title: str = ""
    source: str = ""
    date: str = ""
    url: str = ""
    format: str = ""

    @property
    def length(self) -> int:
        return len(self.text)

    def text_digest(self) -> str:
        """A digest of the text alone: what cache keys know of it."""
        return hashlib.sha256(self.text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A half-open character range `[start, end)` in one document."""

    doc: str
    start: int
    end: int

    @property
    def length(self) -> int:
        return self.end - self.start

    def overlap(self, other: Span) -> int:
        """Characters this span shares with `other` (0 when in different documents)."""
        if self.doc != other.doc:
            return 0
        return max(0, min(self.end, other.end) - max(self.start, other.start))


@dataclass(frozen=True, slots=True, order=True)
class Furniture(Span):
    """A span of page furniture (a disclaimer, a promo, a widget label, a sign-off): text of
    the page, not of the article, never reported as reuse; `reason` says why it was taken
    for furniture, in a few words a reader can check."""

    reason: str = ""


# A run of words two passages share verbatim: (a_start, a_end, b_start, b_end) in characters.
SharedRun = tuple[int, int, int, int]


@dataclass(frozen=True, slots=True)
class Alignment:
    """Two passages that say the same thing, with the word runs they share verbatim.

    `similarity` is 0–100 over normalised words (100: the same words once case, quotes and
    punctuation are set aside). `shared` runs are in reading order of `a`.
    """

    a: Span
    b: Span
    similarity: float
    shared: tuple[SharedRun, ...]

    @property
    def verbatim(self) -> bool:
        return self.similarity >= 100.0


@dataclass(frozen=True, slots=True)
class Cluster:
    """Passages that are the same text, however many documents hold it.

    `passages` are sorted by document id then offset; `similarity` is the mean over the
    alignments that hold the cluster together.
    """

    id: int
    kind: ClusterKind
    similarity: float
    passages: tuple[Span, ...]

    @property
    def documents(self) -> tuple[str, ...]:
        """Distinct document ids, in passage order."""
        return tuple(dict.fromkeys(p.doc for p in self.passages))


@dataclass(frozen=True, slots=True)
class Related:
    """Two passages that state the same fact in other words, and the terms that show it."""

    a: Span
    b: Span
    score: float
    terms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ScanResult:
    """Everything one scan found. Alignments carry the id of the cluster they hold together."""

    documents: tuple[Document, ...]
    clusters: tuple[Cluster, ...]
    alignments: tuple[tuple[int, Alignment], ...]
    boilerplate: tuple[Furniture, ...]
    related: tuple[Related, ...] = ()
    warnings: tuple[str, ...] = ()
    stats: dict[str, float] = field(default_factory=dict)
