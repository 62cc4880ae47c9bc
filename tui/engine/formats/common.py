"""What the format readers share: ids from URLs, ISO dates, text from markup, and the
warning for a missing library."""

from __future__ import annotations

import re
import time
from collections.abc import Iterable

# The optional install that brings every format's library (see pyproject.toml).
FORMATS_EXTRA = "pip install 'echoes[formats]'"

_BASIC_ISO = re.compile(
    r"(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?(Z|[+-]\d{2}:?\d{2})?)?", re.ASCII
)


def missing_library(where: str, what: str, library: str) -> str:
    """The warning for a file whose reader's library is not installed."""
    return f"{where}: skipped, reading {what} needs {library}: {FORMATS_EXTRA}"


def url_id(url: str) -> str:
    """A document id from a page address: the address without its scheme, which is what
    people write and read ("www.example.org/news/story")."""
    return re.sub(r"^[a-z][a-z0-9+.-]*://", "", url.strip(), flags=re.IGNORECASE)


def iso_date(value: str) -> str:
    """A date as ISO 8601 in its extended form ("2024-05-14T11:42:00Z"), so that dates sort
    as text; the agencies' basic form ("20240514T114200+0000") is rewritten, anything else
    kept as given."""
    value = value.strip()
    match = _BASIC_ISO.fullmatch(value)
    if not match:
        return value
    year, month, day, hour, minute, second, zone = match.groups()
    if hour is None:
        return f"{year}-{month}-{day}"
    zone = zone or ""
    if zone in ("+0000", "+00:00", "-0000"):
        zone = "Z"
    elif len(zone) == 5:
        zone = f"{zone[:3]}:{zone[3:]}"
    return f"{year}-{month}-{day}T{hour}:{minute}:{second or '00'}{zone}"


def struct_date(value: time.struct_time | None) -> str:
    """An ISO 8601 UTC date from a parsed time (feedparser gives them in UTC), or ""."""
    return "" if value is None else time.strftime("%Y-%m-%dT%H:%M:%SZ", value)


def one_line(text: str) -> str:
    """White space folded to single spaces: a paragraph of markup as it reads."""
    return " ".join(text.split())


def join_paragraphs(paragraphs: Iterable[str]) -> str:
    """A document text from paragraphs: one blank line between them, none empty, so each
    reads as one paragraph to the segmenter whatever its length or last character."""
    return "\n\n".join(p for p in (one_line(p) for p in paragraphs) if p)


# What may come before an XML file's root element: a declaration, comments, processing
# instructions, a document type (with an internal subset), white space.
_XML_PROLOGUE = re.compile(
    r"(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]|\[.*?\])*>)*", re.DOTALL | re.IGNORECASE
)
_XML_NAME = re.compile(r"<([A-Za-z_][\w.:-]*)")
_SNIFF_CHARS = 65536


def xml_root(raw: bytes) -> str:
    """The name of an XML file's root element, as written ("rdf:RDF"), or "" when none is
    found near the start: what tells a feed, NITF and NewsML-G2 apart without parsing."""
    head = raw[: _SNIFF_CHARS * 2]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="ignore")
    else:
        text = head.decode("utf-8", errors="ignore").lstrip("\ufeff")
    prologue = _XML_PROLOGUE.match(text)
    name = _XML_NAME.match(text, prologue.end() if prologue else 0)
    return name.group(1) if name else ""
