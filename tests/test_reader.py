"""The reader on the real seeds, driven by keys under `App.run_test` at fixed terminal sizes.

Every test waits for the scan worker rather than sleeping. The Carter quote is the issue's
yardstick: seed 000 (Al Jazeera) quotes "[It] does appear…", seed 002 (Irish Times) has
"Mr Carter said of the strikes: “It does appear…".
"""

from __future__ import annotations

import asyncio
import functools
import gc
import json
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from rich.style import Style
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import ProgressBar, Static

from tests.conftest import SEEDS
from tui.index.indexer import open_corpus
from tui.index.queries import ReuseIndex
from tui.index.store import StoredAlignments
from tui.model import Cluster, Document, ScanResult, Span
from tui.reader.app import EXIT_CANCELLED, EchoesApp
from tui.reader.screens.help import HelpScreen
from tui.reader.screens.loading import LoadingScreen
from tui.reader.screens.reader import ReaderScreen
from tui.reader.state import Position, save_position
from tui.reader.theme import load_themes
from tui.reader.widgets.article_list import ArticleList, meta_line, share_bar
from tui.reader.widgets.article_view import ArticleMarks, ArticleView, wrap_paragraphs
from tui.reader.widgets.status_line import StatusLine

AL_JAZEERA = "000_7286a1352e34bfc5"
IRISH_TIMES = "002_4e7ccc9cad03257e"
CARTER_HERE = "Carter later said of the strikes"
CARTER_THERE = "Mr Carter said of the strikes"
WIDE = (160, 48)
SMALL = (80, 24)


