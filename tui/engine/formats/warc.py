"""Web archives (`.warc`, `.warc.gz`, as crawlers and web archives write them), read record by
record with warcio: the archive is streamed, never held in memory whole.

Every HTML page the archive holds (a `response` record with status 200, or a `resource`
record) becomes a document through the same extraction as a saved page (`webpage`). Its id is
the record's address without the scheme and its WARC date (`www.example.org/news/a@2024-05-14
T12:00:00Z`, so two captures of one page stay two documents), its path the archive and the
record's byte offset (`crawl.warc.gz:1234`), its url the address; its date is the page's own
publication date, or the capture date when the page gives none, and its source the site's
name, or else the host. Other records (requests, images, scripts, redirects) are passed over.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import logging
import zlib
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from tui.engine.formats.common import iso_date, missing_library, url_id
from tui.engine.formats.stream import ReadableBytes
from tui.engine.formats.webpage import MissingLibrary, Page, extract_page
from tui.model import Document

_HTML_TYPES = ("text/html", "application/xhtml+xml")
# warcio logs the addresses it repairs; a load reports through its warnings instead.
logging.getLogger("warcio").addHandler(logging.NullHandler())


def _charset(content_type: str) -> str | None:
    """The charset a Content-Type names, when Python knows it."""
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            try:
                return codecs.lookup(value.strip().strip("\"'")).name
            except LookupError:
                return None
    return None


def _html_page(record: Any) -> tuple[str, str] | None:
    """The content type and address of an HTML page record, or None for any other record."""
    if record.rec_type == "response":
        if record.http_headers is None or record.http_headers.get_statuscode() != "200":
            return None
        content_type = record.http_headers.get_header("Content-Type") or ""
    elif record.rec_type == "resource":
        content_type = record.rec_headers.get_header("Content-Type") or ""
    else:
        return None
    if not content_type.split(";")[0].strip().lower().startswith(_HTML_TYPES):
        return None
    return content_type, record.rec_headers.get_header("WARC-Target-URI") or ""


def read_warc(
    stream: ReadableBytes, where: str, warnings: list[str], max_record_bytes: int
) -> Iterator[Document]:
    """The article pages of one web archive, in archive order.

    A page larger than `max_record_bytes` or without article text is skipped with a warning;
    a damaged or cut-short archive keeps the pages before the damage, with one warning."""
    # Over 60 lines: one pass over warcio's stateful iterator, whose reading order decides
    # what can be asked when (a record's length is known only after the next one is read).
    try:
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed
    except ImportError:
        warnings.append(missing_library(where, "web archives", "warcio"))
        return
    records = ArchiveIterator(stream)
    seen, previous = 0, None
    # warcio writes a note to stderr for each record of the wrong length; it is counted here
    # (`err_count`) and reported in the one warning for the archive instead.
    noise = io.StringIO()
    try:
        while True:
            with contextlib.redirect_stderr(noise):
                record = next(records, None)  # reads the previous record to its end first
            if previous is not None and _cut_short(previous):
                warnings.append(_damaged(where, "cut short", seen))
                return
            if record is None:
                break
            if record.format != "warc":
                warnings.append(f"{where}: skipped, not a WARC web archive")
                return
            seen, previous = seen + 1, record
            page = _html_page(record)
            if page is None:
                continue
            content_type, uri = page
            if record.length and record.length > max_record_bytes:
                warnings.append(
                    f"{where}:{records.get_record_offset()} {uri}: skipped, the record is "
                    f"larger than the {max_record_bytes // 2**20} MiB an article may be"
                )
                continue
            raw: bytes | str = record.content_stream().read()
            if _cut_short(record):  # half a page is not the article
                warnings.append(_damaged(where, "cut short", seen))
                return
            # only now: asking for the offset reads the rest of the record
            shown = f"{where}:{records.get_record_offset()}"
            charset = _charset(content_type)
            if charset is not None and isinstance(raw, bytes):
                raw = raw.decode(charset, errors="replace")
            try:
                found = extract_page(raw, uri)
            except MissingLibrary:
                warnings.append(missing_library(where, "web pages", "trafilatura"))
                return
            if found is None:
                warnings.append(f"{shown} {uri}: skipped, no article text found in the page")
                continue
            yield _page_document(record, uri, shown, found)
    except (ArchiveLoadFailed, OSError, EOFError, zlib.error, ValueError) as error:
        warnings.append(_unreadable(where, error, seen))
        return
    if records.err_count:
        warnings.append(
            f"{where}: damaged web archive ({records.err_count} records of the wrong "
            "length); read what could be read"
        )
    elif seen == 0:
        warnings.append(f"{where}: skipped, the web archive holds no records")


def _page_document(record: Any, uri: str, shown: str, found: Page) -> Document:
    """The document for an extracted page: id from its URL and capture date."""
    captured = iso_date(record.rec_headers.get_header("WARC-Date") or "")
    return Document(
        id=f"{url_id(uri)}@{captured}" if captured else url_id(uri),
        text=found.text,
        path=shown,
        title=found.title,
        source=found.site or (urlsplit(uri).hostname or ""),
        date=found.date or captured,
        url=uri,
        format="warc",
    )


def _unreadable(where: str, error: Exception, seen: int) -> str:
    """The one warning for an archive that could not be read on from record `seen`."""
    problem = " ".join(str(error).split())
    if "non-chunked gzip" in problem:  # warcio reads gzip member by member only
        return (
            f"{where}: web archive compressed whole, not record by record; only its "
            "first record was read (gunzip it and read the .warc)"
        )
    if seen == 0:
        return f"{where}: skipped, not a readable web archive ({problem[:200]})"
    return _damaged(where, problem[:200], seen + 1)


def _cut_short(record: Any) -> bool:
    """Whether the archive ends before the bytes the record announced."""
    return bool(record.raw_stream.limit)


def _damaged(where: str, problem: str, record: int) -> str:
    return (
        f"{where}: damaged web archive ({problem} in record {record}); the pages before it are kept"
    )
