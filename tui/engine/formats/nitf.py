"""NITF, IPTC's News Industry Text Format: one agency story per file, read with lxml.

The document text is the dateline (when there is one) and the body's paragraphs, each
paragraph apart; the headline is the title, the issue date the date, and the distributor (or
the copyright holder, or the publication) the source.
"""

from __future__ import annotations

from collections.abc import Iterator

from tui.engine.formats.common import iso_date, join_paragraphs
from tui.engine.formats.markup import first, paragraphs, parse_xml, text_of
from tui.model import Document


def read_nitf(raw: bytes, where: str, doc_id: str, warnings: list[str]) -> Iterator[Document]:
    """The story of one NITF file (none, with a warning, when it has no body text)."""
    root = parse_xml(raw, where, "NITF", warnings)
    if root is None:
        return
    head, body_head = first(root, "head"), first(root, "body", "body.head")
    content = first(root, "body", "body.content")
    body = [] if content is None else paragraphs(content)
    if not body:
        warnings.append(f"{where}: skipped, the NITF file has no body text")
        return
    dateline = text_of(None if body_head is None else first(body_head, "dateline"))
    if dateline and not body[0].startswith(dateline):
        body.insert(0, dateline)
    title = text_of(None if body_head is None else first(body_head, "hedline", "hl1"))
    date, source = "", ""
    if head is not None:
        title = title or text_of(first(head, "title"))
        issued = first(head, "docdata", "date.issue")
        date = iso_date(issued.get("norm") or text_of(issued)) if issued is not None else ""
        copyright_ = first(head, "docdata", "doc.copyright")
        publication = first(head, "pubdata")
        source = (copyright_.get("holder", "") if copyright_ is not None else "") or (
            publication.get("name", "") if publication is not None else ""
        )
    if body_head is not None:
        source = text_of(first(body_head, "distributor")) or source
    yield Document(
        id=doc_id,
        text=join_paragraphs(body),
        path=where,
        title=title,
        source=source,
        date=date,
        format="nitf",
    )
