"""What the Clusters, Copies and Matrix views look like on the seeds, at 80×24 and 160×48.

Snapshots are SVG screenshots accepted by a person (`pytest --snapshot-update`, then look at
them); any change in what is drawn fails the comparison. Animations are off so each is stable.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.app import App
from textual.screen import Screen

from tests.conftest import write_dated_seeds
from tui.index.indexer import open_corpus
from tui.index.queries import ReuseIndex
from tui.model import Span
from tui.reader.screens.clusters import ClustersScreen
from tui.reader.screens.copies import CopiesScreen
from tui.reader.screens.matrix import MatrixScreen
from tui.reader.theme import DEFAULT_THEME, highlight_styles, load_themes

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


@pytest.fixture(scope="module")
def dated(tmp_path_factory: pytest.TempPathFactory) -> ReuseIndex:
    corpus = write_dated_seeds(Path(tmp_path_factory.mktemp("dated")) / "dated.jsonl")
    return ReuseIndex(open_corpus([corpus], use_cache=False).result)


def theme_styles() -> dict[str, object]:
    themes, _ = load_themes()
    return dict(highlight_styles(themes[DEFAULT_THEME], no_color=False))


def carter(index: ReuseIndex) -> int:
    for cluster in index.clusters_by_spread():
        first = index.earliest(cluster.id)
        if "Carter later said" in index.document(first.doc).text[first.start : first.end]:
            return cluster.id
    raise AssertionError("the seeds lost the Carter quote")


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


@pytest.mark.parametrize("size", SIZES)
def test_clusters_overview_sorted_by_drift(
    snap_compare: SnapCompare, seeds: ReuseIndex, size: tuple[int, int]
) -> None:
    assert snap_compare(ViewHost(ClustersScreen(seeds)), press=["s", "s", "s"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_copies_of_the_carter_quote_with_drift_marks_and_provenance(
    snap_compare: SnapCompare, dated: ReuseIndex, size: tuple[int, int]
) -> None:
    screen = CopiesScreen(dated, carter(dated), highlights=theme_styles())  # type: ignore[arg-type]
    assert snap_compare(ViewHost(screen), press=["j"], terminal_size=size)
