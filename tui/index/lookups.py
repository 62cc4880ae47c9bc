"""What the reader looks up per article and per cluster, from a result in memory or from the
rows of a stored one.

A fresh scan's result is in memory: its lookups are dictionaries built once. A result reopened
from the index (`tui.index.stored_rows`) answers the same questions from its SQLite rows, one
article or cluster at a time, so that opening a 172,000-article index builds nothing for the
articles the reader never shows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence

from tui.index.stored_rows import StoredClusters, StoredDocuments, StoredFurniture
from tui.model import Cluster, Document, ScanResult, Span

Passages = Sequence[tuple[Span, int]]


class ResultLookups:
    """Lookups over a result held in memory, built in one pass over it."""

    def __init__(self, result: ScanResult) -> None:
        self._documents = result.documents
        self._by_id = {d.id: d for d in result.documents}
        self._order = {d.id: i for i, d in enumerate(result.documents)}
        self._clusters = {c.id: c for c in result.clusters}
        passages: dict[str, list[tuple[Span, int]]] = defaultdict(list)
        for cluster in result.clusters:
            for passage in cluster.passages:
                passages[passage.doc].append((passage, cluster.id))
        self._passages = {doc: tuple(sorted(spans)) for doc, spans in passages.items()}
        boilerplate: dict[str, list[Span]] = defaultdict(list)
        for span in result.boilerplate:
            boilerplate[span.doc].append(span)
        self._boilerplate = {doc: tuple(spans) for doc, spans in boilerplate.items()}

    def document(self, doc_id: str) -> Document:
        return self._by_id[doc_id]

    def position(self, doc_id: str) -> int | None:
        return self._order.get(doc_id)

    def ids(self) -> list[str]:
        return [d.id for d in self._documents]

    def sources(self) -> list[str]:
        return [d.source for d in self._documents]

    def lengths(self) -> list[int]:
        return [len(d.text) for d in self._documents]

    def cluster(self, cluster_id: int) -> Cluster:
        return self._clusters[cluster_id]

    def passages_in(self, doc_id: str) -> Passages:
        return self._passages.get(doc_id, ())

    def every_passage(self) -> Mapping[str, Passages]:
        return self._passages

    def boilerplate_in(self, doc_id: str) -> Sequence[Span]:
        return self._boilerplate.get(doc_id, ())


class StoredLookups:
    """Lookups answered from a stored result's rows, each article's kept once asked."""

    def __init__(
        self, documents: Sequence[Document], clusters: StoredClusters, furniture: StoredFurniture
    ) -> None:
        self._documents = documents
        self._clusters = clusters
        self._furniture = furniture
        self._position: Callable[[str], int | None]
        if isinstance(documents, StoredDocuments):
            self._position = documents.position
        else:
            self._position = {d.id: i for i, d in enumerate(documents)}.get
        self._passages: dict[str, Passages] = {}
        self._boilerplate: dict[str, Sequence[Span]] = {}
        self._every: Mapping[str, Passages] | None = None

    def document(self, doc_id: str) -> Document:
        position = self._position(doc_id)
        if position is None:
            raise KeyError(doc_id)
        return self._documents[position]

    def position(self, doc_id: str) -> int | None:
        return self._position(doc_id)

    def ids(self) -> list[str]:
        if isinstance(self._documents, StoredDocuments):
            return list(self._documents.ids)
        return [d.id for d in self._documents]

    def sources(self) -> list[str]:
        if isinstance(self._documents, StoredDocuments):
            return list(self._documents.sources)
        return [d.source for d in self._documents]

    def lengths(self) -> list[int]:
        if isinstance(self._documents, StoredDocuments):
            return list(self._documents.lengths)
        return [len(d.text) for d in self._documents]

    def cluster(self, cluster_id: int) -> Cluster:
        return self._clusters.by_id(cluster_id)

    def passages_in(self, doc_id: str) -> Passages:
        found = self._passages.get(doc_id)
        if found is None:
            if self._every is not None:
                return self._every.get(doc_id, ())
            position = self._position(doc_id)
            found = () if position is None else self._clusters.passages_in_document(position)
            self._passages[doc_id] = found
        return found

    def every_passage(self) -> Mapping[str, Passages]:
        if self._every is None:
            self._every = self._clusters.passages_by_document()
        return self._every

    def boilerplate_in(self, doc_id: str) -> Sequence[Span]:
        found = self._boilerplate.get(doc_id)
        if found is None:
            position = self._position(doc_id)
            found = () if position is None else self._furniture.in_document(position)
            self._boilerplate[doc_id] = found
        return found


def lookups_for(result: ScanResult) -> ResultLookups | StoredLookups:
    """The stored rows' lookups for a result reopened from the index, else built in memory."""
    clusters, furniture = result.clusters, result.boilerplate
    if isinstance(clusters, StoredClusters) and isinstance(furniture, StoredFurniture):
        return StoredLookups(result.documents, clusters, furniture)
    return ResultLookups(result)
