"""What the Clusters overview and the Matrix view look like on the seeds, at 80×24 and 160×48.

Snapshots are SVG screenshots accepted by a person (`pytest --snapshot-update`, then look at
them); any change in what is drawn fails the comparison. Animations are off so each is stable.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.app import App
from textual.screen import Screen

from tui.index.indexer import open_corpus
from tui.index.queries import ReuseIndex
from tui.model import Span
from tui.reader.screens.clusters import ClustersScreen
from tui.reader.screens.matrix import MatrixScreen

SnapCompare = Callable[..., bool]
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]


class ViewHost(App[None]):
    """Shows one view over an empty main screen, as the reader would push it."""

    def __init__(self, view: Screen[Span | None]) -> None:
        super().__init__()
        self.animation_level = "none"
        self.view = view

    def on_mount(self) -> None:
        self.push_screen(self.view)


@pytest.fixture(scope="module")
def seeds() -> ReuseIndex:
    return ReuseIndex(open_corpus([], use_cache=False).result)


@pytest.mark.parametrize("size", SIZES)
def test_clusters_overview_with_the_carter_quote_highlighted(
    snap_compare: SnapCompare, seeds: ReuseIndex, size: tuple[int, int]
) -> None:
    assert snap_compare(ViewHost(ClustersScreen(seeds)), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_clusters_overview_sorted_by_similarity(
    snap_compare: SnapCompare, seeds: ReuseIndex, size: tuple[int, int]
) -> None:
    assert snap_compare(ViewHost(ClustersScreen(seeds)), press=["s", "j"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_matrix_with_the_cursor_on_the_strongest_pair(
    snap_compare: SnapCompare, seeds: ReuseIndex, size: tuple[int, int]
) -> None:
    # row 1, column 3: the strongest share in the seeds (the Carter quote among it)
    assert snap_compare(ViewHost(MatrixScreen(seeds)), press=["l", "l"], terminal_size=size)
