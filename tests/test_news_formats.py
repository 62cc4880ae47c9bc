"""News as newsrooms keep it: saved pages, web archives, feeds, agency XML and wire copy.

The fixtures under tests/fixtures/news/ are one invented story (ferry crews voting to strike)
as an agency sends it (PA-style wire text, NITF, NewsML-G2) and as outlets run it (a saved
page with menus, share buttons and comments, an RSS feed); the web archive is written here
with warcio. Each test checks what a user would: the text, title, date and source, offsets
that slice out the passage reported, and the same story found as reuse across formats.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.conftest import SHARED_BENCH
from tui.engine.formats.warc import read_warc
from tui.engine.load import corpus_digest, load_corpus
from tui.engine.segment import is_wire_copy, segment
from tui.index.export import to_dict
from tui.index.indexer import open_corpus
from tui.model import Document

NEWS = Path(__file__).parent / "fixtures" / "news"
PAGE = NEWS / "solent-ferry-strike.html"
WIRE = NEWS / "pa-ferry-strike.txt"
SHARED_SENTENCE = "backed walkouts by 412 votes to 57 on a turnout of 81%"

# A second outlet's page, as the crawler fetched it: no publication date in its metadata.
HARBOUR_PAGE = """<!DOCTYPE html><html><head><meta charset="iso-8859-1">
<title>Summer of ferry strikes looms - Harbour Daily</title>
<meta property="og:site_name" content="Harbour Daily"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>Summer of ferry strikes looms</h1>
<p>Holidaymakers face a summer of disruption after ferry crews voted to strike.</p>
<p>Members of the Maritime Crews Union backed walkouts by 412 votes to 57 on a turnout of
81%, raising the prospect of cancelled sailings during the school holidays.</p>
<p>The union said the rotas would force deckhands and stewards to work twelve-hour shifts
for up to nine days in a row between June and September.</p>
<p>Caf\u00e9 owners on the Ryde seafront said the news could not have come at a worse time.</p>
</article><footer>\u00a9 Harbour Daily</footer></body></html>"""


def _response(writer: WARCWriter, uri: str, date: str, status: str, kind: str, body: bytes) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", kind)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        uri,
        "response",
        payload=io.BytesIO(body),
        http_headers=headers,
        warc_headers_dict={"WARC-Date": date},
    )
    writer.write_record(record)


def write_crawl(path: Path) -> Path:
    """A small crawl: two article pages among the records a crawler also keeps (its own
    description, a request, an image, a redirect)."""
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=path.name.endswith(".gz"))
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        page_uri = "https://www.solent-echo.example/news/2024/05/14/ferry-crews-vote-to-strike"
        request = writer.create_warc_record(
            page_uri,
            "request",
            payload=io.BytesIO(b"GET /news HTTP/1.1\r\nHost: www.solent-echo.example\r\n\r\n"),
        )
        writer.write_record(request)
        html = "text/html; charset=utf-8"
        _response(writer, page_uri, "2024-05-14T12:30:00Z", "200 OK", html, PAGE.read_bytes())
        image = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4
        _response(
            writer, "https://www.solent-echo.example/img/ferry.jpg", "2024-05-14T12:30:01Z",
            "200 OK", "image/jpeg", image,
        )  # fmt: skip
        _response(
            writer, "http://harbour-daily.example/ferry", "2024-05-14T12:31:00Z",
            "301 Moved Permanently", "text/html", b"<html><body>Moved</body></html>",
        )  # fmt: skip
        _response(
            writer, "https://harbour-daily.example/news/summer-ferry-strikes-loom",
            "2024-05-14T16:02:00Z", "200 OK", "text/html; charset=iso-8859-1",
            HARBOUR_PAGE.encode("latin-1"),
        )  # fmt: skip
    return path


@pytest.fixture
def crawl(tmp_path: Path) -> Path:
    return write_crawl(tmp_path / "crawl.warc.gz")


def only(documents: list[Document], fmt: str) -> Document:
    (document,) = [d for d in documents if d.format == fmt]
    return document


# Saved pages -----------------------------------------------------------------------------


def test_a_saved_page_indexes_its_article_not_menus_shares_or_comments() -> None:
    loaded = load_corpus([PAGE])
    assert loaded.warnings == []
    (page,) = loaded.documents
    assert page.id == "solent-ferry-strike" and page.format == "html"
    assert page.title == "Ferry crews vote to strike over summer rotas"
    assert page.date == "2024-05-14"
    assert page.source == "The Solent Echo"
    assert page.url == "https://www.solent-echo.example/news/2024/05/14/ferry-crews-vote-to-strike"
    assert "Isle of Wight Council's leader, Peter Strand, urged both sides" in page.text
    assert page.text.rstrip().endswith("bookings for July were already down on last year.")
    for furniture in (
        "Manage cookies",  # the cookie banner
        "Subscribe from",  # the menu
        "Share on Facebook",  # the share bar
        "WhatsApp",
        "morning newsletter",  # the promotion inside the story
        "Related stories",
        "Here we go again",  # a reader's comment
        "Join the conversation",
        "Terms and conditions",  # the footer
    ):
        assert furniture not in page.text, furniture
    paragraphs = [page.text[s:e] for s, e in segment(page.text).paragraphs]
    assert paragraphs[1].startswith("Ferry crews on the busiest crossings")
    assert len(paragraphs) == 8  # the headline and the seven paragraphs of the story


def test_a_page_with_no_article_is_one_warning(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        "<html><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8"
    )
    (tmp_path / "story.txt").write_text("An article in plain text.\n", encoding="utf-8")
    loaded = load_corpus([tmp_path])
    assert [d.id for d in loaded.documents] == ["story"]
    assert loaded.warnings == [
        f"{tmp_path / 'index.html'}: skipped, no article text found in the page"
    ]


# Web archives ----------------------------------------------------------------------------


def test_a_web_archive_gives_one_document_per_article_page(crawl: Path) -> None:
    loaded = load_corpus([crawl])
    assert loaded.warnings == []
    echo, harbour = loaded.documents
    assert echo.id == (
        "www.solent-echo.example/news/2024/05/14/ferry-crews-vote-to-strike@2024-05-14T12:30:00Z"
    )
    assert echo.url.startswith("https://www.solent-echo.example/news/")
    assert echo.format == "warc" and echo.source == "The Solent Echo"
    assert echo.date == "2024-05-14"
    assert echo.title == "Ferry crews vote to strike over summer rotas"
    assert echo.text == load_corpus([PAGE]).documents[0].text  # the same page, the same text
    assert harbour.id == "harbour-daily.example/news/summer-ferry-strikes-loom@2024-05-14T16:02:00Z"
    assert harbour.date == "2024-05-14T16:02:00Z", "no date on the page: the capture's"
    assert harbour.source == "Harbour Daily"
    assert "Café owners on the Ryde seafront" in harbour.text  # decoded as the server said
    # the path names the archive and the record's offset in it: where to find it again
    archive, _, offset = harbour.path.rpartition(":")
    assert archive == str(crawl) and int(offset) > int(echo.path.rpartition(":")[2])
    assert loaded.digest == corpus_digest([crawl])


class SmallReadsOnly:
    """A binary stream that refuses to be read whole: what streaming record by record means."""

    def __init__(self, raw: bytes) -> None:
        self._stream = io.BytesIO(raw)
        self.largest = 0

    def read(self, size: int = -1, /) -> bytes:
        assert 0 <= size <= 1 << 16, f"asked for {size} bytes at once"
        self.largest = max(self.largest, size)
        return self._stream.read(size)


def test_a_web_archive_is_streamed_never_read_whole(crawl: Path) -> None:
    stream = SmallReadsOnly(crawl.read_bytes())
    warnings: list[str] = []
    documents = list(read_warc(stream, "crawl", warnings, max_record_bytes=1 << 20))
    assert len(documents) == 2 and warnings == []
    assert stream.largest <= 1 << 16


def test_a_cut_short_archive_keeps_the_pages_before_the_cut(crawl: Path, tmp_path: Path) -> None:
    whole = crawl.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole[: len(whole) - 200])  # inside the last page's record
    loaded = load_corpus([cut])
    assert [d.source for d in loaded.documents] == ["The Solent Echo"]
    (warning,) = loaded.warnings
    assert warning.startswith(f"{cut}: damaged web archive (cut short in record 6)")


def test_a_file_that_is_not_a_web_archive_is_one_warning(tmp_path: Path) -> None:
    junk = tmp_path / "notes.warc"
    junk.write_bytes(b"these are my notes about the crawl, not the crawl\n" * 20)
    loaded = load_corpus([junk])
    assert loaded.documents == []
    assert loaded.warnings[0] == f"{junk}: skipped, not a WARC web archive"


# Feeds -------------------------------------------------------------------------------------


def test_feed_entries_with_text_become_documents() -> None:
    feed = NEWS / "harbour-news.rss"
    loaded = load_corpus([feed])
    strikes, pontoon = loaded.documents
    assert strikes.id == "www.harbour-daily.example/news/summer-ferry-strikes-loom"
    assert strikes.url == "https://www.harbour-daily.example/news/summer-ferry-strikes-loom"
    assert strikes.title == "Summer of ferry strikes looms as crews back walkouts"
    assert strikes.date == "2024-05-14T14:10:00Z"  # 15:10 British Summer Time
    assert strikes.source == "Harbour Daily: Latest news"
    assert strikes.format == "feed" and strikes.path == f"{feed}:1"
    # the full content, not the one-line description; markup gone, scripts left out
    assert strikes.text.startswith("Holidaymakers face a summer of disruption after ferry crews")
    assert SHARED_SENTENCE in strikes.text
    assert "trackRead" not in strikes.text and "<" not in strikes.text
    # a summary that breaks its paragraphs with <br><br> keeps them apart
    assert [pontoon.text[s:e] for s, e in segment(pontoon.text).paragraphs] == [
        "The Gosport pontoon will close for two weeks from Monday while engineers replace "
        "its hinges.",
        "Passengers for the Portsmouth ferry will board from a temporary landing stage "
        "beside the bus station.",
    ]
    assert loaded.warnings == [f"{feed}: entries without text left out (1 of 3)"]


def test_a_broken_feed_is_one_warning_and_the_rest_loads(tmp_path: Path) -> None:
    (tmp_path / "broken.rss").write_text("<rss><channel><title>Oops", encoding="utf-8")
    (tmp_path / "story.txt").write_text("An article in plain text.\n", encoding="utf-8")
    loaded = load_corpus([tmp_path])
    assert [d.id for d in loaded.documents] == ["story"]
    (warning,) = loaded.warnings
    assert warning.startswith(f"{tmp_path / 'broken.rss'}: skipped, not a readable feed (")


# Agency XML --------------------------------------------------------------------------------


def test_an_nitf_story_has_its_headline_dateline_and_body() -> None:
    (story,) = load_corpus([NEWS / "ferry-strike-nitf.xml"]).documents
    assert story.format == "nitf" and story.id == "ferry-strike-nitf"
    assert story.title == "Ferry crews vote for summer strikes"
    assert story.date == "2024-05-14T11:42:00Z"
    assert story.source == "PA Media"
    paragraphs = [story.text[s:e] for s, e in segment(story.text).paragraphs]
    assert paragraphs[0] == "Portsmouth, May 14"
    assert paragraphs[1] == (
        "Ferry crews on the busiest crossings to the Isle of Wight have voted to strike over "
        "new summer rotas, their union announced today."
    )
    assert "Company ‘disappointed’" in paragraphs  # a subhead is a paragraph of its own
    assert paragraphs[-1].startswith("Isle of Wight Council’s leader")
    # the picture's caption and the end mark are not the story
    assert "harbour." not in story.text and "ends" not in story.text.split()


def test_a_newsml_message_gives_its_text_items_only() -> None:
    (story,) = load_corpus([NEWS / "ferry-strike-newsml.xml"]).documents  # the picture: none
    assert story.format == "newsml"
    assert story.title == "Ferry crews vote for summer strikes"
    assert story.date == "2024-05-14T11:40:00Z"  # when the content was created
    assert story.source == "PA Media"
    assert story.text.startswith("PORTSMOUTH\n\nFerry crews on the busiest crossings")
    assert story.text.endswith("said it was “disappointed” by the result.")


def test_xml_that_is_no_news_format_and_damaged_nitf_are_one_warning_each(
    tmp_path: Path,
) -> None:
    (tmp_path / "sitemap.xml").write_text(
        '<?xml version="1.0"?><urlset><url><loc>https://a.example/</loc></url></urlset>',
        encoding="utf-8",
    )
    nitf = (NEWS / "ferry-strike-nitf.xml").read_bytes()
    (tmp_path / "cut-nitf.xml").write_bytes(nitf[: nitf.index(b"<hl2>")])
    loaded = load_corpus([tmp_path])
    (story,) = loaded.documents
    assert story.title == "Ferry crews vote for summer strikes"
    assert story.text.rstrip().endswith("waiting for an answer.”")  # what came before the cut
    damaged, sitemap = loaded.warnings
    assert damaged.startswith(f"{tmp_path / 'cut-nitf.xml'}: damaged NITF (line ")
    assert damaged.endswith("read what could be read")
    assert sitemap == (
        f"{tmp_path / 'sitemap.xml'}: skipped, not a feed, NITF or NewsML-G2 file "
        "(its root is <urlset>)"
    )


def test_agency_xml_never_fetches_or_expands_outside_entities(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("PASSWORD=hunter2", encoding="utf-8")
    hostile = tmp_path / "hostile.xml"
    hostile.write_text(
        f'<?xml version="1.0"?><!DOCTYPE nitf [<!ENTITY leak SYSTEM "file://{secret}">]>'
        "<nitf><body><body.head><hedline><hl1>Leak &leak;</hl1></hedline></body.head>"
        "<body.content><p>The body says &leak; here.</p></body.content></body></nitf>",
        encoding="utf-8",
    )
    loaded = load_corpus([hostile])
    assert "hunter2" not in json.dumps([d.text + d.title for d in loaded.documents])


# Wire copy ---------------------------------------------------------------------------------


def test_wire_copy_reads_as_its_paragraphs_and_sentences() -> None:
    loaded = load_corpus([WIRE])
    (story,) = loaded.documents
    assert story.format == "wire" and story.title == "FERRY CREWS VOTE FOR SUMMER STRIKES"
    # the text is the file as read: same length, every character in place but the marks read
    # as paragraph separators and the punctuation repaired, so the file's offsets are its own
    as_read = WIRE.read_bytes().decode("cp1252")
    assert len(story.text) == len(as_read)
    differing = [(a, b) for a, b in zip(as_read, story.text, strict=True) if a != b]
    assert set(differing) == {("<", "\u2029"), ("\x19", "’")}
    assert differing.count(("\x19", "’")) == 3
    assert differing.count(("<", "\u2029")) == as_read.count("<\r\n") == 16
    sentences = [story.text[s:e] for s, e in segment(story.text).sentences]
    assert sentences[:5] == [
        "PA NEWS  14/05/24  11:42",
        "INDUSTRY Ferry",
        "FERRY CREWS VOTE FOR SUMMER STRIKES",
        "By Tom Ellery, PA Industrial Correspondent",
        "Ferry crews on the busiest crossings to the Isle of Wight have voted to\r\n"
        "strike over new summer rotas, their union announced today.",
    ]
    assert "The union must give two weeks’ notice of any action." in sentences
    assert sentences[-1] == "ends"
    assert max(len(s) for s in sentences) < 170, "no run-on sentences across paragraphs"
    for sentence in sentences:
        assert "<" not in sentence and "---" not in sentence
    assert len(segment(story.text).paragraphs) == 17
    assert loaded.warnings == [
        f"{WIRE}: not valid UTF-8 (byte 1680), read as Windows-1252 instead",
        f"{WIRE}: wire copy with control bytes for quotes and dashes (3), read as the "
        "punctuation they stand for",
    ]


def test_wire_copy_with_a_mark_on_every_line_joins_its_wrapped_lines() -> None:
    text = (
        "INDUSTRY Ferry<\n"
        "Ferry crews on the busiest crossings to the Isle of Wight have voted to<\n"
        "strike over new summer rotas, their union announced today.<\n"
        "Members of the Maritime Crews Union backed walkouts by 412 votes to 57<\n"
        "on a turnout of 81%.<\n"
    )
    sentences = [text[s:e] for s, e in segment(text).sentences]
    assert sentences == [
        "INDUSTRY Ferry",
        "Ferry crews on the busiest crossings to the Isle of Wight have voted to<\n"
        "strike over new summer rotas, their union announced today.",
        "Members of the Maritime Crews Union backed walkouts by 412 votes to 57<\n"
        "on a turnout of 81%.",
    ]


def test_text_without_wire_marks_is_segmented_as_before() -> None:
    # one indented line still makes indented paragraphs, and a lone "<" changes nothing
    text = (
        "BAHIA COCOA REVIEW\n"
        "    Showers continued throughout the week in\n"
        "the Bahia cocoa zone, where prices are < 1,000 dlrs.\n"
        "    The dry period means the temporao will be late.<\n"
    )
    assert not is_wire_copy(text)
    assert [text[s:e] for s, e in segment(text).paragraphs] == [
        "BAHIA COCOA REVIEW",
        "Showers continued throughout the week in\n"
        "the Bahia cocoa zone, where prices are < 1,000 dlrs.",
        "The dry period means the temporao will be late.<",
    ]


@pytest.mark.skipif(not SHARED_BENCH.exists(), reason="no shared benchmark data beside the repo")
@pytest.mark.parametrize("corpus", ["newsarticles.jsonl", "reuters21578.jsonl"])
def test_no_benchmark_article_is_taken_for_wire_copy(corpus: str) -> None:
    path = SHARED_BENCH / corpus
    if not path.exists():
        pytest.skip(f"{path} is not there")
    with path.open(encoding="utf-8") as lines:
        taken = [record["id"] for record in map(json.loads, lines) if is_wire_copy(record["text"])]
    assert taken == []


# Across formats ----------------------------------------------------------------------------


def test_one_story_in_every_format_is_found_as_reuse_with_exact_offsets(crawl: Path) -> None:
    opened = open_corpus([NEWS, crawl], use_cache=False, workers=1)
    export = to_dict(opened.result)
    formats = {d["id"]: d["format"] for d in export["documents"]}
    assert sorted(formats.values()) == sorted(
        ["html", "feed", "feed", "nitf", "newsml", "wire", "warc", "warc"]
    )
    texts = {d.id: d.text for d in opened.result.documents}
    shared = [
        c for c in export["clusters"] if any(SHARED_SENTENCE in p["text"] for p in c["passages"])
    ]
    (cluster,) = shared
    reached = {formats[p["doc"]] for p in cluster["passages"]}
    assert reached == {"html", "feed", "nitf", "newsml", "wire", "warc"}
    for passage in cluster["passages"]:
        assert passage["text"] == texts[passage["doc"]][passage["start"] : passage["end"]]
        assert SHARED_SENTENCE in " ".join(passage["text"].split())
        assert "<" not in passage["text"] and "\x19" not in passage["text"]
    wire = next(p for p in cluster["passages"] if formats[p["doc"]] == "wire")
    as_read = WIRE.read_bytes().decode("cp1252")  # with its marks and control bytes
    as_exported = wire["text"].replace("\u2029", "<").replace("’", "\x19")
    assert as_read[wire["start"] : wire["end"]] == as_exported


def test_a_stored_scan_keeps_where_each_document_came_from(crawl: Path) -> None:
    first = open_corpus([crawl], workers=1)
    again = open_corpus([crawl], workers=1)
    assert not first.from_cache and again.from_cache
    assert [(d.url, d.format) for d in again.result.documents] == [
        (d.url, d.format) for d in first.result.documents
    ]
    assert all(d.url.startswith("https://") for d in again.result.documents)


def test_a_missing_library_costs_its_files_one_warning_each(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # as if it were not installed
    for name in ("a.html", "b.htm"):
        (tmp_path / name).write_bytes(PAGE.read_bytes())
    (tmp_path / "story.txt").write_text("An article in plain text.\n", encoding="utf-8")
    loaded = load_corpus([tmp_path])
    assert [d.id for d in loaded.documents] == ["story"]
    assert loaded.warnings == [
        f"{tmp_path / name}: skipped, reading HTML needs trafilatura: pip install 'echoes[formats]'"
        for name in ("a.html", "b.htm")
    ]
