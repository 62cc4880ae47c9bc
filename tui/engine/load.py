"""Load a corpus: folders of `.txt`/`.md` articles, `.jsonl` files of one article per line,
and the news formats of `tui.engine.formats` (pages, web archives, feeds, agency XML).

Bad input never stops a load: each unreadable, binary, empty, oversized or broken item becomes
one warning sentence and the rest of the corpus still loads. Only a path that does not exist is
an error, because then the user asked for something that is not there.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tui.engine.formats.common import xml_root
from tui.engine.formats.feed import read_feed
from tui.engine.formats.newsml import read_newsml
from tui.engine.formats.nitf import read_nitf
from tui.engine.formats.stream import StreamedFile
from tui.engine.formats.warc import read_warc
from tui.engine.formats.webpage import read_html
from tui.engine.formats.wire import wire_document
from tui.model import Document

TEXT_SUFFIXES = (".txt", ".md")
JSONL_SUFFIX = ".jsonl"
HTML_SUFFIXES = (".html", ".htm")
WARC_SUFFIXES = (".warc", ".warc.gz")
FEED_SUFFIXES = (".rss", ".atom")
XML_SUFFIX = ".xml"  # a feed, NITF or NewsML-G2, told apart by the root element
# Files of many articles: read whole however large (a web archive is streamed instead).
_MANY_ARTICLES = (JSONL_SUFFIX, *FEED_SUFFIXES, XML_SUFFIX)
SUFFIXES = (*TEXT_SUFFIXES, *HTML_SUFFIXES, *WARC_SUFFIXES, *_MANY_ARTICLES)
# One article larger than this is almost certainly not an article (a log, a dump, a book);
# reading it would stall the scan for everyone else's documents.
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
_SNIFF_BYTES = 8192
# Part of `corpus_digest`: change it whenever the same bytes would load as other documents or
# warnings, so that no stored result made by the old loader is taken for the new one's.
LOADER_VERSION = "2"


class CorpusError(Exception):
    """A corpus path the user gave cannot be used at all."""


@dataclass
class LoadResult:
    documents: list[Document] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    digest: str = ""  # `corpus_digest` of exactly the bytes these documents were read from


def first_line(text: str, limit: int = 200) -> str:
    """The first non-blank line, trimmed: a plain-text article's title."""
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:limit]
    return ""


def _utf8_or_cp1252(raw: bytes, shown: str, warnings: list[str]) -> str:
    """UTF-8, or else Windows-1252 (the usual encoding of old news files), with a warning."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        warnings.append(
            f"{shown}: not valid UTF-8 (byte {error.start}), read as Windows-1252 instead"
        )
        return raw.decode("cp1252", errors="replace")


def _decode(raw: bytes, shown: str, warnings: list[str]) -> str | None:
    if b"\x00" in raw[:_SNIFF_BYTES]:
        warnings.append(f"{shown}: skipped, looks like a binary file")
        return None
    text = _utf8_or_cp1252(raw, shown, warnings)
    # Same text as open(path, encoding="utf-8", newline="").read(): no newline translation.
    if not text.strip():
        warnings.append(f"{shown}: skipped, the file is empty")
        return None
    return text


def _read_source(path: Path, limit: int | None) -> bytes | str:
    """The bytes of one article file, or the warning that says why it is skipped unread."""
    shown = str(path)
    try:
        if limit is not None:
            size = path.stat().st_size
            if size > limit:
                return (
                    f"{shown}: skipped, {size / 2**20:.0f} MiB is larger than the "
                    f"{limit // 2**20} MiB an article may be"
                )
        return path.read_bytes()
    except OSError as error:
        return f"{shown}: skipped, cannot be read ({error.strerror or error})"


def _text_document(path: Path, raw: bytes, doc_id: str, warnings: list[str]) -> Document | None:
    text = _decode(raw, str(path), warnings)
    if text is None:
        return None
    wire = wire_document(text, str(path), doc_id, warnings)
    if wire is not None:
        return wire
    return Document(id=doc_id, text=text, path=str(path), title=first_line(text), format="text")


def _field(record: Mapping[str, object], name: str) -> str:
    value = record.get(name)
    return "" if value is None else str(value)


def _jsonl_documents(path: Path, raw: bytes, warnings: list[str]) -> Iterator[Document]:
    shown = str(path)
    for number, line_bytes in enumerate(io.BytesIO(raw), start=1):  # lines end at b"\n" only
        if not line_bytes.strip():
            continue
        where = f"{shown}:{number}"
        line = _utf8_or_cp1252(line_bytes, where, warnings)
        document = jsonl_document(line, where, f"{path.stem}:{number}", warnings)
        if document is not None:
            yield document


def jsonl_document(line: str, where: str, default_id: str, warnings: list[str]) -> Document | None:
    """The article on one JSON Lines line read at `where` ("file:line"), or None with a
    warning that says why it is skipped. An article without an `id` gets `default_id`."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        warnings.append(f"{where}: skipped, not valid JSON ({error.msg})")
        return None
    if not isinstance(record, dict):
        warnings.append(f"{where}: skipped, expected a JSON object")
        return None
    return record_document(record, where, default_id, warnings)


