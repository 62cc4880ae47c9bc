"""The command palette's list of echoes actions: every binding and every theme, by name."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from textual.command import DiscoveryHit, Hit, Hits, Provider


@dataclass(frozen=True)
class PaletteAction:
    """One entry: what the user reads, a line of help, and what it does."""

    title: str
    help: str
    run: Callable[[], object]


class HasPaletteActions(Protocol):
    def palette_actions(self) -> Sequence[PaletteAction]: ...


class EchoesCommands(Provider):
    """Every action of the reader, searchable by name (ctrl+p)."""

    def _actions(self) -> Sequence[PaletteAction]:
        source = self.app
        lister = getattr(source, "palette_actions", None)
        return lister() if lister is not None else ()

    async def discover(self) -> Hits:
        for action in self._actions():
            yield DiscoveryHit(action.title, action.run, help=action.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for action in self._actions():
            score = matcher.match(action.title)
            if score > 0:
                yield Hit(score, matcher.highlight(action.title), action.run, help=action.help)