def synchronously(
    test: Callable[..., Coroutine[Any, Any, None]],
) -> Callable[..., None]:
    """Run an async test body to completion (pytest itself has no async support here)."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


def make_app(paths: list[Path] | None = None, **options: Any) -> EchoesApp:
    themes, warnings = load_themes()
    assert not warnings
    options.setdefault("remember", False)
    return EchoesApp(paths if paths is not None else [SEEDS], themes=themes, **options)


@asynccontextmanager
async def reading(
    app: EchoesApp, size: tuple[int, int] = WIDE
) -> AsyncIterator[tuple[Pilot[int], ReaderScreen]]:
    """Run `app`, wait until the scan worker is done and the reader is on screen."""
    async with app.run_test(size=size) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen), f"still on {app.screen!r}"
        yield pilot, app.screen


def sentence_text(reader: ReaderScreen) -> str:
    start, end = reader.article.cursor
    return reader.index.document(reader.doc_id).text[start:end]


def visible_text(view: ArticleView) -> str:
    """What the article view shows now, line by line, as plain text."""
    return "\n".join(
        "".join(segment.text for segment in view.render_line(y))
        for y in range(view.scrollable_content_region.height)
    )


def styled_words(view: ArticleView, style: Style) -> list[str]:
    """Text painted with `style` (as part of its combined style) on screen."""
    found = []
    for y in range(view.scrollable_content_region.height):
        for segment in view.render_line(y):
            combined = segment.style or Style()
            if (style.bgcolor is not None and combined.bgcolor == style.bgcolor) or (
                style.bgcolor is None and style.bold and combined.bold
            ):
                found.append(segment.text)
    return found


# landing on the Carter quote ---------------------------------------------------------------
@pytest.mark.parametrize("size", [WIDE, SMALL], ids=["160x48", "80x24"])
@synchronously
async def test_n_lands_on_the_carter_quote_with_the_irish_times_version_beside_it(
    size: tuple[int, int],
) -> None:
    async with reading(make_app(), size) as (pilot, reader):
        assert reader.doc_id == AL_JAZEERA
        await pilot.press("n")
        assert sentence_text(reader).startswith(CARTER_HERE)
        pane = reader.echoes_pane
        assert [echo.there.doc for echo in pane.echoes] == [IRISH_TIMES]
        echo = pane.echoes[0]
        there = echo.document.text
        shared = [there[s:e] for s, e in echo.shared_there]
        assert any("does appear" in run for run in shared)
        assert not any("whole" in run for run in shared), "a changed word counted as shared"
        # the pane shows the other version, whole, and the view shows the cursor sentence
        rendered = pane.get_option_at_index(0).prompt
        assert CARTER_THERE in str(rendered)
        assert "[It] does appear" in visible_text(reader.article)


@synchronously
async def test_shared_words_are_emphasised_and_changed_words_styled_apart() -> None:
    app = make_app()
    async with reading(app) as (pilot, reader):
        await pilot.press("n")
        shared_style = app.highlights["shared"]
        emphasised = "".join(styled_words(reader.article, shared_style))
        assert "does appear" in emphasised
        assert "later" not in emphasised, "the Irish Times has no 'later': not shared"
        prompt = reader.echoes_pane.get_option_at_index(0).prompt
        assert not isinstance(prompt, str)
        spans_by_text = {str(prompt)[span.start : span.end]: span.style for span in prompt.spans}
        # "whole", which the Irish Times added inside the quotation, is drift: marked apart
        assert spans_by_text.get("whole") == app.highlights["drift"]
        assert "this ≠whole approach" in str(prompt)
        assert spans_by_text.get("Mr") == app.highlights["differ"], "added outside the quote"
        assert any(
            "does appear" in text for text, style in spans_by_text.items() if style == shared_style
        )


class ArticleOnly(App[None]):
    """Just an article view, with one style per highlight role."""

    def compose(self) -> ComposeResult:
        yield ArticleView(id="article")


@synchronously
async def test_changed_words_follow_a_new_article_at_the_same_offsets() -> None:
    differ = Style(bgcolor="red")
    first, second = "alpha beta gamma delta", "omega sigma kappa theta"
    passage, shared = (0, 22), ((0, 5), (17, 22))  # the same offsets in both articles
    app = ArticleOnly()
    async with app.run_test(size=(60, 10)) as pilot:
        view = app.query_one(ArticleView)
        view.set_highlights({"differ": differ, "cursor": Style(underline=True)})
        view.show(first, [(0, len(first))], ArticleMarks())
        view.set_cursor(passage, passage, shared)
        await pilot.pause()
        assert " ".join(styled_words(view, differ)).split() == ["beta", "gamma"]
        view.set_cursor((0, 10), passage, shared)  # a move inside the same passage
        await pilot.pause()
        assert " ".join(styled_words(view, differ)).split() == ["beta", "gamma"]
        view.show(second, [(0, len(second))], ArticleMarks())
        view.set_cursor(passage, passage, shared)
        await pilot.pause()
        assert " ".join(styled_words(view, differ)).split() == ["sigma", "kappa"]


# moving ------------------------------------------------------------------------------------
@synchronously
async def test_sentence_article_and_page_keys_move_the_cursor() -> None:
    async with reading(make_app(), SMALL) as (pilot, reader):
        sentences = reader.index.segments(AL_JAZEERA).sentences
        await pilot.press("j", "j", "down")
        assert reader.sentence == 3
        await pilot.press("k", "up")
        assert reader.sentence == 1
        await pilot.press("G")
        assert reader.sentence == len(sentences) - 1
        await pilot.press("g")
        assert reader.sentence == 0
        await pilot.press("space")
        after_page = reader.sentence
        assert after_page > 1
        await pilot.press("b")
        assert reader.sentence < after_page
        await pilot.press("J")
        assert reader.doc_id == "001_1e6aa355d022f1a8"
        await pilot.press("right_square_bracket")
        assert reader.doc_id == IRISH_TIMES
        await pilot.press("K", "left_square_bracket")
        assert reader.doc_id == AL_JAZEERA
        await pilot.press("left_square_bracket")
        assert reader.doc_id == "004_6ccb1f5dfee232b0", "previous of the first wraps to the last"


@synchronously
async def test_n_and_shift_n_step_between_reused_passages_only() -> None:
    async with reading(make_app()) as (pilot, reader):
        visited = []
        for _ in range(3):
            await pilot.press("n")
            visited.append(reader.article.cursor)
            start, end = reader.article.cursor
            assert reader.index.is_reused(AL_JAZEERA, start, end)
        assert visited == sorted(visited) and len(set(visited)) == 3
        await pilot.press("N")
        assert reader.article.cursor == visited[1]


@synchronously
async def test_cursor_stays_on_screen_when_moving_far() -> None:
    async with reading(make_app(), SMALL) as (pilot, reader):
        await pilot.press("G")
        view = reader.article
        line = view.line_of(view.cursor[0])
        assert view.scroll_y <= line < view.scroll_y + view.page_height
        assert "▌" in visible_text(view)


# jumping and coming back -------------------------------------------------------------------
@pytest.mark.parametrize("size", [WIDE, SMALL], ids=["160x48", "80x24"])
@synchronously
async def test_enter_in_echoes_jumps_there_and_backspace_comes_back(size: tuple[int, int]) -> None:
    async with reading(make_app(), size) as (pilot, reader):
        await pilot.press("n")
        before = reader.article.cursor
        await pilot.press("tab")
        if reader.focused is not reader.echoes_pane:  # wide: tab reaches Echoes second
            await pilot.press("tab")
        assert reader.focused is reader.echoes_pane
        await pilot.press("enter")
        assert reader.doc_id == IRISH_TIMES
        assert sentence_text(reader).startswith(CARTER_THERE)
        assert reader.echoes_pane.echoes[0].there.doc == AL_JAZEERA
        assert not reader.echoes_pane.echoes[0].likely_source, "undated seeds: no claim"
        await pilot.press("backspace")
        assert reader.doc_id == AL_JAZEERA
        assert reader.article.cursor == before
        await pilot.press("ctrl+o")
        assert reader.doc_id == AL_JAZEERA, "an empty history goes nowhere"


@synchronously
async def test_articles_list_opens_an_article_and_sorts_by_reuse() -> None:
    async with reading(make_app(), SMALL) as (pilot, reader):
        articles = reader.query_one(ArticleList)
        await pilot.press("a")
        assert reader.has_class("-list") and articles.display
        assert reader.focused is articles
        await pilot.press("s")
        shares = [reader.index.reuse_share(d) for d in articles.doc_ids]
        assert shares == sorted(shares, reverse=True)
        await pilot.press("home", "enter")
        assert reader.doc_id == articles.doc_ids[0]
        assert not reader.has_class("-list")
        assert reader.focused is reader.article


class ListOnly(App[None]):
    """Just the Articles list over `index`, remembering which articles it asked to open."""

    def __init__(self, index: ReuseIndex) -> None:
        super().__init__()
        self.index = index
        self.opened: list[str] = []

    def compose(self) -> ComposeResult:
        yield ArticleList(self.index, id="articles")

    def on_mount(self) -> None:
        self.query_one(ArticleList).focus()

    def on_article_list_open(self, message: ArticleList.Open) -> None:
        self.opened.append(message.doc_id)


def synthetic_index(count: int) -> ReuseIndex:
    """`count` articles; every seventh shares a passage (longer the later it comes) with the
    first, so reuse shares differ and sorting by them changes the order."""
    documents = tuple(
        Document(
            f"d{number:04}",
            f"Headline {number}\n\n" + "Body text of a wire story. " * 8,
            title=f"Headline {number}",
            source="Wire",
            date=f"1987-03-{number % 28 + 1:02}",
        )
        for number in range(count)
    )
    clusters = tuple(
        Cluster(
            number,
            "verbatim",
            100.0,
            (Span("d0000", 0, 40), Span(f"d{number:04}", 0, 20 + number % 180)),
        )
        for number in range(7, count, 7)
    )
    return ReuseIndex(ScanResult(documents, clusters, (), ()))


def list_lines(articles: ArticleList) -> list[str]:
    """What the Articles list shows now, line by line, as plain text."""
    return [
        "".join(segment.text for segment in articles.render_line(y)).rstrip()
        for y in range(articles.scrollable_content_region.height)
    ]


@synchronously
async def test_articles_list_of_2000_renders_one_screen_and_moves_by_keys() -> None:
    app = ListOnly(synthetic_index(2000))
    async with app.run_test(size=(40, 20)) as pilot:
        articles = app.query_one(ArticleList)
        await pilot.pause()
        shown = list_lines(articles)
        assert shown[0] == "Headline 0" and shown[2] == "Headline 1"
        assert shown[1].startswith("Wire · 1987-03-01") and "% reused" in shown[1]
        assert len(articles._cache) <= articles.size.height, "rendered more than one screen"
        title, meta = articles.render_line(0), articles.render_line(1)
        assert all(seg.style and seg.style.bold for seg in title if seg.text.strip())
        assert all(seg.style and seg.style.dim for seg in meta if seg.text.strip())
        await pilot.press("down", "j", "j", "k")
        assert articles.current_id == "d0002"
        await pilot.press("end")
        assert articles.current_id == "d1999"
        assert "Headline 1999" in list_lines(articles), "the last article scrolled into view"
        await pilot.press("pageup")
        assert articles.current_id == f"d{1999 - 20 // 2:04}"
        await pilot.press("home")
        assert articles.current_id == "d0000" and articles.scroll_y == 0
        await pilot.press("up")
        assert articles.current_id == "d0000", "up at the top stays there"
        await pilot.press("G", "pagedown")
        assert articles.current_id == "d1999", "page down at the bottom stays there"


@synchronously
async def test_articles_list_sorts_by_reuse_and_keeps_the_highlighted_article() -> None:
    index = synthetic_index(300)
    app = ListOnly(index)
    async with app.run_test(size=(40, 20)) as pilot:
        articles = app.query_one(ArticleList)
        articles.select_article("d0014")
        await pilot.press("s")
        shares = [index.reuse_share(d) for d in articles.doc_ids]
        assert shares == sorted(shares, reverse=True) and shares[0] > shares[-1] == 0.0
        assert sorted(articles.doc_ids) == [d.id for d in index.documents]
        assert articles.current_id == "d0014"
        assert "Headline 14" in list_lines(articles)
        await pilot.press("s")
        assert articles.doc_ids == [d.id for d in index.documents]
        assert articles.current_id == "d0014"


@synchronously
async def test_articles_list_opens_by_enter_and_by_click() -> None:
    app = ListOnly(synthetic_index(50))
    async with app.run_test(size=(40, 20)) as pilot:
        await pilot.press("j", "j", "enter")
        assert app.opened == ["d0002"]
        await pilot.click(ArticleList, offset=(3, 7))  # line 7: the second line of article 3
        assert app.opened == ["d0002", "d0003"]
        assert app.query_one(ArticleList).current_id == "d0003"


@synchronously
async def test_articles_list_shows_titles_and_sources_literally() -> None:
    hostile = Document(
        "x", "Text.", title="[bold]Big[/bold] \x1b[31mred\\", source="[i]Wire[/i]\x1b", date="d"
    )
    app = ListOnly(ReuseIndex(ScanResult((hostile,), (), (), ())))
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        shown = list_lines(app.query_one(ArticleList))
        assert shown[0] == "[bold]Big[/bold] ␛[31mred\\"
        assert shown[1].startswith("[i]Wire[/i]␛ · d ")
        assert "\x1b" not in "".join(shown)


@synchronously
async def test_articles_list_cuts_long_titles_to_one_line() -> None:
    long_title = Document("x", "Text.", title="A very long headline " * 5)
    app = ListOnly(ReuseIndex(ScanResult((long_title,), (), (), ())))
    async with app.run_test(size=(30, 10)) as pilot:
        await pilot.pause()
        shown = list_lines(app.query_one(ArticleList))
        assert shown[0].startswith("A very long headline") and shown[0].endswith("…")
        assert len(shown[0]) <= 30 and shown[1].endswith("0% reused ········")


def test_share_bar_fills_in_eighths() -> None:
    assert share_bar(0.0) == "········"
    assert share_bar(1.0) == "████████"
    assert share_bar(0.5) == "████····"
    assert share_bar(1 / 16) == "▌·······"


@pytest.mark.parametrize(
    ("width", "expected"),
    [
        (50, "Deutsche Welle · 2017-02-07    12% reused █·······"),
        (40, "Deutsche Welle · 2017-02-07   12% reused"),
        (34, "Deutsche Welle · 2017-02-07    12%"),
        (30, "Deutsche Welle · 2017-02…  12%"),
    ],
)
def test_source_and_date_come_first_and_are_cut_last(width: int, expected: str) -> None:
    assert meta_line("Deutsche Welle · 2017-02-07", 0.12, width) == expected


def test_wrapping_keeps_offsets_and_paragraphs() -> None:
    text = "One two three four five.\n\nSix seven eight nine ten eleven."
    lines = wrap_paragraphs(text, [(0, 24), (26, 58)], 10)
    shown = [text[s:e] for s, e in lines]
    assert shown == [
        "One two",
        "three four",
        "five.",
        "",
        "Six seven",
        "eight nine",
        "ten",
        "eleven.",
    ]
    assert all(len(line) <= 10 for line in shown)


# search ------------------------------------------------------------------------------------
@synchronously
async def test_search_moves_between_hits_across_articles_and_esc_clears() -> None:
    async with reading(make_app(), SMALL) as (pilot, reader):
        await pilot.press("slash", *"Homs", "enter")
        assert reader.found.query == "Homs"
        assert len(reader.found.hits) > 3
        assert len({hit.span.doc for hit in reader.found.hits}) > 1
        first = reader.found.hits[reader.found.hit].span
        assert "Homs" in sentence_text(reader)
        seen_docs = {reader.doc_id}
        for _ in range(len(reader.found.hits)):
            await pilot.press("n")
            seen_docs.add(reader.doc_id)
            assert "homs" in sentence_text(reader).lower()
        assert seen_docs == {hit.span.doc for hit in reader.found.hits}
        assert reader.found.hits[reader.found.hit].span == first, "n wraps round to the first hit"
        assert "Homs" in str(reader.query_one("#status", StatusLine).render())
        await pilot.press("escape")
        assert reader.found.query == "" and reader.found.hits == ()
        position = reader.article.cursor
        await pilot.press("n")
        assert reader.article.cursor != position  # back to stepping between reused passages


@synchronously
async def test_search_with_no_hits_says_so() -> None:
    async with reading(make_app(), SMALL) as (pilot, reader):
        await pilot.press("slash", *"zebra crossing", "enter")
        assert reader.found.hits == ()
        assert "not found" in str(reader.query_one("#status", StatusLine).render())


# copy and export ---------------------------------------------------------------------------
@synchronously
async def test_y_copies_the_passage_to_the_clipboard_and_a_file(echoes_home: Path) -> None:
    app = make_app()
    async with reading(app) as (pilot, _reader):
        await pilot.press("n", "y")
        copied = (echoes_home / "state" / "copied.txt").read_text(encoding="utf-8")
        assert copied.startswith(CARTER_HERE) and "this approach" in copied
        assert app.clipboard == copied
        assert any("copied.txt" in n.message for n in app._notifications)


@synchronously
async def test_e_exports_the_cluster_as_json_and_text(echoes_home: Path) -> None:
    async with reading(make_app()) as (pilot, _reader):
        await pilot.press("n", "e")
        exports = list((echoes_home / "state" / "exports").glob("cluster-*.json"))
        assert len(exports) == 1
        record = json.loads(exports[0].read_text(encoding="utf-8"))
        docs = {p["doc"]: p for p in record["cluster"]["passages"]}
        assert set(docs) == {AL_JAZEERA, IRISH_TIMES}
        assert docs[IRISH_TIMES]["text"].startswith(CARTER_THERE)
        assert (
            exports[0].with_suffix(".txt").read_text(encoding="utf-8").count("of the strikes") == 2
        )


@synchronously
async def test_export_off_a_reused_passage_explains_instead(echoes_home: Path) -> None:
    app = make_app()
    async with reading(app) as (pilot, _reader):
        await pilot.press("e")
        assert not (echoes_home / "state" / "exports").exists()
        assert any("not on a reused passage" in n.message for n in app._notifications)


# help, palette, themes, keymap -------------------------------------------------------------
@synchronously
async def test_help_lists_every_reader_binding() -> None:
    app = make_app()
    async with reading(app, SMALL) as (pilot, reader):
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        shown = str(app.screen.query_one(Static).render())
        for binding in ReaderScreen.BINDINGS:
            assert binding.description in shown  # type: ignore[union-attr]
        lines = {line.split("  ")[-1].strip(): line for line in shown.splitlines()}
        assert lines["Narrower list"].split()[0] == "<", "keys as typed, not Textual's names"
        assert "less_than_sign" not in shown and "question_mark" not in shown
        await pilot.press("escape")
        assert app.screen is reader


@synchronously
async def test_palette_switches_theme_and_restyles_the_highlights() -> None:
    app = make_app()
    async with reading(app) as (pilot, reader):
        await pilot.press("n")
        dark_shared = app.highlights["shared"]
        await pilot.press("ctrl+p")
        await pilot.press(*"Theme: echoes-light")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "echoes-light"
        assert app.highlights["shared"] != dark_shared
        assert reader.roles["shared"] == app.highlights["shared"]


@synchronously
async def test_palette_lists_every_reader_action() -> None:
    app = make_app()
    async with reading(app) as (_pilot, _reader):
        titles = {action.title for action in app.palette_actions()}
        for binding in ReaderScreen.BINDINGS:
            assert binding.description in titles  # type: ignore[union-attr]
        assert "Theme: echoes-high-contrast" in titles


@synchronously
async def test_keymap_overrides_a_binding_by_id() -> None:
    app = make_app(keymap={"next_match": "x"})
    async with reading(app) as (pilot, reader):
        await pilot.press("n")
        assert reader.sentence == 0, "n no longer steps once the keymap moves it"
        await pilot.press("x")
        assert sentence_text(reader).startswith(CARTER_HERE)
        await pilot.press("question_mark")
        help_text = str(app.screen.query_one(Static).render())
        assert "x" in help_text.split("Next reuse")[0].splitlines()[-1]


@synchronously
async def test_no_color_keeps_highlights_apart_without_colour() -> None:
    app = make_app(no_color=True)
    async with reading(app) as (pilot, reader):
        await pilot.press("n")
        roles = app.highlights
        assert all(style.color is None and style.bgcolor is None for style in roles.values())
        for a in ("reused", "shared", "differ", "cursor", "search"):
            for b in ("reused", "shared", "differ", "cursor", "search"):
                if a != b:
                    assert roles[a] != roles[b], f"{a} and {b} look the same"
        assert "does appear" in "".join(styled_words(reader.article, Style(bold=True)))


# layout ------------------------------------------------------------------------------------
@synchronously
async def test_wide_terminal_shows_three_panes_side_by_side() -> None:
    async with reading(make_app(), WIDE) as (_pilot, reader):
        articles = reader.query_one(ArticleList)
        assert not reader.narrow
        assert articles.region.x < reader.article.region.x < reader.echoes_pane.region.x
        assert reader.article.region.width >= 60


@synchronously
async def test_80x24_stacks_article_over_echoes_with_nothing_cut() -> None:
    async with reading(make_app(), SMALL) as (pilot, reader):
        await pilot.press("n")
        assert reader.narrow
        article, echoes = reader.article.region, reader.echoes_pane.region
        assert article.bottom <= echoes.y and article.width == echoes.width == 80
        assert article.height >= 8 and echoes.height >= 6
        assert "Carter later said" in visible_text(reader.article)


@synchronously
async def test_too_small_terminal_says_so_instead_of_a_broken_layout() -> None:
    async with reading(make_app(), (50, 12)) as (pilot, reader):
        message = reader.query_one("#too-small", Static)
        assert message.display and message.region.width > 0
        assert "at least 60×15" in str(message.render())
        assert not reader.query_one("#panes").display
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert not message.display and reader.query_one("#panes").display


# article text is data ----------------------------------------------------------------------
@synchronously
async def test_brackets_markup_and_escape_bytes_in_articles_are_shown_literally(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    hostile = "He said: [It] was [bold]fine[/bold] \x1b[31mred\x1b[0m and a back\\slash."
    (corpus / "a.txt").write_text(f"Hostile text\n\n{hostile}\n", encoding="utf-8")
    (corpus / "b.txt").write_text(f"Other text\n\n{hostile}\n", encoding="utf-8")
    async with reading(make_app([corpus]), WIDE) as (pilot, reader):
        shown = visible_text(reader.article)
        assert "[It] was [bold]fine[/bold] ␛[31mred␛[0m and a back\\slash." in shown
        assert "\x1b" not in shown
        await pilot.press("n")
        prompt = str(reader.echoes_pane.get_option_at_index(0).prompt)
        assert "[bold]fine[/bold] ␛[31mred" in prompt


# start-up ----------------------------------------------------------------------------------
@synchronously
async def test_reopens_at_the_remembered_position() -> None:
    key = open_corpus([SEEDS]).key
    save_position(key, Position(IRISH_TIMES, 3060))
    app = make_app(remember=True)
    async with reading(app) as (_pilot, reader):
        assert reader.doc_id == IRISH_TIMES
        assert sentence_text(reader).startswith(CARTER_THERE)
        assert app.corpus_key == key


@synchronously
async def test_warnings_become_notifications(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text("A fine article.\n\nWith text.\n", encoding="utf-8")
    (corpus / "bad.txt").write_bytes(b"\xff\xfe\x00broken")
    app = make_app([corpus], use_cache=False)
    async with reading(app) as (_pilot, _reader):
        assert any("bad.txt" in n.message for n in app._notifications)


@synchronously
async def test_escape_while_scanning_cancels_with_a_clear_message(tmp_path: Path) -> None:
    corpus = tmp_path / "big"
    corpus.mkdir()
    paragraph = " ".join(f"word{i} and more words about topic {i % 37}." for i in range(400))
    for number in range(300):
        (corpus / f"{number:03}.txt").write_text(f"Title {number}\n\n{paragraph}\n", "utf-8")
    app = make_app([corpus], use_cache=False)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("escape")
        await app.workers.wait_for_complete()
    assert app.return_code == EXIT_CANCELLED
    assert "cancelled" in app.exit_message


def big_corpus(folder: Path, articles: int = 300) -> Path:
    """Enough long articles that scanning them takes a while."""
    folder.mkdir()
    paragraph = " ".join(f"word{i} and more words about topic {i % 37}." for i in range(400))
    for number in range(articles):
        (folder / f"{number:03}.txt").write_text(f"Title {number}\n\n{paragraph}\n", "utf-8")
    return folder


@synchronously
async def test_the_progress_bar_appears_once_the_scan_reports(tmp_path: Path) -> None:
    app = make_app([big_corpus(tmp_path / "big")], use_cache=False)
    async with app.run_test(size=SMALL) as pilot:
        loading = app.screen
        assert isinstance(loading, LoadingScreen)
        bar = loading.query_one(ProgressBar)
        assert not bar.display, "nothing reported yet: no bar"
        for _ in range(400):  # wait for the scan's first report, not for a fixed time
            await pilot.pause(0.02)
            if bar.display or app.screen is not loading:
                break
        assert bar.display
        assert "Opening the corpus" not in str(loading.query_one("#stage").render())
        await pilot.press("escape")
        await app.workers.wait_for_complete()


@synchronously
async def test_the_collector_gets_back_what_the_reader_froze() -> None:
    app = make_app()
    async with reading(app):
        assert gc.get_freeze_count() > 0, "the corpus and index are kept out of collections"
    assert gc.get_freeze_count() == 0


def _echoes_of_every_sentence(reader: ReaderScreen) -> list[tuple[str, int, list[Any]]]:
    seen = []
    for document in reader.index.documents:
        reader.open_at(document.id, 0)
        for number in range(len(reader.index.segments(document.id).sentences)):
            reader._move_to(number)
            seen.append((document.id, number, list(reader.echoes)))
    return seen


@synchronously
async def test_reopened_from_the_index_the_reader_shows_the_same_echoes() -> None:
    first = make_app()
    async with reading(first) as (_pilot, reader):
        assert not isinstance(reader.index._alignment_lists, StoredAlignments)  # scanned
        scanned = _echoes_of_every_sentence(reader)
    again = make_app()
    async with reading(again) as (_pilot, reader):
        stored = reader.index._alignment_lists
        assert isinstance(stored, StoredAlignments), "reopened: alignments decoded by cluster"
        reopened = _echoes_of_every_sentence(reader)
    assert any(echoes for _, _, echoes in scanned)
    assert reopened == scanned