def record_document(
    record: Mapping[str, object],
    where: str,
    default_id: str,
    warnings: list[str],
    kind: str = "jsonl",
) -> Document | None:
    """The article one record holds (a JSON Lines object, a table row, of format `kind`),
    or None with a warning when it has no text."""
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        warnings.append(f"{where}: skipped, no 'text' field with content")
        return None
    return Document(
        id=_field(record, "id") or default_id,
        text=text,
        path=where,
        title=_field(record, "title") or first_line(text),
        source=_field(record, "source"),
        date=_field(record, "date"),
        url=_field(record, "url"),
        format=kind,
    )


def _walk(folder: Path) -> Iterator[Path]:
    """Article files under `folder` in a stable order, skipping hidden files and folders."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and name.lower().endswith(SUFFIXES):
                yield Path(root) / name


def _source_files(given: Sequence[Path]) -> Iterator[tuple[Path, str, bytes | str | StreamedFile]]:
    """Every article file under the given paths, in load order, with the id its text would
    get and its bytes (or the warning that skips it). The one place files are read, so the
    loader and `corpus_digest` see exactly the same input."""
    for path in given:
        if path.is_dir():
            files = [
                (file, file.relative_to(path).with_suffix("").as_posix()) for file in _walk(path)
            ]
        else:
            files = [(path, path.stem)]
        for file, doc_id in files:
            name = file.name.lower()
            if name.endswith(WARC_SUFFIXES):
                yield file, doc_id, StreamedFile(file)
                continue
            many = name.endswith(_MANY_ARTICLES)
            yield file, doc_id, _read_source(file, None if many else MAX_DOCUMENT_BYTES)


_FormatReader = Callable[[bytes, str, str, list[str]], Iterator[Document]]
_XML_ROOTS: dict[str, _FormatReader] = {
    "rss": read_feed,
    "feed": read_feed,
    "RDF": read_feed,
    "nitf": read_nitf,
    "newsMessage": read_newsml,
    "newsItem": read_newsml,
}


def _xml_reader(file: Path, raw: bytes, warnings: list[str]) -> _FormatReader | None:
    root = xml_root(raw)
    reader = _XML_ROOTS.get(root.rpartition(":")[2])
    if reader is None:
        found = f"its root is <{root}>" if root else "no root element found"
        warnings.append(f"{file}: skipped, not a feed, NITF or NewsML-G2 file ({found})")
    return reader


def _formatted(
    file: Path, doc_id: str, raw: bytes | StreamedFile, warnings: list[str]
) -> Iterator[Document]:
    """The documents of a file in one of the news formats; an error its library raises on a
    hostile or broken file ends that file with a warning, never the load."""
    name = file.name.lower()
    try:
        if isinstance(raw, StreamedFile):
            with raw.open() as stream:
                yield from read_warc(stream, str(file), warnings, MAX_DOCUMENT_BYTES)
        elif name.endswith(HTML_SUFFIXES):
            yield from read_html(raw, str(file), doc_id, warnings)
        elif name.endswith(FEED_SUFFIXES):
            yield from read_feed(raw, str(file), doc_id, warnings)
        else:
            reader = _xml_reader(file, raw, warnings)
            if reader is not None:
                yield from reader(raw, str(file), doc_id, warnings)
    except OSError as error:
        warnings.append(f"{file}: skipped, cannot be read ({error.strerror or error})")
    except Exception as error:  # a parser's failure on one file: that file alone is lost
        warnings.append(f"{file}: skipped, could not be read ({type(error).__name__}: {error})")


def _documents_from(
    file: Path, doc_id: str, raw: bytes | str | StreamedFile, warnings: list[str]
) -> Iterator[Document]:
    name = file.name.lower()
    if isinstance(raw, str):
        warnings.append(raw)
    elif isinstance(raw, StreamedFile) or name.endswith(
        (*HTML_SUFFIXES, *FEED_SUFFIXES, XML_SUFFIX)
    ):
        yield from _formatted(file, doc_id, raw, warnings)
    elif name.endswith(JSONL_SUFFIX):
        yield from _jsonl_documents(file, raw, warnings)
    else:
        document = _text_document(file, raw, doc_id, warnings)
        if document:
            yield document


def _existing(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    given = [Path(p) for p in paths]
    missing = [str(p) for p in given if not p.exists()]
    if missing:
        raise CorpusError(f"no such file or folder: {', '.join(missing)}")
    return given


class _Digest:
    """A running digest of what the loader reads: the paths as given, then each file's name
    and bytes (or its skip warning), in load order."""

    def __init__(self, given: Sequence[Path]) -> None:
        self._hash = hashlib.sha256(f"{LOADER_VERSION}\0".encode())
        for path in given:
            self._add(str(path).encode("utf-8", "surrogateescape"))

    def _add(self, chunk: bytes) -> None:
        self._hash.update(len(chunk).to_bytes(8, "little"))
        self._hash.update(chunk)

    def add_file(self, file: Path, raw: bytes | str | StreamedFile) -> None:
        self._add(str(file).encode("utf-8", "surrogateescape"))
        if isinstance(raw, StreamedFile):
            try:
                self._add(b"\1" + raw.sha256().encode())
            except OSError as error:
                self._add(b"\0" + str(error).encode("utf-8", "surrogateescape"))
            return
        self._add(raw if isinstance(raw, bytes) else b"\0" + raw.encode("utf-8", "surrogateescape"))

    def hexdigest(self) -> str:
        return self._hash.hexdigest()[:32]


def corpus_digest(paths: Iterable[str | os.PathLike[str]]) -> str:
    """A digest of every byte `load_corpus(paths)` would read, and of where it reads it.

    Equal digests mean `load_corpus` gives the same documents and warnings, so a stored result
    can be reused without parsing the corpus again: hashing is far cheaper than parsing.
    Raises CorpusError, as `load_corpus` does, for a path that does not exist.
    """
    given = _existing(paths)
    digest = _Digest(given)
    for file, _, raw in _source_files(given):
        digest.add_file(file, raw)
    return digest.hexdigest()


class UniqueIds:
    """Documents' ids made unique in load order: a repeated id gets a `#2`, `#3`… suffix
    and a warning (in `warnings`), so no article silently replaces another."""

    def __init__(self, warnings: list[str]) -> None:
        self.warnings = warnings
        self._seen: dict[str, int] = {}

    def of(self, document: Document) -> Document:
        """The document, renamed if its id was seen before."""
        count = self._seen.get(document.id, 0) + 1
        self._seen[document.id] = count
        if count == 1:
            return document
        new_id = f"{document.id}#{count}"
        self.warnings.append(
            f"{document.path}: id {document.id!r} is used twice, renamed {new_id!r}"
        )
        return dataclasses.replace(document, id=new_id)


def load_corpus(paths: Iterable[str | os.PathLike[str]]) -> LoadResult:
    """Documents from every path, in the order given, with one warning per skipped item.

    Raises CorpusError when a path does not exist. Document ids are unique: a repeated id gets
    a `#2`, `#3`… suffix and a warning, so no article silently replaces another.
    """
    result = LoadResult()
    given = _existing(paths)
    digest = _Digest(given)
    unique = UniqueIds(result.warnings)
    for file, doc_id, raw in _source_files(given):
        for document in _documents_from(file, doc_id, raw, result.warnings):
            result.documents.append(unique.of(document))
        digest.add_file(file, raw)  # after: a streamed file's digest is of the bytes read
    if not result.documents:
        result.warnings.append("no articles found in " + ", ".join(str(p) for p in given))
    result.digest = digest.hexdigest()
    return result
