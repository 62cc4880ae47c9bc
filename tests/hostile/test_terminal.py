"""The hostile matrix where it matters most, in a real terminal (tmux): escape sequences in
articles never clear the screen, retitle the window or set the clipboard, markup stays text, a
pipe named `*.txt` never hangs, a flood of warnings is one notice, the search field shows what
is typed, a tiny terminal says so, `q` goes back to the view a cluster came from, and a cache
that cannot be written costs one notice. First, a check that the terminal would show a leak."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from tests.conftest import SEEDS
from tests.hostile.checks import with_file_size_limit
from tests.hostile.corpus import CASES, ESCAPES_BODY, MARKUP_SOURCE, Case
from tests.hostile.terminal import ECHOES, needs_tmux, reader_in_tmux, tmux_running

pytestmark = needs_tmux
MARKER = "EARLIER-OUTPUT-STAYS"
WIDE = (120, 40)


def case(name: str) -> Case:
    return next(c for c in CASES if c.name == name)


def _leaks_nothing(term_title: str, buffers: list[str]) -> None:
    assert "pwned" not in term_title, f"an article retitled the terminal: {term_title!r}"
    assert buffers == [], f"an article set the clipboard: {buffers}"


def test_this_terminal_would_show_each_leak() -> None:
    """The probes work: raw sequences do retitle, fill a paste buffer and clear the screen."""
    raw = "printf 'x\\033]0;pwned-title\\007\\033]52;c;cHduZWQ=\\007'; echo; printf '\\033[2J'"
    with tmux_running((80, 24), ["sh", "-c", f"echo {MARKER}; {raw}; echo DONE"]) as term:
        term.wait_until(term.finished, "the shell to finish")
        assert term.title() == "pwned-title"
        assert term.buffers() and "pwned" in term.buffers()[0]
        assert MARKER not in term.history()


@pytest.mark.parametrize("fmt", ["text", "csv", "json", "jsonl"])
def test_scan_output_on_a_terminal_leaks_no_escape(fmt: str, tmp_path: Path) -> None:
    corpus = case("ansi-osc-escapes").corpus(tmp_path / "corpus")
    case("escapes-in-names").build(corpus)
    # A copy: the escapes are then in a reused passage, which every format prints.
    (corpus / "escapes-copy.txt").write_text(ESCAPES_BODY, encoding="utf-8")
    scan = shlex.join([str(ECHOES), "scan", str(corpus), "--no-cache", "--format", fmt])
    with tmux_running(WIDE, ["sh", "-c", f"echo {MARKER}; {scan}; echo status=$?"]) as term:
        term.wait_until(term.finished, "the scan to finish")
        history = term.history()
        _leaks_nothing(term.title(), term.buffers())
        assert MARKER in history, "the screen was cleared"
        assert "status=0" in history
        if fmt == "text":  # a report line is cut at 90 characters, before the OSC 52
            assert "␛[2J" in history and "␛]0;pwned-title␇" in history
        elif fmt == "csv":
            assert "␛[2J" in history and "␛]52;c;" in history
        else:
            assert "\\u001b[2J" in history and "\\u009b31m" in history


def test_the_reader_shows_escapes_as_symbols_and_leaks_nothing(tmp_path: Path) -> None:
    corpus = case("ansi-osc-escapes").corpus(tmp_path / "corpus")
    case("escapes-in-names").build(corpus)
    with reader_in_tmux(WIDE, corpus) as term:
        # first in the list: the article whose file name sets the clipboard
        term.wait_for(lambda s: "Named to set the clipboard" in s, "the first article")
        screen = term.wait_for(lambda s: "pwned-title␇.txt: skipped" in s, "the notice")
        assert "␛]0;pwned-title␇.txt: skipped" in screen  # the notice names the file safely
        term.send("J")
        screen = term.wait_for(lambda s: "␛[2J" in s, "the escapes shown as symbols")
        assert "Escapes report" in screen
        assert "␛]0;pwned-title␇" in screen and "␛[31mareas␛[0m" in screen
        _leaks_nothing(term.title(), term.buffers())
        term.send("q")
        assert term.exit_status() == 0
        _leaks_nothing(term.title(), term.buffers())


def test_markup_in_titles_and_sources_is_shown_as_typed(tmp_path: Path) -> None:
    corpus = case("markup").corpus(tmp_path / "corpus")
    with reader_in_tmux(WIDE, corpus) as term:
        screen = term.wait_for(lambda s: "[bold]x[/]" in s, "the markup titles in the list")
        assert MARKUP_SOURCE[:24] in screen  # the list's source line, as typed (cut to fit)
        term.send("J", "J")  # the article whose first line is "[/]"
        screen = term.wait_for(lambda s: "│ [/]" in s, "the [/] title in the status line")
        assert "Markup [bold]x[/] and [/] and" in screen
        assert "[link=file:///etc/passwd]a[/link] stay text." in screen
        term.send("q")
        assert term.exit_status() == 0


def test_a_pipe_named_txt_is_skipped_and_q_leaves_a_working_terminal(tmp_path: Path) -> None:
    corpus = case("fifo").corpus(tmp_path / "corpus")
    with reader_in_tmux(WIDE, corpus) as term:
        term.wait_for(lambda s: "pipe.txt: skipped" in s, "the notice about the pipe")
        term.wait_for(lambda s: "Strikes in the north" in s, "the first good article")
        term.send("q")
        assert term.exit_status() == 0


def test_a_flood_of_warnings_is_one_notice_and_w_lists_them(tmp_path: Path) -> None:
    corpus = case("warnings-flood").corpus(tmp_path / "corpus")
    with reader_in_tmux(WIDE, corpus) as term:
        screen = term.wait_for(lambda s: "3000 times: skipped" in s, "the one summary notice")
        assert screen.count("skipped") == 1
        assert "w lists them" in screen
        assert "One fine article among broken lines." in screen  # laid out on one line
        term.send("w")
        screen = term.wait_for(lambda s: "Warnings ·" in s, "the warnings view")
        assert "3,000 lines skipped" in screen
        assert "flood.jsonl:2: skipped, not valid JSON" in screen
        term.send("G")
        term.wait_for(lambda s: "flood.jsonl:3001: skipped" in s, "the last warning")
        term.send("q")
        term.wait_for(lambda s: "Strikes in the north" in s or "1/" in s, "back to reading")
        term.send("q")
        assert term.exit_status() == 0


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (60, 15)])
def test_the_search_field_shows_what_is_typed(size: tuple[int, int]) -> None:
    with reader_in_tmux(size, SEEDS) as term:
        term.wait_for(lambda s: "1/33" in s, "the reader")
        term.send("/")
        term.wait_for(lambda s: "esc Cancel search" in s, "the search field")
        term.type("Homs")
        # the field is the row above the footer: it shows the query, not a border
        term.wait_for(lambda s: s.rstrip("\n").splitlines()[-2].strip() == "Homs", "the query")
        term.send("Enter")
        term.wait_for(lambda s: "“Homs” 1/" in s, "the search result in the status line")


def test_a_40x10_terminal_says_it_is_too_small() -> None:
    with reader_in_tmux((40, 10), SEEDS) as term:
        term.wait_for(lambda s: "60×15" in s and "40×10" in s, "the size message")
        term.send("q")
        assert term.exit_status() == 0


def test_a_file_name_that_is_not_utf8_is_listed_escaped(tmp_path: Path) -> None:
    corpus = case("non-utf8-name").corpus(tmp_path / "corpus")
    with reader_in_tmux(WIDE, corpus) as term:
        term.wait_for(lambda s: "Cafe report" in s, "the article from the undecodable file")
        term.send("q")
        assert term.exit_status() == 0


def test_q_on_a_cluster_opened_from_the_clusters_view_goes_back_there() -> None:
    with reader_in_tmux((100, 30), SEEDS) as term:
        term.wait_for(lambda s: "1/33" in s, "the reader")
        term.send("c")
        term.wait_for(lambda s: "Clusters · " in s, "the clusters view")
        term.send("j", "Enter")
        term.wait_for(lambda s: "Clusters · " not in s and "echo" in s, "the cluster's article")
        term.send("q")
        screen = term.wait_for(lambda s: "Clusters · " in s, "back on the clusters view")
        assert not term.finished()
        assert "sorted by spread" in screen
        term.send("q")
        term.wait_for(lambda s: "1/33" in s, "back on the first article")
        term.send("q")
        assert term.exit_status() == 0


def test_the_reader_on_a_full_disk_shows_the_corpus_and_one_notice() -> None:
    with reader_in_tmux(WIDE, SEEDS, wrap=lambda c: with_file_size_limit(0, c)) as term:
        screen = term.wait_for(lambda s: "could not cache" in s, "the cache notice")
        assert "1/33" in screen and "disk I/O error" in screen
        term.send("q")
        assert term.exit_status() == 0
