"""Questions the reader asks of a scan result, answered fast enough for every keystroke.

"Which passages of this article are reused?", "where else does this sentence appear, and which
words are shared?", "which clusters are most widespread?", "who shares text with whom?". The
UI only draws the answers; all reuse logic stays here, free of Textual.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Indel

from tui.engine.segment import Segments, segment
from tui.engine.tokens import tokenize
from tui.index import copies as copies_of
from tui.index.copies import Copy, Provenance
from tui.index.drift import Drift, compare
from tui.index.filters import Filters, filter_result
from tui.index.lookups import lookups_for
from tui.model import Alignment, Cluster, Document, Related, ScanResult, Span

CharRange = tuple[int, int]
SHARED_WORDS_KEPT = 4096  # passage pairs whose shared words are kept for the next cursor move


@dataclass(frozen=True, slots=True)
class Echo:
    """Another occurrence of the passage under the cursor.

    `here` is the cluster's passage in the current article, `there` the other occurrence.
    `shared_here`/`shared_there` are the character ranges (document offsets) of the words the
    two share verbatim; everything else inside the passages differs. `likely_source`: the
    dates say `there` had it first; `same_day`: `there` and `here` share the first day, so
    no direction can be told.
    """

    cluster: int
    here: Span
    there: Span
    document: Document
    similarity: float
    shared_here: tuple[CharRange, ...]
    shared_there: tuple[CharRange, ...]
    likely_source: bool
    same_day: bool = False


@dataclass(frozen=True, slots=True)
class SearchHit:
    span: Span
    document: Document


class ReuseIndex:
    """A scan result organised for the reader's questions."""

    def __init__(
        self,
        result: ScanResult,
        alignments: Mapping[int, Sequence[Alignment]] | None = None,
        *,
        filters: Filters | None = None,
        unfiltered: ReuseIndex | None = None,
    ) -> None:
        """`alignments`, when given, are the result's by cluster (its own `alignments` are then
        not read): a store can decode them one cluster at a time, as the reader asks.
        `filters` and `unfiltered` are set on a view made by `filtered`."""
        self.result = result
        self.filters = filters or Filters()
        self.unfiltered = unfiltered or self
        self.documents: Sequence[Document] = result.documents
        # Per-article passages and furniture, by cluster id: from the stored rows one article
        # at a time for a result reopened from the index, else built here in one pass.
        self._lookups = lookups_for(result)
        self._passage_starts: dict[str, list[int]] = {}  # per article, on first use
        # Alignments by cluster, looked up by their passages only once the reader asks about
        # that cluster: hashing every pair of spans up front cost more than the whole screen.
        if alignments is None:
            grouped: dict[int, list[Alignment]] = defaultdict(list)
            for cluster_id, alignment in result.alignments:
                grouped[cluster_id].append(alignment)
            alignments = grouped
        self._alignment_lists: Mapping[int, Sequence[Alignment]] = alignments
        self._alignments: dict[int, dict[tuple[Span, Span], Alignment]] = {}
        self._related: dict[str, list[Related]] = defaultdict(list)
        for link in result.related:
            self._related[link.a.doc].append(link)
            if link.b.doc != link.a.doc:
                self._related[link.b.doc].append(link)
        self._provenance: dict[int, Provenance] = {}  # per cluster, found on first use
        self._drift: dict[tuple[Span, Span], tuple[Drift, ...]] = {}
        self._drift_counts: dict[int, int] = {}
        self._views: dict[Filters, ReuseIndex] = {}
        self._shared_words: dict[
            tuple[int, Span, Span], tuple[float, tuple[CharRange, ...], tuple[CharRange, ...]]
        ] = {}
        # A view shares the corpus's cache of segmented articles.
        self._segments: Callable[[str], Segments] = (
            unfiltered._segments if unfiltered else lru_cache(maxsize=256)(self._segment)
        )
        self._shares: list[float] | None = None

    def filtered(self, filters: Filters) -> ReuseIndex:
        """This corpus narrowed by `filters` (see tui/index/filters.py), as an index of its own
        that answers every question; the last few views are kept."""
        full = self.unfiltered
        if not filters.active:
            return full
        view = full._views.get(filters)
        if view is None:
            if len(full._views) >= 4:
                full._views.clear()
            view = ReuseIndex(
                filter_result(full.result, filters),
                full._alignment_lists,
                filters=filters,
                unfiltered=full,
            )
            full._views[filters] = view
        return view

    def sources(self) -> list[str]:
        """Every source named in the (unfiltered) corpus, most articles first."""
        counts: dict[str, int] = defaultdict(int)
        for source in self.unfiltered._lookups.sources():
            if source:
                counts[source] += 1
        return sorted(counts, key=lambda s: (-counts[s], s))

    # documents -------------------------------------------------------------------------
    def document(self, doc_id: str) -> Document:
        return self._lookups.document(doc_id)

    def position(self, doc_id: str) -> int | None:
        """Where `doc_id` is in corpus order, or None for an article not in this corpus."""
        return self._lookups.position(doc_id)

    def _rank(self, doc_id: str) -> int:
        """Where `doc_id` is in corpus order (KeyError for an article not in it)."""
        position = self._lookups.position(doc_id)
        if position is None:
            raise KeyError(doc_id)
        return position

    def doc_ids(self) -> list[str]:
        """Every article's id, in corpus order (no article is read for them)."""
        return self._lookups.ids()

    def _segment(self, doc_id: str) -> Segments:
        return segment(self._lookups.document(doc_id).text)

    def segments(self, doc_id: str) -> Segments:
        """Paragraphs and sentences of one article (computed on first use, then cached)."""
        return self._segments(doc_id)

    def passages_in(self, doc_id: str) -> Sequence[tuple[Span, int]]:
        """Reused passages of one article with their cluster ids, by start offset."""
        return self._lookups.passages_in(doc_id)

    def boilerplate_in(self, doc_id: str) -> Sequence[Span]:
        return self._lookups.boilerplate_in(doc_id)

    def reuse_share(self, doc_id: str) -> float:
        """Fraction (0-1) of the article's characters that lie in reused passages."""
        if self._shares is not None:
            return self._shares[self._rank(doc_id)]
        length = len(self._lookups.document(doc_id).text)
        return _share(self._lookups.passages_in(doc_id), length)

    def reuse_shares(self) -> Sequence[float]:
        """Every article's reuse share, in corpus order (computed once, on first use)."""
        if self._shares is None:
            every = self._lookups.every_passage()
            lengths = zip(self._lookups.ids(), self._lookups.lengths(), strict=True)
            self._shares = [_share(every.get(doc_id, ()), length) for doc_id, length in lengths]
        return self._shares

    # passages under a cursor ---------------------------------------------------------
    def clusters_at(self, doc_id: str, start: int, end: int) -> list[tuple[Span, int]]:
        """Reused passages of `doc_id` overlapping `[start, end)`, with their cluster ids."""
        spans = self._lookups.passages_in(doc_id)
        if not spans:
            return []
        starts = self._passage_starts.get(doc_id)
        if starts is None:
            starts = self._passage_starts[doc_id] = [span.start for span, _ in spans]
        found = []
        # passages are sorted by start; any overlap starts before `end`
        for index in range(bisect_left(starts, end) - 1, -1, -1):
            span, cluster_id = spans[index]
            if span.end > start and span.start < end:
                found.append((span, cluster_id))
            if len(found) > 64:
                break
        found.reverse()
        return found

    def is_reused(self, doc_id: str, start: int, end: int) -> bool:
        return bool(self.clusters_at(doc_id, start, end))

    def echoes(self, doc_id: str, start: int, end: int) -> list[Echo]:
        """Every other occurrence of the passages overlapping `[start, end)` of `doc_id`:
        likely source first, then by similarity."""
        echoes: list[Echo] = []
        for here, cluster_id in self.clusters_at(doc_id, start, end):
            cluster = self._lookups.cluster(cluster_id)
            origin = self.provenance(cluster_id)
            source = origin.first if origin.claim == "source" else None
            ties = {origin.first, *origin.tied} if origin.claim == "same-day" else set()
            for there in cluster.passages:
                if there == here:
                    continue
                similarity, shared_here, shared_there = self._shared(cluster_id, here, there)
                echoes.append(
                    Echo(
                        cluster_id,
                        here,
                        there,
                        self._lookups.document(there.doc),
                        similarity,
                        shared_here,
                        shared_there,
                        likely_source=there == source,
                        same_day=here in ties and there in ties,
                    )
                )
        echoes.sort(key=lambda e: (not e.likely_source, -e.similarity, self._rank(e.there.doc)))
        return echoes

    def _cluster_alignments(self, cluster_id: int) -> dict[tuple[Span, Span], Alignment]:
        """The cluster's alignments by their two passages (every alignment of a cluster joins
        two of its passages, so no other cluster's alignments can match)."""
        found = self._alignments.get(cluster_id)
        if found is None:
            found = {(al.a, al.b): al for al in self._alignment_lists.get(cluster_id, ())}
            self._alignments[cluster_id] = found
        return found

    def _shared(
        self, cluster_id: int, here: Span, there: Span
    ) -> tuple[float, tuple[CharRange, ...], tuple[CharRange, ...]]:
        """Similarity and shared words of two passages of a cluster, kept once asked: a long
        passage has thousands of shared runs, and every cursor move inside it asks again."""
        key = (cluster_id, here, there)
        found = self._shared_words.get(key)
        if found is None:
            if len(self._shared_words) >= SHARED_WORDS_KEPT:
                self._shared_words.clear()
            found = self._shared_words[key] = self._find_shared(cluster_id, here, there)
        return found

    def _find_shared(
        self, cluster_id: int, here: Span, there: Span
    ) -> tuple[float, tuple[CharRange, ...], tuple[CharRange, ...]]:
        alignments = self._cluster_alignments(cluster_id)
        direct = alignments.get((here, there))
        if direct is not None:
            return (
                direct.similarity,
                tuple((r[0], r[1]) for r in direct.shared),
                tuple((r[2], r[3]) for r in direct.shared),
            )
        reverse = alignments.get((there, here))
        if reverse is not None:
            return (
                reverse.similarity,
                tuple((r[2], r[3]) for r in reverse.shared),
                tuple((r[0], r[1]) for r in reverse.shared),
            )
        text_here = self._lookups.document(here.doc).text
        return shared_words(text_here, here, self._lookups.document(there.doc).text, there)

    def provenance(self, cluster_id: int) -> Provenance:
        """Who had the cluster's passage first, and whether the dates tell a direction."""
        found = self._provenance.get(cluster_id)
        if found is None:
            passages = self._lookups.cluster(cluster_id).passages
            found = copies_of.provenance(passages, self.document, self._rank)
            self._provenance[cluster_id] = found
        return found

    def earliest(self, cluster_id: int) -> Span:
        """The cluster's passage in the earliest-dated article (corpus order breaks ties)."""
        return self.provenance(cluster_id).first

    def likely_source(self, cluster_id: int) -> Span | None:
        """The earliest passage when its article is dated before every other article of the
        cluster; None when dates tie on the first day, a copy is undated, or all are in one
        article: then no direction is claimed."""
        origin = self.provenance(cluster_id)
        return origin.first if origin.claim == "source" else None

    def copies(self, cluster_id: int) -> list[Copy]:
        """Every copy of the cluster's passage in date order, each against the earliest."""

        def similarity(first: Span, copy: Span) -> float:
            return self._shared(cluster_id, first, copy)[0]

        passages = self._lookups.cluster(cluster_id).passages
        return copies_of.copies(passages, self.document, self._rank, similarity)

    def drift_between(self, here: Span, there: Span) -> tuple[Drift, ...]:
        """Quote, figure and name differences between two copies (`a` in `here`'s offsets)."""
        key = (here, there)
        found = self._drift.get(key)
        if found is None:
            if len(self._drift) >= SHARED_WORDS_KEPT:
                self._drift.clear()
            text_here = self._lookups.document(here.doc).text
            text_there = self._lookups.document(there.doc).text
            found = self._drift[key] = compare(text_here, here, text_there, there).drift
        return found

    def drift_count(self, cluster_id: int) -> int:
        """Quote, figure and name differences of the copies against the earliest, counted."""
        found = self._drift_counts.get(cluster_id)
        if found is None:
            passages = self._lookups.cluster(cluster_id).passages
            found = copies_of.drift_count(passages, self.document, self._rank)
            self._drift_counts[cluster_id] = found
        return found

    def related_at(self, doc_id: str, start: int, end: int) -> list[Related]:
        """Same-fact links touching `[start, end)` of `doc_id`."""
        return [
            link
            for link in self._related.get(doc_id, ())
            if any(s.doc == doc_id and s.end > start and s.start < end for s in (link.a, link.b))
        ]

    # corpus overviews ------------------------------------------------------------------
    def cluster(self, cluster_id: int) -> Cluster:
        return self._lookups.cluster(cluster_id)

    def clusters_by_spread(self) -> list[Cluster]:
        """Clusters carried by the most articles first (the scan's order already)."""
        return list(self.result.clusters)

    def matrix(self, doc_ids: Sequence[str]) -> list[list[float]]:
        """`m[i][j]`: fraction of article i's characters in passages it shares with article j
        (the diagonal: text repeated inside the article itself)."""
        wanted = {d: i for i, d in enumerate(doc_ids)}
        shared: list[list[list[Span]]] = [[[] for _ in doc_ids] for _ in doc_ids]
        for cluster in self.result.clusters:
            inside = [p for p in cluster.passages if p.doc in wanted]
            for p in inside:
                for q in inside:
                    if p != q:
                        shared[wanted[p.doc]][wanted[q.doc]].append(p)
        matrix = []
        for i, doc_id in enumerate(doc_ids):
            length = len(self._lookups.document(doc_id).text) or 1
            matrix.append([_covered([(s, 0) for s in sorted(cell)]) / length for cell in shared[i]])
        return matrix

    def search(self, query: str, limit: int = 500) -> list[SearchHit]:
        """Case-insensitive literal matches of `query` across the corpus, in corpus order."""
        needle = query.casefold()
        if not needle.strip():
            return []
        hits: list[SearchHit] = []
        for document in self.documents:
            haystack = document.text.casefold()
            if len(haystack) != len(document.text):  # casefold changed lengths: use lower()
                haystack = document.text.lower()
                needle_here = query.lower()
            else:
                needle_here = needle
            position = haystack.find(needle_here)
            while position >= 0:
                hits.append(
                    SearchHit(Span(document.id, position, position + len(needle_here)), document)
                )
                if len(hits) >= limit:
                    return hits
                position = haystack.find(needle_here, position + 1)
        return hits

    def sentence_index(self, doc_id: str, offset: int) -> int:
        """Index of the sentence of `doc_id` holding `offset` (the nearest before it)."""
        return self.segments(doc_id).sentence_at(offset)


