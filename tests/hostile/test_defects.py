"""The ten defects of issue 16, one test (or a few) each, written against what a person sees.

They import only what existed before the fixes, so each can be run against the old code and
seen to fail there (the matrix tests cover the same ground more widely; cache faults, FIFOs,
colliding ids, undecodable names and `--output` are in test_faults.py and test_scan_matrix.py).
"""

from __future__ import annotations

import asyncio
import os
import pty
import subprocess
import sys
from pathlib import Path

from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widgets import Footer

from tests.conftest import SEEDS
from tests.hostile.corpus import ESCAPES_BODY, MARKUP_TITLE, write_flood, write_good
from tui.printable import printable
from tui.reader.app import EchoesApp
from tui.reader.screens.clusters import ClustersScreen
from tui.reader.screens.reader import ReaderScreen
from tui.reader.theme import load_themes
from tui.reader.widgets.article_view import ArticleMarks, ArticleView, wrap_paragraphs
from tui.reader.widgets.search_bar import SearchBar


def make_app(paths: list[Path], **options: object) -> EchoesApp:
    themes, _ = load_themes()
    return EchoesApp(paths, themes=themes, remember=False, **options)  # type: ignore[arg-type]


def _run(scenario: object) -> None:
    asyncio.run(scenario)  # type: ignore[arg-type]


# 1. markup in a title or first line -------------------------------------------------------------
def test_1_an_article_whose_first_line_is_markup_opens_first_and_shows_it(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(f"{MARKUP_TITLE}\n\nThe body.\n", encoding="utf-8")
    (corpus / "b.txt").write_text("[bold]x[/]\n\nAnother body.\n", encoding="utf-8")
    app = make_app([corpus], use_cache=False)

    async def scenario() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(app.screen, ReaderScreen), app.exit_message
            view = app.screen.article
            top = view.render_lines(Region(0, 0, view.outer_size.width, 1))[0].text
            assert f" {MARKUP_TITLE} " in top  # the border title, as written
            await pilot.press("J")
            top = view.render_lines(Region(0, 0, view.outer_size.width, 1))[0].text
            assert " [bold]x[/] " in top

    _run(scenario())


# 2. the search field ----------------------------------------------------------------------------
def test_2_the_search_field_shows_what_is_typed_and_the_footer_does_not_cover_it() -> None:
    app = make_app([SEEDS], use_cache=False)

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("slash", *"Homs")
            await pilot.pause()
            bar = app.screen.query_one(SearchBar)
            footer = app.screen.query_one(Footer)
            assert not bar.region.overlaps(footer.region), (bar.region, footer.region)
            drawn = [s.text for s in bar.render_lines(Region(0, 0, *bar.outer_size))]
            assert any(line.strip() == "Homs" for line in drawn), drawn

    _run(scenario())


# 5. a flood of warnings -------------------------------------------------------------------------
def test_5_three_thousand_broken_lines_make_one_notice_that_counts_them(tmp_path: Path) -> None:
    corpus = write_good(tmp_path / "corpus")
    write_flood(corpus)
    app = make_app([corpus], use_cache=False)

    async def scenario() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(app.screen, ReaderScreen)
            (notice,) = [n.message for n in app._notifications]
            assert notice.startswith("3000 times: skipped, not valid JSON (")
            assert notice.endswith(" and 2997 more); w lists them")

    _run(scenario())


# 8. control characters cost neighbouring text ---------------------------------------------------
class ArticleHost(App[None]):
    """One article view at a chosen width, as the reader shows it."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        yield ArticleView(id="article")

    def on_mount(self) -> None:
        paragraphs = [(0, len(self.text))]
        self.query_one(ArticleView).show(self.text, paragraphs, ArticleMarks())


def test_8_an_escape_sequence_drawn_as_symbols_cuts_no_neighbouring_character() -> None:
    text = ESCAPES_BODY.split("\n\n")[1].strip()
    host = ArticleHost(text)

    async def scenario() -> None:
        async with host.run_test(size=(44, 30)) as pilot:
            await pilot.pause()
            view = host.query_one(ArticleView)
            width = view.scrollable_content_region.width
            lines = wrap_paragraphs(text, [(0, len(text))], width - 2)
            drawn = [view.render_line(y).text[2:].rstrip() for y in range(len(lines))]
            expected = [printable(text[s:e]).rstrip() for s, e in lines]
            assert drawn == expected  # every character of every line is on screen
            assert "".join(drawn).replace(" ", "") == printable(text).replace(" ", "")

    _run(scenario())


def _scan_to_a_terminal(corpus: Path, fmt: str) -> bytes:
    controller, terminal = pty.openpty()
    run = subprocess.Popen(
        [sys.executable, "-m", "tui", "scan", str(corpus), "--no-cache", "--format", fmt],
        stdout=terminal,
        stderr=subprocess.DEVNULL,
    )
    os.close(terminal)
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        chunks.append(chunk)
    run.wait(timeout=120)
    os.close(controller)
    return b"".join(chunks)


def test_8_scan_csv_and_text_on_a_terminal_show_escapes_and_files_keep_them(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("escapes", "escapes-copy"):
        (corpus / f"{name}.txt").write_text(ESCAPES_BODY, encoding="utf-8")
    for fmt in ("csv", "text"):
        shown = _scan_to_a_terminal(corpus, fmt)
        assert b"\x1b" not in shown and b"\x07" not in shown, shown[:300]
        assert "␛[2J".encode() in shown
    output = tmp_path / "out.csv"
    command = ["scan", str(corpus), "--no-cache", "--format", "csv", "--output", str(output)]
    done = subprocess.run(
        [sys.executable, "-m", "tui", *command],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0
    assert "\x1b]52;c;cHduZWQ=\x07" in output.read_text(encoding="utf-8")  # exact, in a file


# 10. q on a cluster opened from the Clusters view -----------------------------------------------
def test_10_q_on_a_cluster_from_the_clusters_view_goes_back_to_that_view() -> None:
    app = make_app([SEEDS], use_cache=False)

    async def scenario() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            reader = app.screen
            assert isinstance(reader, ReaderScreen)
            before = (reader.doc_id, reader.article.cursor)
            await pilot.press("c", "j", "s", "enter")
            await pilot.pause()
            assert app.screen is reader
            await pilot.press("q")
            await pilot.pause()
            assert app.is_running, "q quit the reader"
            view = app.screen
            assert isinstance(view, ClustersScreen)
            assert view.sort_name == "similarity"  # as it was left
            chosen = view.current_cluster()
            assert chosen is not None
            assert "sorted by similarity" in str(view.query_one("#clusters-header").render())
            await pilot.press("q")
            await pilot.pause()
            assert app.screen is reader and (reader.doc_id, reader.article.cursor) == before
            await pilot.press("q")
            await pilot.pause()
        assert app.return_code == 0

    _run(scenario())
