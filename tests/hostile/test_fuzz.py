"""Property-based fuzzing (hypothesis) of the loader, the segmenter, the aligner and the
reader's line rendering, over arbitrary bytes and arbitrary Unicode: controls, combining
marks, wide glyphs, bidi overrides, lone surrogates in JSON, undecodable file names.

What must always hold: nothing raises; every offset indexes the text exactly as read; every
field is valid UTF-8; ids are unique; and a line the reader draws holds every character it
stands for, fits its width, and never a raw control character.
"""

from __future__ import annotations

import asyncio
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from textual.app import App, ComposeResult

from tests.hostile.checks import raw_controls
from tui.engine.compare import align_documents
from tui.engine.load import load_corpus
from tui.engine.segment import segment
from tui.engine.tokens import tokenize
from tui.model import Document
from tui.printable import for_terminal, json_for_terminal, printable
from tui.reader.widgets.article_view import ArticleMarks, ArticleView, displayed, wrap_paragraphs
from tui.runners.local import scan

# Characters that make trouble on a terminal or in a layout, mixed into arbitrary Unicode.
HOSTILE = list(
    "\x00\x07\x08\x1b\x7f\x85\x9b\r\t\n\x0b\x0c\x1c \u00a0\u00ad\u0301\u0336\u061c"
    "\u200b\u200d\u200e\u202e\u2028\u2029\u2066\ufeff\ufffd界國한😀👨‍👩‍👧🇫🇷"
)
characters = st.one_of(st.characters(), st.sampled_from(HOSTILE))
texts = st.text(characters, max_size=400)
# Text with words in it, so that sentences, paragraphs and alignments have something to hold.
words = st.text(st.characters(categories=("L", "Nd")), min_size=1, max_size=10)
worded = st.lists(st.one_of(words, st.text(characters, max_size=3)), max_size=80).map(" ".join)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _utf8(*fields: str) -> None:
    for value in fields:
        value.encode("utf-8")  # raises on a lone surrogate: no output could hold it


# the loader ---------------------------------------------------------------------------------
@FUZZ
@given(st.binary(max_size=3000))
def test_any_bytes_in_a_text_file_load_or_warn(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "article.txt").write_bytes(raw)
        loaded = load_corpus([folder])
    assert len(loaded.documents) + len(loaded.warnings) >= 1
    for document in loaded.documents:
        _utf8(document.id, document.text, document.path, document.title)
        expected = raw.decode("utf-8") if not loaded.warnings else raw.decode("cp1252", "replace")
        assert document.text == expected


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=6,
)
records = st.fixed_dictionaries(
    {},
    optional={
        "id": json_values | texts,
        "title": json_values | texts,
        "source": json_values,
        "date": json_values,
        "text": texts | json_values,
    },
)


@FUZZ
@given(st.lists(st.one_of(records, json_values), max_size=12), st.booleans())
def test_any_jsonl_records_load_with_unique_utf8_fields(lines: list[object], escape: bool) -> None:
    encoded = "".join(json.dumps(line, ensure_ascii=escape) + "\n" for line in lines)
    with tempfile.TemporaryDirectory() as folder:
        feed = Path(folder) / "feed.jsonl"
        feed.write_bytes(encoded.encode("utf-8", "surrogatepass"))
        loaded = load_corpus([feed])
    ids = [d.id for d in loaded.documents]
    assert len(set(ids)) == len(ids)
    kept = [r for r in lines if isinstance(r, dict) and isinstance(r.get("text"), str)]
    kept = [r for r in kept if r["text"].strip()]
    assert len(loaded.documents) == len(kept)
    for document, record in zip(loaded.documents, kept, strict=True):
        _utf8(document.id, document.text, document.path, document.title, document.source)
        assert len(document.text) == len(record["text"])  # offsets into the text as given


names = st.binary(min_size=1, max_size=24).filter(
    lambda n: b"/" not in n and b"\x00" not in n and not n.startswith(b".")
)


