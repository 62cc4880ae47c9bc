"""RSS and Atom feeds (`.rss`, `.atom`, or `.xml` holding a feed), read with feedparser.

Each entry with text becomes a document: its text is the entry's full content when the feed
carries it, else its summary, as paragraphs of plain text; its title the entry's, its date
the entry's publication (else update) date in UTC, its source the feed's title, its url the
entry's link. Its id is that link without the scheme (the entry's id when it has no link,
`FILE:N` when it has neither), its path `FEED:N` for the N-th entry.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from tui.engine.formats.common import join_paragraphs, missing_library, struct_date, url_id
from tui.engine.formats.markup import html_paragraphs
from tui.model import Document


def _entry_text(entry: Any) -> str:
    """The entry's longest text: full content if present, else the summary."""
    candidates = [part for part in entry.get("content", []) if part.get("value")]
    if not candidates and entry.get("summary"):
        candidates = [entry.get("summary_detail") or {"value": entry["summary"]}]
    best = ""
    for part in candidates:
        value = str(part.get("value", ""))
        if "html" in str(part.get("type", "text/html")):
            text = join_paragraphs(html_paragraphs(value))
        else:
            text = join_paragraphs(value.split("\n\n"))
        best = max(best, text, key=len)
    return best


def read_feed(raw: bytes, where: str, doc_id: str, warnings: list[str]) -> Iterator[Document]:
    """The entries with text of one feed, in feed order; a damaged feed keeps what could be
    read, with one warning, and entries without text are counted in one warning."""
    try:
        import feedparser
    except ImportError:
        warnings.append(missing_library(where, "feeds", "feedparser"))
        return
    # A stream, never bytes or a string: feedparser would take those for a file name or URL.
    parsed = feedparser.parse(io.BytesIO(raw), sanitize_html=True, resolve_relative_uris=False)
    entries = parsed.get("entries", [])
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if isinstance(problem, (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)):
        problem = None  # the text was still read in full
    if problem is not None and not entries:
        warnings.append(f"{where}: skipped, not a readable feed ({problem})")
        return
    if problem is not None:
        warnings.append(f"{where}: damaged feed ({problem}); read what could be read")
    if not entries:
        warnings.append(f"{where}: skipped, the feed has no entries")
    source = str(parsed.get("feed", {}).get("title", ""))
    empty = 0
    for number, entry in enumerate(entries, start=1):
        text = _entry_text(entry)
        if not text:
            empty += 1
            continue
        link = str(entry.get("link", ""))
        yield Document(
            id=url_id(link) or str(entry.get("id", "")) or f"{doc_id}:{number}",
            text=text,
            path=f"{where}:{number}",
            title=str(entry.get("title", "")),
            source=source,
            date=struct_date(entry.get("published_parsed") or entry.get("updated_parsed")),
            url=link,
            format="feed",
        )
    if empty:
        warnings.append(f"{where}: entries without text left out ({empty} of {len(entries)})")
