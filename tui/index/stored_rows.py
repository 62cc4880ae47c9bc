"""A stored scan read row by row as the reader asks, in the manner of Toolong's lazy lines.

Reopening the index of a large corpus (172,000 articles, 400,000 passages) must paint the
first article within a second, but decoding every document, passage and furniture span into
objects took several. Here the open reads only a few columns (document ids, titles, lengths;
cluster ids) and each document's text, each cluster's passages and each article's passages
and furniture come from their own SQLite rows on first use, then stay. A full pass (export,
search, the Clusters view) reads each table once, in order.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from itertools import groupby
from pathlib import Path
from typing import Any, overload

from tui.model import Cluster, ClusterKind, Document, Furniture, Span

# Rows fetched per query when a whole table is read in order.
BATCH_ROWS = 2000
# What a document's own row gives beside the columns read at the open; a row that cannot be
# read gives an empty text.
_ROW = "text, path, url, format"
_EMPTY_ROW = ("", "", "", "")


class IndexRows:
    """One read-only connection to an index file, shared by every lazy sequence of a scan
    and safe to use from the reader's threads. A row that cannot be read (a file damaged
    after it was opened) reads as empty, and `problems` says so."""

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self.problems: list[str] = []

    def all(self, sql: str, arguments: Sequence[Any] = ()) -> list[Any]:
        """Every row `sql` selects ([] when the file cannot be read any more)."""
        with self._lock:
            try:
                return self._db.execute(sql, arguments).fetchall()
            except sqlite3.Error as error:
                self.problems.append(f"index rows could not be read ({error})")
                return []

    def close(self) -> None:
        with self._lock:
            self._db.close()


class _LazySequence:
    """Equality with any sequence of the same items, as the tuples these stand in for have."""

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(self) == len(other) and all(  # type: ignore[arg-type]
                a == b
                for a, b in zip(self, other, strict=True)  # type: ignore[call-overload]
            )
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


class StoredDocuments(_LazySequence, Sequence[Document]):
    """The corpus's documents: metadata for all at once, each text read on first use."""

    def __init__(self, rows: IndexRows, columns: dict[str, list[Any]]) -> None:
        self._rows = rows
        self.ids: list[str] = columns["id"]
        self.titles: list[str] = columns["title"]
        self.sources: list[str] = columns["source"]
        self.dates: list[str] = columns["date"]
        self.lengths: list[int] = columns["length"]
        if not all(len(column) == len(self.ids) for column in columns.values()):
            raise ValueError("document columns differ in length")
        self._documents: dict[int, Document] = {}
        # Built here, in the thread that opens the index, not on the reader's first keystroke.
        self._positions = {doc: i for i, doc in enumerate(self.ids)}

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> Document: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Document]: ...
    def __getitem__(self, index: int | slice) -> Document | Sequence[Document]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        position = range(len(self))[index]  # IndexError past the end, as a tuple raises
        found = self._documents.get(position)
        if found is None:
            rows = self._rows.all(f"SELECT {_ROW} FROM documents WHERE position = ?", (position,))
            found = self._document(position, rows[0] if rows else _EMPTY_ROW)
        return found

    def __iter__(self) -> Iterator[Document]:
        for first in range(0, len(self), BATCH_ROWS):
            last = min(first + BATCH_ROWS, len(self))
            if all(p in self._documents for p in range(first, last)):
                yield from (self._documents[p] for p in range(first, last))
                continue
            rows = {
                row[0]: row[1:]
                for row in self._rows.all(
                    f"SELECT position, {_ROW} FROM documents WHERE position >= ? AND position < ?",
                    (first, last),
                )
            }
            for position in range(first, last):
                found = self._documents.get(position)
                yield found or self._document(position, rows.get(position, _EMPTY_ROW))

    def _document(self, position: int, row: Sequence[object]) -> Document:
        if not all(isinstance(field, str) for field in row):
            self._rows.problems.append(f"document {self.ids[position]} is damaged in the index")
            row = _EMPTY_ROW
        text, path, url, format = (str(field) for field in row)
        document = Document(
            self.ids[position],
            text,
            path,
            self.titles[position],
            self.sources[position],
            self.dates[position],
            url,
            format,
        )
        self._documents[position] = document
        return document

    def position(self, doc_id: str) -> int | None:
        """Where `doc_id` is in corpus order (None for another corpus's article)."""
        return self._positions.get(doc_id)


