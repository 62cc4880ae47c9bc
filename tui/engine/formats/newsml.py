"""NewsML-G2, IPTC's news exchange format: a `newsMessage` of news items (or one `newsItem`),
read with lxml.

Each text item with inline content becomes a document: its text is the dateline (when there
is one) and the body's paragraphs (`inlineXML` XHTML, or `inlineData` plain text), its title
the headline, its date the content's creation date (else the item's first or latest version),
its source the provider. Pictures, packages and concepts carry no article text and are left
out; a text item whose content is elsewhere (`remoteContent`) gets a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from tui.engine.formats.common import iso_date, join_paragraphs
from tui.engine.formats.markup import first, local_name, paragraphs, parse_xml, text_of
from tui.model import Document

if TYPE_CHECKING:
    from lxml import etree


def _provider(item: etree._Element) -> str:
    provider = first(item, "itemMeta", "provider")
    if provider is None:
        return ""
    return (
        text_of(first(provider, "name"))
        or provider.get("literal", "")
        or provider.get("qcode", "").partition(":")[2]
    )


def _date(item: etree._Element) -> str:
    for path in (
        ("contentMeta", "contentCreated"),
        ("itemMeta", "firstCreated"),
        ("itemMeta", "versionCreated"),
    ):
        value = text_of(first(item, *path))
        if value:
            return iso_date(value)
    return ""


def _body(item: etree._Element) -> list[str]:
    content_set = first(item, "contentSet")
    if content_set is None:
        return []
    for content in content_set:
        if local_name(content) == "inlineXML":
            body = first(content, "html", "body")
            return paragraphs(content if body is None else body)
        if local_name(content) == "inlineData":  # plain text: blank lines, else lines, apart
            text = content.text or ""
            return re.split(r"\n\s*\n", text) if re.search(r"\n\s*\n", text) else text.splitlines()
    return []


def _is_text(item: etree._Element) -> bool:
    item_class = first(item, "itemMeta", "itemClass")
    qcode = "" if item_class is None else item_class.get("qcode", "")
    return qcode in ("", "ninat:text") or qcode.endswith(":text")


def read_newsml(raw: bytes, where: str, doc_id: str, warnings: list[str]) -> Iterator[Document]:
    """The text items of one NewsML-G2 file; a file of several gets ids `ID:1`, `ID:2`…"""
    root = parse_xml(raw, where, "NewsML-G2", warnings)
    if root is None:
        return
    items = [root] if local_name(root) == "newsItem" else list(root.iter("{*}newsItem"))
    texts = [item for item in items if _is_text(item)]
    if not texts:
        warnings.append(f"{where}: skipped, the NewsML-G2 file has no text item")
        return
    for number, item in enumerate(texts, start=1):
        shown = where if len(texts) == 1 else f"{where}:{number}"
        body = _body(item)
        if not body:
            warnings.append(f"{shown}: skipped, the news item has no inline text")
            continue
        dateline = text_of(first(item, "contentMeta", "dateline"))
        if dateline and not body[0].startswith(dateline):
            body.insert(0, dateline)
        sender = first(root, "header", "sender")
        yield Document(
            id=doc_id if len(texts) == 1 else f"{doc_id}:{number}",
            text=join_paragraphs(body),
            path=shown,
            title=text_of(first(item, "contentMeta", "headline")),
            source=_provider(item) or text_of(sender),
            date=_date(item),
            format="newsml",
        )