def _share(spans: Sequence[tuple[Span, int]], length: int) -> float:
    """Fraction of an article of `length` characters that `spans` (sorted) cover."""
    return _covered(spans) / length if spans and length else 0.0


def _covered(spans: Sequence[tuple[Span, int]]) -> int:
    """Characters covered by the union of (sorted) spans."""
    total, reach = 0, -1
    for span, _ in spans:
        if span.end <= reach:
            continue
        total += span.end - max(span.start, reach)
        reach = span.end
    return total


def shared_words(
    text_a: str, a: Span, text_b: str, b: Span
) -> tuple[float, tuple[CharRange, ...], tuple[CharRange, ...]]:
    """Word-level alignment of two passages: similarity (0-100) and the character ranges of the
    words they share verbatim, in each document's offsets."""
    tokens_a = tokenize(text_a[a.start : a.end])
    tokens_b = tokenize(text_b[b.start : b.end])
    blocks = [
        block
        for block in Indel.opcodes(tokens_a.words, tokens_b.words).as_matching_blocks()
        if block.size
    ]
    similarity = round(Indel.normalized_similarity(tokens_a.words, tokens_b.words) * 100, 1)
    here = tuple(
        (a.start + tokens_a.starts[k.a], a.start + tokens_a.ends[k.a + k.size - 1]) for k in blocks
    )
    there = tuple(
        (b.start + tokens_b.starts[k.b], b.start + tokens_b.ends[k.b + k.size - 1]) for k in blocks
    )
    return similarity, here, there