class StoredClusters(_LazySequence, Sequence[Cluster]):
    """The scan's clusters in order: ids, kinds and similarities at once, each cluster's
    passages read on first use."""

    def __init__(self, rows: IndexRows, heads: Sequence[Sequence[Any]], ids: Sequence[str]):
        self._rows = rows
        self._doc_ids = ids
        self._heads = [(int(n), _cluster_kind(kind), float(s)) for n, kind, s in heads]
        self._numbers = {head[0]: i for i, head in enumerate(self._heads)}
        self._clusters: dict[int, Cluster] = {}

    def __len__(self) -> int:
        return len(self._heads)

    @overload
    def __getitem__(self, index: int) -> Cluster: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Cluster]: ...
    def __getitem__(self, index: int | slice) -> Cluster | Sequence[Cluster]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        return self.by_id(self._heads[index][0])

    def __iter__(self) -> Iterator[Cluster]:
        if len(self._clusters) < len(self._heads):
            rows = self._passage_rows()
            for number, run in groupby(rows, key=lambda row: row[0]):
                if number in self._numbers and number not in self._clusters:
                    self._make(number, [row[1:] for row in run])
        for number, _, _ in self._heads:
            yield self._clusters.get(number) or self._make(number, [])

    def _passage_rows(self) -> list[Any]:
        return self._rows.all("SELECT cluster, doc, start, end FROM passages ORDER BY position")

    def by_id(self, number: int) -> Cluster:
        """The cluster numbered `number` (KeyError for none)."""
        found = self._clusters.get(number)
        if found is None:
            if number not in self._numbers:
                raise KeyError(number)
            rows = self._rows.all(
                "SELECT doc, start, end FROM passages WHERE cluster = ? ORDER BY position",
                (number,),
            )
            found = self._make(number, rows)
        return found

    def passages_in_document(self, position: int) -> tuple[tuple[Span, int], ...]:
        """The reused passages of the article at `position`, with their cluster ids, sorted
        as the reader keeps them (by start, end, then cluster)."""
        doc_id = self._doc_ids[position]
        found = self._rows.all(
            "SELECT start, end, cluster FROM passages WHERE doc = ? ORDER BY start, end, cluster",
            (position,),
        )
        return tuple((Span(doc_id, start, end), cluster) for start, end, cluster in found)

    def passages_by_document(self) -> dict[str, tuple[tuple[Span, int], ...]]:
        """Every article's reused passages (as `passages_in_document`), in one read."""
        found = self._rows.all(
            "SELECT doc, start, end, cluster FROM passages ORDER BY doc, start, end, cluster"
        )
        ids = self._doc_ids
        return {
            ids[doc]: tuple((Span(ids[doc], s, e), cluster) for _, s, e, cluster in run)
            for doc, run in groupby(found, key=lambda row: row[0])
        }

    def _make(self, number: int, rows: Sequence[Sequence[int]]) -> Cluster:
        _, kind, similarity = self._heads[self._numbers[number]]
        try:
            passages = tuple(Span(self._doc_ids[doc], start, end) for doc, start, end in rows)
        except (IndexError, TypeError, ValueError) as error:
            self._rows.problems.append(f"passages of cluster {number} are damaged ({error})")
            passages = ()
        cluster = Cluster(number, kind, similarity, passages)
        self._clusters[number] = cluster
        return cluster


def _cluster_kind(kind: object) -> ClusterKind:
    if kind == "verbatim" or kind == "edited":
        return kind
    raise ValueError(f"unknown cluster kind {kind!r}")


class StoredFurniture(_LazySequence, Sequence[Furniture]):
    """The scan's furniture spans in order, read when first asked for; those of one article
    come from their own rows (`in_document`)."""

    def __init__(self, rows: IndexRows, count: int, ids: Sequence[str]) -> None:
        self._rows = rows
        self._count = count
        self._doc_ids = ids
        self._all: tuple[Furniture, ...] | None = None

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Furniture: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Furniture]: ...
    def __getitem__(self, index: int | slice) -> Furniture | Sequence[Furniture]:
        return self._every()[index]

    def __iter__(self) -> Iterator[Furniture]:
        return iter(self._every())

    def _every(self) -> tuple[Furniture, ...]:
        if self._all is None:
            rows = self._rows.all("SELECT doc, start, end, reason FROM furniture ORDER BY position")
            self._all = tuple(Furniture(self._doc_ids[d], s, e, r) for d, s, e, r in rows)
        return self._all

    def in_document(self, position: int) -> tuple[Span, ...]:
        """The furniture spans of the article at `position`, in stored order."""
        doc_id = self._doc_ids[position]
        rows = self._rows.all(
            "SELECT start, end, reason FROM furniture WHERE doc = ? ORDER BY position",
            (position,),
        )
        return tuple(Furniture(doc_id, s, e, r) for s, e, r in rows)
