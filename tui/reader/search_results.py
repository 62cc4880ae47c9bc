"""A search's results as the reader steps through them: the query, its hits in corpus order and
the one on screen. Plain data, so stepping, wrapping and narrowing by filters are easy to test."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from tui.index.queries import SearchHit


@dataclass(frozen=True)
class SearchResults:
    """`hit` is the index of the hit on screen, -1 when there is none."""

    query: str = ""
    hits: tuple[SearchHit, ...] = ()
    hit: int = -1

    @classmethod
    def starting_at(
        cls,
        query: str,
        hits: tuple[SearchHit, ...],
        here: tuple[int, int],
        position: Callable[[str], int | None],
    ) -> SearchResults:
        """The results with the first hit at or after `here` (article position, offset) on
        screen, wrapping to the first hit of the corpus."""
        first = next(
            (
                number
                for number, hit in enumerate(hits)
                if (position(hit.span.doc) or 0, hit.span.start) >= here
            ),
            0,
        )
        return cls(query, hits, first if hits else -1)

    @property
    def current(self) -> SearchHit | None:
        return self.hits[self.hit] if 0 <= self.hit < len(self.hits) else None

    def step(self, direction: int) -> SearchResults:
        """The next (or previous) hit on screen, round from the last to the first."""
        if not self.hits:
            return self
        return replace(self, hit=(self.hit + direction) % len(self.hits))

    def within(self, keep: Callable[[SearchHit], bool]) -> SearchResults:
        """Only the hits `keep` accepts (those in articles the filters let through)."""
        hits = tuple(hit for hit in self.hits if keep(hit))
        return replace(self, hits=hits, hit=min(self.hit, len(hits) - 1))

    def status(self) -> str:
        """What the status line says of this search: empty when there is none."""
        if not self.query:
            return ""
        if not self.hits:
            return f"“{self.query}” not found"
        return f"“{self.query}” {self.hit + 1}/{len(self.hits)}"
