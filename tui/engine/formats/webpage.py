"""Saved article pages (`.html`, `.htm`): the article's own text, read by trafilatura.

trafilatura is made for news pages: it keeps the article and leaves out menus, share buttons,
related links, footers and (asked to) reader comments, and finds the title, publication date,
site name and canonical address in the page's metadata. The document text is that article
text, one paragraph per block of the page, a blank line between them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass

from tui.engine.formats.common import iso_date, join_paragraphs, missing_library
from tui.model import Document

# trafilatura and the libraries it calls log what they discard; a load reports through its
# warnings, so their records go nowhere (a handler stops Python printing them to stderr).
for _name in ("trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_name).addHandler(logging.NullHandler())

# The date the page says it was published, from its metadata, not guessed from its text.
_DATE_SEARCH = {"extensive_search": False, "original_date": True}
# Fewer words than this is what the extractor keeps of a page without an article (a section
# front's menu, a login form), not a story; the shortest news briefs run to a dozen or more.
MIN_ARTICLE_WORDS = 8


@dataclass(frozen=True, slots=True)
class Page:
    """What trafilatura found in one page."""

    text: str
    title: str
    date: str
    site: str
    url: str


class MissingLibrary(Exception):
    """trafilatura is not installed."""


def extract_page(raw: bytes | str, url: str = "") -> Page | None:
    """The article in one HTML page, or None when the page holds no article text (fewer
    than `MIN_ARTICLE_WORDS` words).

    Raises MissingLibrary when trafilatura is not installed."""
    try:
        import trafilatura
    except ImportError as error:
        raise MissingLibrary from error
    found = trafilatura.bare_extraction(
        raw,
        url=url or None,
        with_metadata=True,
        include_comments=False,
        favor_precision=True,  # a menu or a teaser list kept is worse than a line missed
        date_extraction_params=_DATE_SEARCH,
    )
    if found is None:
        return None
    fields = found if isinstance(found, dict) else found.as_dict()
    text = join_paragraphs(str(fields.get("text") or "").splitlines())
    if len(text.split()) < MIN_ARTICLE_WORDS:
        return None
    return Page(
        text=text,
        title=str(fields.get("title") or ""),
        date=iso_date(str(fields.get("date") or "")),
        site=str(fields.get("sitename") or fields.get("hostname") or ""),
        url=str(fields.get("url") or url),
    )


def read_html(raw: bytes, where: str, doc_id: str, warnings: list[str]) -> Iterator[Document]:
    """The article of one saved page (none, with a warning, when it holds no article)."""
    try:
        page = extract_page(raw)
    except MissingLibrary:
        warnings.append(missing_library(where, "HTML", "trafilatura"))
        return
    if page is None:
        warnings.append(f"{where}: skipped, no article text found in the page")
        return
    yield Document(
        id=doc_id,
        text=page.text,
        path=where,
        title=page.title,
        source=page.site,
        date=page.date,
        url=page.url,
        format="html",
    )
