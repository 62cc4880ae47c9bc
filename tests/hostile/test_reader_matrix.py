"""The reader (the real app under `App.run_test`) over the whole hostile-input matrix: it opens,
every good and every loadable hostile article is listed and drawn, nothing drawn holds a raw
control character or is read as markup, the warnings come as a few notices and all of them
are in the Warnings view (`w`)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget

from tests.hostile.checks import assert_warned, raw_controls
from tests.hostile.corpus import (
    CASE_IDS,
    CASES,
    GOOD,
    MARKUP_SOURCE,
    MARKUP_TITLE,
    Case,
    write_good,
)
from tui.printable import printable
from tui.reader.app import EchoesApp
from tui.reader.screens.reader import ReaderScreen
from tui.reader.screens.warnings import NOTICES, WarningsScreen
from tui.reader.theme import load_themes

DEADLINE = 180.0  # seconds for the scan worker; the 10 MB line takes the longest by far
SIZE = (120, 40)


def make_app(corpus: Path, **options: object) -> EchoesApp:
    themes, _ = load_themes()
    return EchoesApp([corpus], themes=themes, remember=False, **options)  # type: ignore[arg-type]


def painted(app: EchoesApp) -> list[str]:
    """The text every widget on screen draws now (borders and their titles included), one
    string per screen line of each widget."""
    lines = []
    for widget in app.screen.query(Widget):
        width, height = widget.outer_size
        if widget.display and width and height:
            region = Region(0, 0, width, height)
            lines.extend(strip.text for strip in widget.render_lines(region))
    return lines


async def opened(app: EchoesApp, pilot: Pilot[int]) -> ReaderScreen:
    await asyncio.wait_for(app.workers.wait_for_complete(), DEADLINE)
    await pilot.pause()
    assert isinstance(app.screen, ReaderScreen), app.exit_message
    return app.screen


async def _read(case: Case, corpus: Path) -> None:
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        reader = await opened(app, pilot)
        ids = [d.id for d in reader.index.documents]
        assert set(GOOD) | set(case.loads) <= set(ids)
        assert len(set(ids)) == len(ids)
        assert_warned(app.warnings, case)
        notices = [n.message for n in app._notifications]
        if case.warning_count <= NOTICES:
            assert notices == [printable(w) for w in app.warnings]
        else:
            assert len(notices) == 1 and notices[0].endswith("; w lists them")
        for doc_id in (*GOOD, *case.loads):
            reader.open_at(doc_id, 0)
            await pilot.pause()
            assert reader.doc_id == doc_id
            shown = painted(app)
            assert not raw_controls(shown), f"{doc_id}: {raw_controls(shown)[:5]}"
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, WarningsScreen)
        assert app.screen.lines() == [" ".join(printable(w).split()) for w in app.warnings]
        assert not raw_controls(painted(app))
        await pilot.press("q")
        await pilot.pause()
        assert app.screen is reader


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_reader_opens_every_case_and_shows_it_literally(case: Case, tmp_path: Path) -> None:
    asyncio.run(_read(case, case.corpus(tmp_path / "corpus")))


def test_markup_in_titles_and_sources_is_drawn_as_text(tmp_path: Path) -> None:
    corpus = next(c for c in CASES if c.name == "markup").corpus(tmp_path / "corpus")

    async def scenario() -> None:
        app = make_app(corpus, use_cache=False)
        async with app.run_test(size=SIZE) as pilot:
            reader = await opened(app, pilot)
            reader.open_at("markup-1", 0)
            await pilot.pause()
            shown = "\n".join(painted(app))
            assert f"─{MARKUP_TITLE}─" in shown or f" {MARKUP_TITLE} " in shown  # its title
            assert MARKUP_SOURCE in shown  # the list's source line, not a link
            assert "[bold]x[/]" in shown
            links = [
                segment
                for widget in app.screen.query(Widget)
                if widget.display and widget.outer_size.area
                for strip in widget.render_lines(Region(0, 0, *widget.outer_size))
                for segment in strip
                if segment.style is not None and segment.style.link
            ]
            assert not links, "markup in an article became a link"

    asyncio.run(scenario())


def test_a_markup_title_on_the_first_article_does_not_stop_the_start(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a-first.txt").write_text(f"{MARKUP_TITLE}\n\nBody of the first.\n", "utf-8")
    write_good(corpus)

    async def scenario() -> None:
        app = make_app(corpus, use_cache=False)
        async with app.run_test(size=SIZE) as pilot:
            reader = await opened(app, pilot)
            assert reader.doc_id == "a-first"
            assert reader.article.border_title is not None
            assert MARKUP_TITLE in "\n".join(painted(app))

    asyncio.run(scenario())