@FUZZ
@given(st.lists(names, min_size=1, max_size=6, unique=True))
def test_any_file_names_give_unique_utf8_ids_and_every_file_loads(raw_names: list[bytes]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for number, name in enumerate(raw_names):
            with open(os.fsencode(folder) + b"/" + name + b".txt", "wb") as handle:
                handle.write(f"Article number {number}.\n".encode())
        loaded = load_corpus([folder])
    assert len(loaded.documents) == len(raw_names)
    ids = [d.id for d in loaded.documents]
    assert len(set(ids)) == len(ids)
    for document in loaded.documents:
        _utf8(document.id, document.path, *loaded.warnings)


# the segmenter ------------------------------------------------------------------------------
@FUZZ
@given(st.one_of(texts, worded))
def test_segments_and_words_of_any_text_are_ordered_slices_of_it(text: str) -> None:
    segments = segment(text)
    previous = 0
    for start, end in segments.paragraphs:
        assert previous <= start < end <= len(text)
        previous = end
    for (start, end), paragraph in zip(
        segments.sentences, segments.sentence_paragraph, strict=True
    ):
        p_start, p_end = segments.paragraphs[paragraph]
        assert p_start <= start < end <= p_end
        assert text[start:end].strip()
    tokens = tokenize(text)
    previous = 0
    for start, end in zip(tokens.starts, tokens.ends, strict=True):
        assert previous <= start < end <= len(text)
        previous = end


# the aligner --------------------------------------------------------------------------------
@FUZZ
@given(worded, worded, worded)
def test_alignments_of_any_texts_point_inside_both(before: str, shared: str, after: str) -> None:
    source = Document("source", f"{before} {shared} {after}")
    copy = Document("copy", f"{after}\n\n{shared}\n{before}")
    for alignment in align_documents(source, copy):
        for span, document in ((alignment.a, source), (alignment.b, copy)):
            assert 0 <= span.start < span.end <= len(document.text)
        for a_start, a_end, b_start, b_end in alignment.shared:
            assert alignment.a.start <= a_start < a_end <= alignment.a.end
            assert alignment.b.start <= b_start < b_end <= alignment.b.end
        assert 0 <= alignment.similarity <= 100


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(texts, worded), min_size=1, max_size=4))
def test_a_scan_of_any_texts_gives_passages_inside_them(bodies: list[str]) -> None:
    documents = [Document(f"d{n}", body) for n, body in enumerate(bodies)]
    result = scan(documents, workers=1)
    lengths = {d.id: len(d.text) for d in documents}
    for cluster in result.clusters:
        for passage in cluster.passages:
            assert 0 <= passage.start < passage.end <= lengths[passage.doc]
    for span in result.boilerplate:
        assert 0 <= span.start < span.end <= lengths[span.doc]


# what reaches the terminal ------------------------------------------------------------------
@FUZZ
@given(texts)
def test_printable_text_is_the_same_length_and_holds_no_control(text: str) -> None:
    # printable keeps newlines and tabs (a report or a CSV needs them); the reader draws none
    assert len(printable(text)) == len(displayed(text)) == len(text)
    assert not raw_controls([printable(text).replace("\n", "").replace("\t", "")])
    assert not raw_controls([displayed(text)]) and "\n" not in displayed(text)
    safe = for_terminal(text).replace("\r\n", "").replace("\n", "").replace("\t", "")
    assert not raw_controls([safe])
    encoded = json.dumps({"text": text}, ensure_ascii=False)
    assert json.loads(json_for_terminal(encoded)) == {"text": text}
    assert not raw_controls([json_for_terminal(encoded)])


@FUZZ
@given(st.one_of(texts, worded), st.integers(min_value=4, max_value=60))
def test_wrapped_lines_fit_their_width_and_lose_no_character(text: str, width: int) -> None:
    paragraphs = segment(text).paragraphs
    lines = wrap_paragraphs(text, paragraphs, width)
    shown = displayed(text)
    for start, end in lines:
        assert cell_len(shown[start:end]) <= width
    for p_start, p_end in paragraphs:
        inside = [(s, e) for s, e in lines if p_start <= s and e <= p_end and e > s]
        covered = "".join(text[s:e] for s, e in inside)
        assert "".join(covered.split()) == "".join(text[p_start:p_end].split())


class ArticleHost(App[None]):
    def compose(self) -> ComposeResult:
        yield ArticleView(id="article")


def _in_the_reader(check: Callable[[ArticleView], None], size: tuple[int, int]) -> None:
    async def scenario() -> None:
        host = ArticleHost()
        async with host.run_test(size=size) as pilot:
            await pilot.pause()
            check(host.query_one(ArticleView))

    asyncio.run(scenario())


def test_the_reader_draws_any_text_whole_in_its_width_and_without_controls() -> None:
    """The real article view, drawing arbitrary articles line by line."""

    def check(view: ArticleView) -> None:
        @FUZZ
        @given(st.one_of(texts, worded))
        def draw(text: str) -> None:
            paragraphs = segment(text).paragraphs
            view.show(text, paragraphs, ArticleMarks(reused=tuple(paragraphs[:1])))
            view.set_cursor(paragraphs[0] if paragraphs else (0, 0))
            width = view.scrollable_content_region.width
            lines = wrap_paragraphs(text, paragraphs, width - 2)
            view.scroll_to(y=0, animate=False, immediate=True)
            assert view.line_count == len(lines)
            for y, (start, end) in enumerate(lines[: view.page_height]):
                strip = view.render_line(y)
                drawn = strip.text
                assert strip.cell_length == width
                assert not raw_controls([drawn])
                assert drawn[2:].rstrip() == displayed(text[start:end]).rstrip()

        draw()

    _in_the_reader(check, (64, 200))
