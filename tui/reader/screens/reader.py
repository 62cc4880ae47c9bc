"""The main screen: Articles | Article | Echoes, and every reading key.

The screen holds the reading state (article, sentence, history, search, filters) and asks the
`ReuseIndex` what to show; the widgets only draw. With filters applied, `index` is the
filtered view and `full_index` the whole corpus. Wide terminals get three panes side by side,
the list widening with the terminal (`<` and `>` resize it); below `NARROW_BELOW` columns the
article and its echoes stack and the list opens in their place.

Over 500 lines on purpose: this is the one screen that owns the reading state, and its CSS and
bindings sit beside it as Textual's style asks. What could leave it has (layout rules:
`tui/reader/layout.py`; search results: `search_results.py`; exports: `cluster_export.py`);
splitting the rest would spread one state across mixins.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Input, Static

from tui import paths
from tui.index.filters import Filters
from tui.index.queries import Echo, ReuseIndex
from tui.model import Span
from tui.reader.cluster_export import export_cluster, keep_text
from tui.reader.layout import LIST_STEP, NARROW_BELOW, list_width, too_small
from tui.reader.screens.copies import CopiesScreen
from tui.reader.search_results import SearchResults
from tui.reader.state import Position
from tui.reader.widgets.article_list import ArticleList
from tui.reader.widgets.article_view import ArticleMarks, ArticleView
from tui.reader.widgets.echoes_pane import EchoesPane, article_label
from tui.reader.widgets.filter_bar import FilterBar, describe_filters
from tui.reader.widgets.search_bar import SearchBar
from tui.reader.widgets.status_line import StatusLine

PANES = ("articles", "article", "echoes")


class ReaderScreen(Screen[None]):
    """Read one article at a time while the Echoes pane follows the cursor."""

    AUTO_FOCUS = "#article"

    DEFAULT_CSS = """
    ReaderScreen #panes {
        layout: horizontal;
        height: 1fr;
    }
    ReaderScreen #articles, ReaderScreen #article, ReaderScreen #echoes {
        border: round $panel-lighten-2;
        border-title-color: $foreground;
        border-subtitle-color: $foreground-muted;
    }
    ReaderScreen #articles:focus-within, ReaderScreen #article:focus,
    ReaderScreen #echoes:focus {
        border: round $accent;
        border-title-style: bold;
    }
    ReaderScreen #articles { width: 30; }  /* set from the terminal's width: list_width */
    ReaderScreen #article { width: 3fr; }
    ReaderScreen #echoes { width: 2fr; }
    ReaderScreen.-narrow #panes { layout: vertical; }
    ReaderScreen.-narrow #articles, ReaderScreen.-narrow #article,
    ReaderScreen.-narrow #echoes {
        width: 1fr;
        border: none;
        border-top: solid $panel-lighten-2;
    }
    ReaderScreen.-narrow #article:focus, ReaderScreen.-narrow #echoes:focus,
    ReaderScreen.-narrow #articles:focus {
        border: none;
        border-top: heavy $accent;
    }
    ReaderScreen.-narrow #articles { display: none; height: 1fr; }
    ReaderScreen.-narrow #article { height: 11fr; }
    ReaderScreen.-narrow #echoes { height: 9fr; }
    ReaderScreen.-narrow.-list #articles { display: block; }
    ReaderScreen.-narrow.-list #article, ReaderScreen.-narrow.-list #echoes { display: none; }
    ReaderScreen #too-small {
        display: none;
        width: 1fr;
        height: 1fr;
        content-align: center middle;
        text-align: center;
    }
    ReaderScreen.-too-small #too-small { display: block; }
    ReaderScreen.-too-small #panes, ReaderScreen.-too-small StatusLine,
    ReaderScreen.-too-small Footer { display: none; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "next_sentence", "Next sentence", show=False, id="next_sentence"),
        Binding("k,up", "previous_sentence", "Previous sentence", show=False, id="prev_sentence"),
        Binding("n", "next_match", "Next reuse", id="next_match"),
        Binding("N", "previous_match", "Previous reuse", show=False, id="prev_match"),
        Binding(
            "J,right_square_bracket", "next_article", "Next article", show=False, id="next_article"
        ),
        Binding(
            "K,left_square_bracket",
            "previous_article",
            "Previous article",
            show=False,
            id="prev_article",
        ),
        Binding("space,pagedown", "page_down", "Page down", show=False, id="page_down"),
        Binding("b,pageup", "page_up", "Page up", show=False, id="page_up"),
        Binding("g,home", "top", "Top of article", show=False, id="top"),
        Binding("G,end", "bottom", "Bottom of article", show=False, id="bottom"),
        Binding("tab", "next_pane", "Pane", id="next_pane"),
        Binding("shift+tab", "previous_pane", "Previous pane", show=False, id="prev_pane"),
        Binding("backspace,ctrl+o", "back", "Back", id="back"),
        # priority: acted on before the next key is delivered, so what is typed right after
        # `/` or `f` (a burst from a paste or a slow link) lands in the field they open
        Binding("slash", "search", "Search", id="search", priority=True),
        Binding("escape", "clear", "Clear search", show=False, id="clear"),
        Binding("y", "copy", "Copy passage", show=False, id="copy"),
        Binding("e", "export", "Export cluster", show=False, id="export"),
        Binding("f", "filters", "Filters", id="filters", priority=True),
        Binding("v", "copies", "Copies of this passage", show=False, id="copies"),
        Binding("a", "articles", "Articles list", show=False, id="articles"),
        Binding(
            "less_than_sign", "resize_list(-1)", "Narrower list", show=False, id="list_narrower"
        ),
        Binding("greater_than_sign", "resize_list(1)", "Wider list", show=False, id="list_wider"),
        Binding("c", "app.clusters", "Clusters", show=False, id="clusters"),
        Binding("m", "app.matrix", "Matrix", show=False, id="matrix"),
        Binding("w", "app.warnings", "Warnings", show=False, id="warnings"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("q", "quit", "Quit", id="quit"),
    ]

    def __init__(
        self,
        index: ReuseIndex,
        start: Position | None = None,
        *,
        highlights: dict[str, Style] | None = None,
        filters: Filters | None = None,
    ) -> None:
        super().__init__()
        self.full_index = index.unfiltered
        self.index = self.full_index.filtered(filters or Filters())
        self.list_offset = 0
        self.doc_id = self.index.documents[0].id if self.index.documents else ""
        self.sentence = 0
        self.history: list[Position] = []
        self.roles: dict[str, Style] = dict(highlights or {})
        self.echoes: list[Echo] = []
        self.found = SearchResults()
        self._start = start
        # The view (Clusters, Matrix) that opened the article being read, to rebuild as it
        # was: `q` goes back there rather than quitting. Forgotten on moving to another article.
        self._came_from: Callable[[], Screen[Any]] | None = None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`/` and `f` are typed text, not commands, while a field has the cursor."""
        return not (action in ("search", "filters") and isinstance(self.focused, Input))

    # composition -------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield StatusLine(id="status")
        with Container(id="panes"):
            yield ArticleList(self.index, id="articles")
            yield ArticleView(id="article")
            yield EchoesPane(id="echoes")
        yield SearchBar(id="search")
        yield FilterBar(self.full_index.sources(), id="filter-bar")
        yield Static(id="too-small")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#articles", ArticleList).border_title = "Articles"
        self.query_one("#echoes", EchoesPane).border_title = "Echoes"
        self._apply_size(self.app.size.width, self.app.size.height)
        if not self.full_index.documents:
            self.query_one(StatusLine).update("This corpus has no articles.")
            return
        start = self._start
        if start is not None and self.index.position(start.doc) is not None:
            self.open_at(start.doc, start.offset)
        elif self.doc_id:
            self.open_at(self.doc_id, 0)
        else:
            self._show_nothing()
        self.query_one(ArticleView).focus()

    def on_resize(self, event: events.Resize) -> None:
        self._apply_size(event.size.width, event.size.height)

    def _apply_size(self, width: int, height: int) -> None:
        self.set_class(width < NARROW_BELOW, "-narrow")
        if width >= NARROW_BELOW:
            self.query_one("#articles").styles.width = list_width(width, self.list_offset)
        else:
            self.query_one("#articles").styles.width = None  # stacked: the CSS decides
        message = too_small(width, height)
        self.set_class(message is not None, "-too-small")
        if message is not None:
            self.query_one("#too-small", Static).update(Text(message))

    @property
    def narrow(self) -> bool:
        return self.has_class("-narrow")

    # reading state -----------------------------------------------------------------
    @property
    def article(self) -> ArticleView:
        return self.query_one("#article", ArticleView)

    @property
    def echoes_pane(self) -> EchoesPane:
        return self.query_one("#echoes", EchoesPane)

    @property
    def place(self) -> Position:
        return Position(self.doc_id, self.article.cursor[0])

    def set_highlights(self, styles: dict[str, Style]) -> None:
        """Use new highlight styles (a theme switch) everywhere."""
        self.roles = dict(styles)
        if not self.is_mounted or not self.index.documents:
            return
        self.article.set_highlights(self.roles)
        self._move_to(self.sentence)

    def open_at(self, doc_id: str, offset: int, *, remember: bool = False) -> None:
        """Show article `doc_id` with the cursor on the sentence holding `offset`."""
        if self.index.position(doc_id) is None:
            self.notify("That article is left out by the filters (f: change them).", timeout=3)
            return
        if remember:
            self.history.append(self.place)
        self._came_from = None
        if doc_id != self.doc_id or not self.article.text:
            self.doc_id = doc_id
            self._show_document()
        self._move_to(self.index.sentence_index(doc_id, offset))

    def came_from(self, view: Callable[[], Screen[Any]]) -> None:
        """The place just opened was chosen in a view; `view()` rebuilds it as it was."""
        self._came_from = view

    def _marks(self) -> ArticleMarks:
        doc = self.doc_id
        return ArticleMarks(
            reused=tuple((s.start, s.end) for s, _ in self.index.passages_in(doc)),
            boilerplate=tuple((s.start, s.end) for s in self.index.boilerplate_in(doc)),
            hits=tuple((h.span.start, h.span.end) for h in self.found.hits if h.span.doc == doc),
        )

    def _show_nothing(self) -> None:
        """No article passes the filters: say so, and how to change them."""
        self.doc_id = ""
        self.echoes = []
        self.article.show("", (), ArticleMarks())
        self.article.border_title = "No article"
        self.echoes_pane.show(self.index, "", [], [], self.roles)
        self.query_one(StatusLine).update(
            Text(
                f"No article matches the filters ({describe_filters(self.index.filters)})"
                " · f: change them",
                no_wrap=True,
                overflow="ellipsis",
            )
        )

    def _show_document(self) -> None:
        document = self.index.document(self.doc_id)
        view = self.article
        view.set_highlights(self.roles)
        view.show(document.text, self.index.segments(self.doc_id).paragraphs, self._marks())
        view.border_title = Content(article_label(document))  # a title is data, never markup
        self.query_one(ArticleList).select_article(self.doc_id)

    def _sentences(self) -> Sequence[tuple[int, int]]:
        if not self.doc_id:
            return ()
        return self.index.segments(self.doc_id).sentences

    def _move_to(self, sentence: int) -> None:
        if not self.doc_id:
            return
        sentences = self._sentences()
        if not sentences:
            self.article.set_cursor((0, 0))
            self.echoes = []
            self.echoes_pane.show(self.index, self.doc_id, [], [], self.roles)
            self._update_status()
            return
        self.sentence = max(0, min(sentence, len(sentences) - 1))
        start, end = sentences[self.sentence]
        self.echoes = self.index.echoes(self.doc_id, start, end)
        related = self.index.related_at(self.doc_id, start, end)
        self.echoes_pane.show(self.index, self.doc_id, self.echoes, related, self.roles)
        self._compare(self.echoes[0] if self.echoes else None)
        self._update_status()
        self.app_position_changed()

    def _compare(self, echo: Echo | None) -> None:
        """Mark the cursor sentence, and the words it shares with `echo`."""
        start, end = self._sentences()[self.sentence] if self._sentences() else (0, 0)
        if echo is None:
            self.article.set_cursor((start, end))
        else:
            here = echo.here
            self.article.set_cursor((start, end), (here.start, here.end), echo.shared_here)

    def _update_status(self) -> None:
        articles = self.query_one(ArticleList)
        self.query_one(StatusLine).show(
            article_label(self.index.document(self.doc_id)),
            self.sentence,
            len(self._sentences()),
            len(self.echoes),
            self.found.status(),
            article=articles.row_of(self.doc_id) or 0,
            articles=len(articles.doc_ids),
            share=self.index.reuse_share(self.doc_id),
            filters=describe_filters(self.index.filters),
        )

    def app_position_changed(self) -> None:
        """Tell the app where we are, so it can reopen here next time."""
        remember = getattr(self.app, "remember_place", None)
        if remember is not None and self.doc_id:
            remember(self.place)

    # messages from the panes -------------------------------------------------------
    def on_echoes_pane_compare(self, message: EchoesPane.Compare) -> None:
        self._compare(message.echo)

    def on_echoes_pane_jump(self, message: EchoesPane.Jump) -> None:
        self.open_at(message.span.doc, message.span.start, remember=True)
        self.set_focus(self.article)

    def on_article_list_open(self, message: ArticleList.Open) -> None:
        self.remove_class("-list")
        self.open_at(message.doc_id, 0, remember=message.doc_id != self.doc_id)
        self.set_focus(self.article)

    # actions: moving ---------------------------------------------------------------
    def action_next_sentence(self) -> None:
        self._move_to(self.sentence + 1)

    def action_previous_sentence(self) -> None:
        self._move_to(self.sentence - 1)

    def action_top(self) -> None:
        self._move_to(0)

    def action_bottom(self) -> None:
        self._move_to(len(self._sentences()) - 1)

    def _page(self, direction: int) -> None:
        if not self.doc_id:
            return
        view = self.article
        step = max(1, view.page_height - 2)
        line = view.line_of(view.cursor[0]) + direction * step
        target = self.index.sentence_index(self.doc_id, view.line_start(line))
        if target == self.sentence:
            target += direction
        self._move_to(target)

    def action_page_down(self) -> None:
        self._page(1)

    def action_page_up(self) -> None:
        self._page(-1)

    def action_next_match(self) -> None:
        if self.found.query:
            self._step_hit(1)
        else:
            self._step_reused(1)

    def action_previous_match(self) -> None:
        if self.found.query:
            self._step_hit(-1)
        else:
            self._step_reused(-1)

    def _step_reused(self, direction: int) -> None:
        """Move to the next (or previous) sentence holding a reused passage."""
        sentences = self._sentences()
        order = range(self.sentence + 1, len(sentences))
        if direction < 0:
            order = range(self.sentence - 1, -1, -1)
        for number in order:
            start, end = sentences[number]
            if self.index.is_reused(self.doc_id, start, end):
                self._move_to(number)
                return
        where = "after" if direction > 0 else "before"
        self.notify(f"No reused passage {where} this one in this article.", timeout=3)

    def _step_article(self, direction: int) -> None:
        articles = self.query_one(ArticleList)
        order = articles.doc_ids
        if not order:
            return
        position = articles.row_of(self.doc_id) or 0
        self.open_at(order[(position + direction) % len(order)], 0)

    def action_next_article(self) -> None:
        self._step_article(1)

    def action_previous_article(self) -> None:
        self._step_article(-1)

    def action_back(self) -> None:
        if not self.history:
            self.notify("Nothing to go back to.", timeout=2)
            return
        place = self.history.pop()
        self.open_at(place.doc, place.offset)
        self.set_focus(self.article)

    # actions: panes ----------------------------------------------------------------
    def _focused_pane(self) -> str:
        node = self.focused
        while isinstance(node, Widget):
            if node.id in PANES:
                return node.id or "article"
            node = node.parent if isinstance(node.parent, Widget) else None
        return "article"

    def _focus_pane(self, pane: str) -> None:
        self.set_class(self.narrow and pane == "articles", "-list")
        widget = self.query_one(f"#{pane}")
        self.set_focus(widget)  # now, not later: a key typed right after tab must land here

    def action_next_pane(self) -> None:
        order = list(PANES)
        self._focus_pane(order[(order.index(self._focused_pane()) + 1) % len(order)])

    def action_previous_pane(self) -> None:
        order = list(PANES)
        self._focus_pane(order[(order.index(self._focused_pane()) - 1) % len(order)])

    def action_articles(self) -> None:
        self._focus_pane("articles")

    # actions: search ---------------------------------------------------------------
    def action_search(self) -> None:
        bar = self.query_one(SearchBar)
        bar.open()
        self.set_focus(bar)  # now, not later: keys typed right after `/` must land in it

    def on_input_submitted(self, event: SearchBar.Submitted) -> None:
        event.stop()
        bar = self.query_one(SearchBar)
        bar.close()
        self.set_focus(self.article)
        self.search(event.value)

    def on_search_bar_cancelled(self) -> None:
        self.set_focus(self.article)

    # actions: filters, copies and layout --------------------------------------------
    def action_filters(self) -> None:
        self.query_one(FilterBar).open(self.index.filters)

    def on_filter_bar_closed(self) -> None:
        self.set_focus(self.article)

    def on_filter_bar_applied(self, message: FilterBar.Applied) -> None:
        self.set_focus(self.article)
        self.apply_filters(message.filters)
        remember = getattr(self.app, "remember_filters", None)
        if remember is not None:
            remember(message.filters)

    def apply_filters(self, filters: Filters) -> None:
        """Narrow every pane to `filters`, staying on the current article when it passes."""
        place = self.place if self.doc_id else None
        self.index = self.full_index.filtered(filters)
        self.query_one(ArticleList).set_index(self.index)
        self.found = self.found.within(lambda hit: self.index.position(hit.span.doc) is not None)
        self.article.text = ""  # the marks change with the view: redraw the article
        if place is not None and self.index.position(place.doc) is not None:
            self.open_at(place.doc, place.offset)
        elif self.index.documents:
            self.open_at(self.index.documents[0].id, 0)
        else:
            self._show_nothing()
        count = len(self.index.documents)
        shown = f"{count} of {len(self.full_index.documents)} articles"
        self.notify(f"Filters {'applied' if filters.active else 'cleared'}: {shown}", timeout=3)

    def action_copies(self) -> None:
        _, cluster_id = self._current_passage()
        if cluster_id is None:
            self.notify("The cursor is not on a reused passage: no copies to show.", timeout=3)
            return
        view = CopiesScreen(self.index, cluster_id, highlights=self.roles)
        push_view = getattr(self.app, "push_view", self.app.push_screen)
        push_view(view)  # what it opens, `q` there comes back to it

    def action_resize_list(self, direction: int) -> None:
        width = self.app.size.width
        if width < NARROW_BELOW:
            self.notify("The list takes the whole width here (a: show it).", timeout=2)
            return
        before = list_width(width, self.list_offset)
        self.list_offset += direction * LIST_STEP
        after = list_width(width, self.list_offset)
        self.list_offset = after - list_width(width)  # no growing past the bounds unseen
        if after == before:
            self.notify(f"The list is as {'wide' if direction > 0 else 'narrow'} as it goes.")
        self._apply_size(width, self.app.size.height)

    def search(self, query: str) -> None:
        """Find `query` across the corpus and move to the first hit at or after the cursor."""
        query = query.strip()
        if not query:
            self.action_clear()
            return
        position = self.index.position
        here = (position(self.doc_id) or 0, self.article.cursor[0])
        self.found = SearchResults.starting_at(
            query, tuple(self.index.search(query)), here, position
        )
        self.article.set_marks(self._marks())
        if not self.found.hits:
            self._update_status()
            self.notify(f"“{query}” is not in this corpus.", severity="warning", timeout=3)
            return
        self._go_to_hit()

    def _go_to_hit(self) -> None:
        hit = self.found.current
        if hit is None:
            return
        moved = hit.span.doc != self.doc_id
        self.open_at(hit.span.doc, hit.span.start)
        if moved:
            self.article.set_marks(self._marks())

    def _step_hit(self, direction: int) -> None:
        if not self.found.hits:
            self.notify("No hits for this search.", timeout=2)
            return
        self.found = self.found.step(direction)
        self._go_to_hit()

    def action_clear(self) -> None:
        if self.narrow and self.has_class("-list"):
            self._focus_pane("article")
            return
        if not self.found.query:
            return
        self.found = SearchResults()
        self.article.set_marks(self._marks())
        self._update_status()

    # actions: keeping things -------------------------------------------------------
    def _current_passage(self) -> tuple[Span, int | None]:
        """The reused passage under the cursor with its cluster, else the sentence."""
        start, end = self._sentences()[self.sentence] if self._sentences() else (0, 0)
        found = self.index.clusters_at(self.doc_id, start, end) if self.doc_id else []
        if found:
            return found[0]
        return Span(self.doc_id, start, end), None

    def action_copy(self) -> None:
        if not self.doc_id:
            return
        span, _ = self._current_passage()
        text = self.index.document(span.doc).text[span.start : span.end]
        self.app.copy_to_clipboard(text)
        try:
            target = keep_text(paths.state_dir() / "copied.txt", text)
        except OSError as error:
            self.notify(f"Copied to the clipboard; could not write a file: {error}", timeout=6)
            return
        self.notify(f"Copied {len(text)} characters (also in {target})", timeout=6)

    def action_export(self) -> None:
        _, cluster_id = self._current_passage()
        if cluster_id is None:
            self.notify(
                "The cursor is not on a reused passage: nothing to export.",
                severity="warning",
                timeout=4,
            )
            return
        try:
            written = export_cluster(self.index, cluster_id, paths.state_dir() / "exports")
        except OSError as error:
            self.notify(f"Could not export: {error}", severity="error", timeout=6)
            return
        self.notify(
            f"Exported cluster {cluster_id} to {written[0]} and {written[1].name}", timeout=6
        )

    def action_help(self) -> None:
        self.app.action_help()  # type: ignore[attr-defined]

    async def action_quit(self) -> None:
        """Back to the view this article was opened from, if any; else leave the reader."""
        view = self._came_from
        if view is None:
            self.app.exit(0)
            return
        self.action_back()  # the reader as it was before the view opened this article
        push_view = getattr(self.app, "push_view", self.app.push_screen)
        push_view(view())
