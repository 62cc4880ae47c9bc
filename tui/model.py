"""Plain data that flows through the engine: documents in, clusters of reused passages out.

Every span is a pair of character offsets into `Document.text` exactly as it was read, so
`doc.text[span.start:span.end]` is always the passage a user sees, whatever normalisation the
matcher did internally.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, overload

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


class PackedRuns(Sequence[SharedRun]):
    """Shared runs kept as four integers each in a flat array, not as a tuple per run: a
    scan of many reprints holds tens of millions of runs, at about 200 bytes each as
    tuples of ints and 16 here. A view of `count` runs from run `first` of `flat`, which
    many alignments may share; it reads, compares and hashes as the tuple of its runs."""

    __slots__ = ("_count", "_first", "_flat")

    def __init__(self, flat: array[int], first: int = 0, count: int | None = None) -> None:
        self._flat = flat
        self._first = first
        self._count = len(flat) // 4 - first if count is None else count

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> SharedRun: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[SharedRun, ...]: ...
    def __getitem__(self, index: int | slice) -> SharedRun | tuple[SharedRun, ...]:
        if isinstance(index, slice):
            return tuple(self)[index]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError("run index out of range")
        at = 4 * (self._first + index)
        a0, a1, b0, b1 = self._flat[at : at + 4]
        return a0, a1, b0, b1

    def __iter__(self) -> Iterator[SharedRun]:
        at = 4 * self._first
        numbers = iter(self._flat[at : at + 4 * self._count].tolist())
        return zip(numbers, numbers, numbers, numbers, strict=True)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PackedRuns | tuple):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return repr(tuple(self))

    def __reduce__(self) -> tuple[Any, ...]:
        at = 4 * self._first
        return PackedRuns, (self._flat[at : at + 4 * self._count],)


@dataclass(frozen=True, slots=True)
class Alignment:
    """Two passages that say the same thing, with the word runs they share verbatim.

    `similarity` is 0–100 over normalised words (100: the same words once case, quotes and
    punctuation are set aside). `shared` runs are in reading order of `a`.
    """

    a: Span
    b: Span
    similarity: float
    shared: Sequence[SharedRun]  # a tuple, or the same runs packed (`PackedRuns`)

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
    """Everything one scan found. Alignments carry the id of the cluster they hold together.

    Documents, clusters and furniture are tuples, except in a result reopened from the index,
    where they are sequences that read their rows on first use (`tui.index.stored_rows`)."""

    documents: Sequence[Document]
    clusters: Sequence[Cluster]
    alignments: tuple[tuple[int, Alignment], ...]
    boilerplate: Sequence[Furniture]
    related: tuple[Related, ...] = ()
    warnings: tuple[str, ...] = ()
    stats: dict[str, float] = field(default_factory=dict)
