"""Narrowing a scan result to what the reader wants to see: a sub-corpus and the reuse in it.

Filters pick articles (by source and date) and, among them, the reuse to show (by kind, by
minimum similarity, across outlets only). The answer is an ordinary `ScanResult`, so the
filtered view answers every question the full one does (articles list, echoes, clusters,
matrix) with the same code. Nothing here detects anything: it only leaves things out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from tui.model import Cluster, Document, Related, ScanResult

KINDS = ("verbatim", "edited", "same fact")  # cluster kinds, then the related ("same fact") tier
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


class FilterError(ValueError):
    """A filter value the user typed that cannot be used, as one sentence."""


@dataclass(frozen=True)
class Filters:
    """What to show. The defaults show everything.

    `sources`: exact source names (empty: every source). `date_from`/`date_to`: inclusive
    bounds as "YYYY", "YYYY-MM" or "YYYY-MM-DD" (an article without a date is left out once a
    bound is set). `kinds`: which of KINDS to show. `min_similarity`: 0-100, for clusters.
    `cross_outlet`: only reuse carried by at least two different sources.
    """

    sources: tuple[str, ...] = ()
    date_from: str = ""
    date_to: str = ""
    kinds: tuple[str, ...] = KINDS
    min_similarity: float = 0.0
    cross_outlet: bool = False

    def __post_init__(self) -> None:
        for bound in (self.date_from, self.date_to):
            if bound and not _DATE.fullmatch(bound):
                raise FilterError(f"{bound!r} is not a date such as 2017, 2017-02 or 2017-02-07")
        if self.date_from and self.date_to and self.date_to < self.date_from[: len(self.date_to)]:
            raise FilterError(f"the range ends ({self.date_to}) before it starts")
        unknown = [kind for kind in self.kinds if kind not in KINDS]
        if unknown:
            raise FilterError(f"unknown kind {unknown[0]!r} (kinds: {', '.join(KINDS)})")
        if not 0 <= self.min_similarity <= 100:
            raise FilterError("the minimum similarity is a percentage, from 0 to 100")

    @property
    def active(self) -> bool:
        """Whether anything is left out."""
        return self != Filters()

    def keeps_document(self, document: Document) -> bool:
        if self.sources and document.source not in self.sources:
            return False
        if not (self.date_from or self.date_to):
            return True
        date = document.date.strip()
        if not date:
            return False
        if self.date_from and date[: len(self.date_from)] < self.date_from:
            return False
        return not (self.date_to and date[: len(self.date_to)] > self.date_to)

    def to_json(self) -> dict[str, object]:
        return {
            "sources": list(self.sources),
            "date_from": self.date_from,
            "date_to": self.date_to,
            "kinds": list(self.kinds),
            "min_similarity": self.min_similarity,
            "cross_outlet": self.cross_outlet,
        }

    @classmethod
    def from_json(cls, raw: Mapping[str, object]) -> Filters:
        """Filters as `to_json` wrote them; raises FilterError for anything else."""
        sources, kinds = raw.get("sources", []), raw.get("kinds", list(KINDS))
        date_from, date_to = raw.get("date_from", ""), raw.get("date_to", "")
        similarity, cross = raw.get("min_similarity", 0.0), raw.get("cross_outlet", False)
        if not (
            isinstance(sources, list)
            and all(isinstance(s, str) for s in sources)
            and isinstance(kinds, list)
            and all(isinstance(k, str) for k in kinds)
            and isinstance(date_from, str)
            and isinstance(date_to, str)
            and isinstance(similarity, int | float)
            and not isinstance(similarity, bool)
            and isinstance(cross, bool)
        ):
            raise FilterError("the saved filters are not in the expected form")
        return cls(tuple(sources), date_from, date_to, tuple(kinds), float(similarity), cross)


def filter_result(result: ScanResult, filters: Filters) -> ScanResult:
    """`result` with only the articles and the reuse `filters` keeps.

    A cluster keeps its passages in kept articles, and stays when at least two remain (and, with
    `cross_outlet`, they span two sources). Cluster ids, alignments and offsets are unchanged,
    so anything looked up by cluster id (stored alignments) still applies.
    """
    if not filters.active:
        return result
    documents = tuple(d for d in result.documents if filters.keeps_document(d))
    kept = {d.id: d for d in documents}
    clusters: list[Cluster] = []
    for cluster in result.clusters:
        if cluster.kind not in filters.kinds or cluster.similarity < filters.min_similarity:
            continue
        passages = tuple(p for p in cluster.passages if p.doc in kept)
        if len(passages) < 2:
            continue
        if filters.cross_outlet and len({kept[p.doc].source for p in passages} - {""}) < 2:
            continue
        clusters.append(replace(cluster, passages=passages))
    wanted = {c.id for c in clusters}
    related: tuple[Related, ...] = ()
    if "same fact" in filters.kinds:
        related = tuple(
            link
            for link in result.related
            if link.a.doc in kept
            and link.b.doc in kept
            and not (
                filters.cross_outlet
                and (
                    not kept[link.a.doc].source
                    or kept[link.a.doc].source == kept[link.b.doc].source
                )
            )
        )
    return replace(
        result,
        documents=documents,
        clusters=tuple(clusters),
        alignments=tuple((c, al) for c, al in result.alignments if c in wanted),
        boilerplate=tuple(s for s in result.boilerplate if s.doc in kept),
        related=related,
    )
