"""Paragraphs out of agency XML and HTML fragments, with lxml, and a safe XML parser.

Agency XML marks its paragraphs (`<p>`, subheads, list items); a feed entry's content is a
fragment of HTML that may only break lines with `<br>`. Either way each innermost block is one
paragraph and its white space is folded, as a reader sees it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.engine.formats.common import missing_library, one_line

if TYPE_CHECKING:
    from lxml import etree

# Elements whose text is a paragraph of its own (by local name, in any namespace).
BLOCKS = frozenset(
    {"p", "hl1", "hl2", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre"}
    | {"dd", "dt", "td", "th", "caption", "figcaption"}
)
_NOT_TEXT = ("{*}script", "{*}style", "{*}noscript", "{*}template")


def local_name(element: etree._Element) -> str:
    """An element's tag without its namespace ("" for comments and processing instructions)."""
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def first(element: etree._Element, *names: str) -> etree._Element | None:
    """The first element below `element` along a path of local names, in any namespace."""
    return element.find("/".join(f"{{*}}{name}" for name in names))


def text_of(element: etree._Element | None) -> str:
    """All the text inside `element`, white space folded ("" for None)."""
    return "" if element is None else one_line("".join(element.itertext()))


def paragraphs(root: etree._Element) -> list[str]:
    """The text of each innermost block element under `root`, in reading order; when it has
    none, its text line by line (a `<br>` breaks a line)."""
    from lxml import etree

    etree.strip_elements(root, *_NOT_TEXT, with_tail=False)
    for br in root.iter("{*}br"):
        br.tail = "\n" + (br.tail or "")
    blocks = [e for e in root.iter() if local_name(e) in BLOCKS]
    holders = {ancestor for block in blocks for ancestor in block.iterancestors()}
    found = [text_of(block) for block in blocks if block not in holders]
    if not blocks:
        found = [one_line(line) for line in "".join(root.itertext()).splitlines()]
    return [p for p in found if p]


def html_paragraphs(markup: str) -> list[str]:
    """Paragraphs of an HTML fragment (a feed entry's content or summary)."""
    from lxml import etree, html

    try:
        root = html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):  # nothing but white space or comments
        return []
    return paragraphs(root)


def xml_parser() -> etree.XMLParser:
    """A parser that never fetches or expands outside entities (a DTD, XXE) and reads what it
    can of a damaged file; the file's errors are left in its `error_log`."""
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, recover=True, huge_tree=False
    )


def parse_xml(raw: bytes, where: str, what: str, warnings: list[str]) -> etree._Element | None:
    """The root element of `raw`, with one warning when the file is damaged (what could be
    read is kept), unreadable or lxml is not installed (None)."""
    try:
        from lxml import etree
    except ImportError:
        warnings.append(missing_library(where, what, "lxml"))
        return None
    parser = xml_parser()
    try:
        # None, not an element, when recovery finds nothing (the stubs do not say so)
        root: etree._Element | None = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as error:
        warnings.append(f"{where}: skipped, not readable as {what} ({error})")
        return None
    errors = [e for e in parser.error_log if e.level >= etree.ErrorLevels.ERROR]
    if root is None:
        detail = f" ({errors[0].message})" if errors else ""
        warnings.append(f"{where}: skipped, not readable as {what}{detail}")
        return None
    if errors:
        warnings.append(
            f"{where}: damaged {what} (line {errors[0].line}: {errors[0].message}); "
            "read what could be read"
        )
    return root
