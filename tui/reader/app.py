"""The echoes reader: open a corpus in a worker thread, then read it with the echoes beside it.

`run_app` is what `echoes [PATH...]` calls. It reads the config and themes, runs the Textual
app, then saves where the reader was and prints any exit message on stderr, after the terminal is
restored: nothing is written to stdout or stderr while the UI runs (warnings become
notifications).
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import ClassVar

from rich.style import Style
from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.theme import BUILTIN_THEMES

from tui.engine.load import CorpusError
from tui.index.filters import Filters
from tui.index.indexer import Opened, open_corpus, open_index
from tui.index.queries import ReuseIndex
from tui.model import Alignment
from tui.params import Params
from tui.printable import for_terminal, printable
from tui.reader.screens.clusters import ClustersScreen
from tui.reader.screens.copies import CopiesScreen
from tui.reader.screens.help import HelpScreen, binding_rows
from tui.reader.screens.loading import LoadingScreen
from tui.reader.screens.matrix import MatrixScreen
from tui.reader.screens.palette import EchoesCommands, PaletteAction
from tui.reader.screens.reader import ReaderScreen
from tui.reader.screens.warnings import WarningsScreen, notices
from tui.reader.state import Position, load_filters, load_position, save_filters, save_position
from tui.reader.theme import DEFAULT_THEME, EchoesTheme, highlight_styles, load_themes
from tui.reader.widgets.article_list import ArticleList
from tui.reader.widgets.echoes_pane import EchoesPane
from tui.reader.widgets.filter_bar import FilterBar

EXIT_USAGE = 2
EXIT_CANCELLED = 130
PROGRESS_INTERVAL = 0.05  # seconds between progress repaints; the scan reports far more often


class ScanCancelled(Exception):
    """Raised from the progress callback to stop a scan the user cancelled."""


class EchoesApp(App[int]):
    """Scans (or loads) a corpus, then hands it to the reader screen."""

    TITLE = "echoes"
    COMMANDS = App.COMMANDS | {EchoesCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+c", "quit", "Quit", show=False, id="quit_now"),
    ]

    def __init__(
        self,
        corpus_paths: Sequence[str | os.PathLike[str]] = (),
        *,
        params: Params | None = None,
        themes: dict[str, EchoesTheme] | None = None,
        theme: str = DEFAULT_THEME,
        keymap: dict[str, str] | None = None,
        use_cache: bool = True,
        no_color: bool = False,
        warnings: Sequence[str] = (),
        remember: bool = True,
        index_file: Path | None = None,
    ) -> None:
        super().__init__()
        self.corpus_paths = list(corpus_paths)
        self.index_file = index_file
        self.params = params or Params()
        self.echoes_themes = dict(themes or {})
        self.no_color = no_color
        self.use_cache = use_cache
        self.keymap = dict(keymap or {})
        self.startup_warnings = list(warnings)
        self.warnings: list[str] = list(warnings)  # all of them, for the Warnings view
        self.remember = remember
        self.corpus_key = ""
        self.position: Position | None = None
        self.exit_message = ""
        self.index: ReuseIndex | None = None
        self.highlights: dict[str, Style] = {}
        self._cancel = threading.Event()
        self._last_report = 0.0
        self._initial_theme = theme
        self.animation_level = "none"

    # start-up ----------------------------------------------------------------------
    def on_mount(self) -> None:
        for echoes_theme in self.echoes_themes.values():
            self.register_theme(echoes_theme.textual)
        if self._initial_theme in self.available_themes:
            self.theme = self._initial_theme
        self._update_highlights()
        if self.keymap:
            self.set_keymap(self.keymap)
        self._notify_warnings(self.startup_warnings)
        self.push_screen(LoadingScreen())
        self._open_corpus()

    @work(thread=True, exclusive=True, exit_on_error=False, name="scan")
    def _open_corpus(self) -> None:
        """Scan in a thread; hand the result to the UI thread, or leave with a message."""
        try:
            if self.index_file is not None:
                opened = open_index(self.index_file)
            else:
                opened = open_corpus(
                    self.corpus_paths,
                    self.params,
                    self._report,
                    use_cache=self.use_cache,
                    alignments_later=True,  # decoded by cluster as the reader asks
                )
            # The corpus and its index live as long as the app and hold no cycles: keep the
            # cyclic collector from walking their hundreds of thousands of objects again,
            # while the index is built and on every later keystroke.
            gc.freeze()
            index = ReuseIndex(opened.result, opened.alignments)
            gc.freeze()
            start = load_position(opened.key) if self.remember else None
            filters = load_filters(opened.key) if self.remember else None
        except ScanCancelled:
            return
        except CorpusError as error:
            self._from_thread(self._leave, EXIT_USAGE, f"echoes: error: {error}")
            return
        except Exception as error:  # any failure ends the app cleanly, never a traceback
            message = f"echoes: error: could not open the corpus ({type(error).__name__}: {error})"
            self._from_thread(self._leave, 1, message)
            return
        self._from_thread(self._show_reader, opened, index, start, filters)

    @work(thread=True, exit_on_error=False, name="decode alignments")
    def _decode_alignments(self, alignments: Mapping[int, Sequence[Alignment]] | None) -> None:
        """Decode every cluster's stored alignments once the reader shows, so that no cursor
        move pays for a large cluster's (thousands of alignments, ~0.1 s) on its first visit;
        then count every cluster's drift, so the Clusters view opens without that wait."""
        for cluster_id in alignments or ():
            if self._cancel.is_set() or not self.is_running:
                return
            _ = alignments[cluster_id]  # type: ignore[index]  # decoded, then kept
        index = self.index
        if index is not None:
            for cluster in index.result.clusters:
                if self._cancel.is_set() or not self.is_running:
                    return
                index.drift_count(cluster.id)  # counted once, then kept by the index
        gc.freeze()  # like the index: long-lived, no cycles, not worth the collector's walks

    def on_unmount(self) -> None:
        gc.unfreeze()  # what the scan froze may be collected again once the app is gone

    def _from_thread(self, callback: object, *args: object) -> None:
        if self._cancel.is_set() or not self.is_running:
            return
        with contextlib.suppress(RuntimeError):  # the app closed meanwhile
            self.call_from_thread(callback, *args)  # type: ignore[arg-type]

    def _report(self, stage: str, done: int, total: int) -> None:
        """The scan's progress callback: repaint now and then; stop if the user cancelled."""
        if self._cancel.is_set():
            raise ScanCancelled
        now = time.monotonic()
        if now - self._last_report < PROGRESS_INTERVAL and done not in (0, total):
            return
        self._last_report = now
        screen = self.screen
        if isinstance(screen, LoadingScreen):
            self._from_thread(screen.report, stage, done, total)

    def cancel_scan(self) -> None:
        """Stop the scan at its next progress report and leave with a clear message."""
        self._cancel.set()
        self._leave(EXIT_CANCELLED, "echoes: scan cancelled; nothing was saved")

    def _leave(self, code: int, message: str) -> None:
        self.exit_message = message
        self.exit(code, return_code=code)

    def _show_reader(
        self,
        opened: Opened,
        index: ReuseIndex,
        start: Position | None,
        filters: Filters | None = None,
    ) -> None:
        self.index = index
        self.corpus_key = opened.key
        self.switch_screen(ReaderScreen(index, start, highlights=self.highlights, filters=filters))
        # after the first frame, not competing with it
        self.call_after_refresh(self._decode_alignments, opened.alignments)
        self.warnings.extend(opened.result.warnings)
        self._notify_warnings(opened.result.warnings)

    def _notify_warnings(self, warnings: Sequence[str]) -> None:
        """A notice per warning when there are few, else one that counts them and names the
        key of the Warnings view: thousands of notices would freeze the reader."""
        key = self.keymap.get("warnings", "w").split(",")[0].strip()
        for notice in notices(warnings, key):
            self.notify(notice, severity="warning", timeout=8)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notice is plain text, whoever sends it: a warning quotes file names and a
        search quotes what was typed, and either may hold brackets or control characters."""
        super().notify(
            printable(message),
            title=printable(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    @property
    def reader(self) -> ReaderScreen | None:
        for screen in reversed(self.screen_stack):
            if isinstance(screen, ReaderScreen):
                return screen
        return None

    def remember_place(self, position: Position) -> None:
        self.position = position

    def remember_filters(self, filters: Filters) -> None:
        """Keep the filters just applied for the next time this corpus opens."""
        if not (self.remember and self.corpus_key):
            return
        try:
            save_filters(self.corpus_key, filters)
        except OSError as error:
            self.notify(f"Could not remember the filters: {error}", severity="warning")

    # themes --------------------------------------------------------------------------
    def watch_theme(self, name: str) -> None:
        self._update_highlights()

    def _update_highlights(self) -> None:
        chosen = self.echoes_themes.get(self.theme)
        if chosen is None:  # a Textual theme from the palette: borrow ours of the same darkness
            dark = self.current_theme.dark
            fallback = DEFAULT_THEME if dark else "echoes-light"
            chosen = self.echoes_themes.get(fallback) or next(
                iter(self.echoes_themes.values()), None
            )
        if chosen is None:
            plain = EchoesTheme("plain", BUILTIN_THEMES["textual-dark"], {})
            self.highlights = highlight_styles(plain, no_color=True)
        else:
            self.highlights = highlight_styles(chosen, no_color=self.no_color)
        reader = self.reader
        if reader is not None:
            reader.set_highlights(self.highlights)

    # actions -------------------------------------------------------------------------
    def _open_span(self, view: ClustersScreen | MatrixScreen | CopiesScreen, span: object) -> None:
        """Open what a view chose; `q` on it then goes back to the view, as it was."""
        reader = self.reader
        if reader is None or span is None:
            return
        from tui.model import Span

        if isinstance(span, Span):
            reader.open_at(span.doc, span.start, remember=True)
            reader.came_from(view.reopened)
            reader.article.focus()

    def push_view(self, view: ClustersScreen | MatrixScreen | CopiesScreen) -> None:
        """Show a view over the reader; what it chooses opens in the reader."""
        self.push_screen(view, partial(self._open_span, view))

    def action_clusters(self) -> None:
        reader = self.reader
        if reader is not None and reader is self.screen:
            self.push_view(ClustersScreen(reader.index, highlights=self.highlights))

    def action_matrix(self) -> None:
        reader = self.reader
        if reader is not None and reader is self.screen:
            self.push_view(MatrixScreen(reader.index))

    def action_warnings(self) -> None:
        if not isinstance(self.screen, WarningsScreen | LoadingScreen):
            self.push_screen(WarningsScreen(self.warnings))

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.help_sections()))

    def help_sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """Every binding of the reader, grouped by where it works, with keymap overrides."""
        keymap = self.keymap
        return [
            ("Reading", binding_rows(ReaderScreen.BINDINGS, keymap)),
            ("Echoes pane (tab to focus)", binding_rows(EchoesPane.BINDINGS, keymap)),
            ("Articles list (tab to focus)", binding_rows(ArticleList.BINDINGS, keymap)),
            ("Filter bar (f)", binding_rows(FilterBar.BINDINGS, keymap)),
            (
                "Views and anywhere",
                [
                    *binding_rows(self.BINDINGS, keymap),
                    ("ctrl+p", "Command palette: every action and theme"),
                ],
            ),
            ("Clusters view", binding_rows(ClustersScreen.BINDINGS, keymap)),
            ("Copies view (v)", binding_rows(CopiesScreen.BINDINGS, keymap)),
            ("Matrix view", binding_rows(MatrixScreen.BINDINGS, keymap)),
            ("Warnings view", binding_rows(WarningsScreen.BINDINGS, keymap)),
        ]

    def palette_actions(self) -> list[PaletteAction]:
        """Every reader action and every theme, for the command palette."""
        actions: list[PaletteAction] = []
        reader = self.reader
        if reader is not None:
            for binding in ReaderScreen.BINDINGS:
                if isinstance(binding, Binding) and binding.description:
                    keys = ", ".join(binding_rows([binding], self.keymap)[0][0].split())
                    actions.append(
                        PaletteAction(
                            binding.description,
                            f"keys: {keys}",
                            partial(self.run_action, binding.action, reader),
                        )
                    )
        for name in sorted(self.echoes_themes):
            actions.append(
                PaletteAction(f"Theme: {name}", "switch colours", partial(self._set_theme, name))
            )
        return actions

    def _set_theme(self, name: str) -> None:
        self.theme = name


def _choose_theme(
    requested: str | None, configured: str | None, themes: dict[str, EchoesTheme]
) -> tuple[str, list[str]]:
    """The theme to start with, and a warning if the configured one is unknown."""
    if requested:
        return requested, []
    if configured and configured not in themes and configured not in BUILTIN_THEMES:
        return DEFAULT_THEME, [
            f"Theme {configured!r} from the config file is unknown; using the default."
        ]
    return configured or DEFAULT_THEME, []


def run_app(
    paths: Sequence[str | os.PathLike[str]],
    *,
    params: Params | None = None,
    theme: str | None = None,
    mouse: bool = True,
    use_cache: bool = True,
    index: Path | None = None,
) -> int:
    """Run the reader on `paths` (the bundled seeds when empty); the exit code to return."""
    from tui.reader.config import load_config

    config, warnings = load_config()
    themes, theme_warnings = load_themes()
    warnings += theme_warnings
    if theme and theme not in themes and theme not in BUILTIN_THEMES:
        names = ", ".join(sorted(themes)) or "none found"
        print(f"echoes: error: no theme named {theme!r} (themes: {names})", file=sys.stderr)
        return EXIT_USAGE
    name, theme_problems = _choose_theme(theme, config.theme, themes)
    warnings += theme_problems
    app = EchoesApp(
        paths,
        params=params,
        themes=themes,
        theme=name,
        keymap=config.keymap,
        use_cache=use_cache,
        index_file=index,
        no_color="NO_COLOR" in os.environ,  # read before Textual consumes the variable
        warnings=warnings,
    )
    app.run(mouse=mouse and config.mouse)
    if app.corpus_key and app.position is not None:
        try:
            save_position(app.corpus_key, app.position)
        except OSError as error:
            print(
                for_terminal(f"echoes: warning: could not remember the position ({error})"),
                file=sys.stderr,
            )
    if app.exit_message:
        print(for_terminal(app.exit_message), file=sys.stderr)
    return app.return_code or 0


__all__ = ["EchoesApp", "run_app"]
