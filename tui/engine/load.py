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
import re
import stat
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
# 3: ids made unique even against renamed ones, file names as valid UTF-8, only regular files
#    read, JSONL fields of the wrong type and lone surrogates reported
LOADER_VERSION = "3"


class CorpusError(Exception):
    """A corpus path the user gave cannot be used at all."""


@dataclass
class LoadResult:
    documents: list[Document] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    digest: str = ""  # `corpus_digest` of exactly the bytes these documents were read from


def shown_path(path: str | os.PathLike[str]) -> str:
    """`path` as valid UTF-8 text for ids, paths and warnings: bytes of a file name that are
    not UTF-8 appear as backslash escapes (`caf\\xe9.txt`); the file itself is still read."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_surrogates(text: str, where: str, warnings: list[str]) -> str:
    """`text` with lone surrogates (which JSON can escape, but no UTF-8 output can hold) each
    replaced by U+FFFD: one character for one, so offsets into the text stay the same."""
    if not _SURROGATE.search(text):
        return text
    warnings.append(f"{where}: lone surrogate characters replaced with U+FFFD")
    return _SURROGATE.sub("\ufffd", text)


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


def _not_regular(mode: int) -> str | None:
    """What a file that is not a regular file is ("a named pipe"), or None for a regular one.
    Reading a pipe or a device named `*.txt` would wait forever or never end."""
    if stat.S_ISREG(mode):
        return None
    kinds = (
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((kind for test, kind in kinds if test(mode)), "not a regular file")


def _read_regular(path: Path) -> bytes | str:
    """The bytes of `path` if it is (still) a regular file, else why it is skipped. Opened
    without blocking and checked on the open file: a pipe swapped in meanwhile cannot hang."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(descriptor, "rb") as handle:
        kind = _not_regular(os.fstat(descriptor).st_mode)
        if kind is not None:
            return f"{shown_path(path)}: skipped, {kind}, not a regular file"
        return handle.read()


def _read_source(path: Path, limit: int | None) -> bytes | str:
    """The bytes of one article file, or the warning that says why it is skipped unread."""
    shown = shown_path(path)
    try:
        info = path.stat()
        kind = _not_regular(info.st_mode)
        if kind is not None:
            return f"{shown}: skipped, {kind}, not a regular file"
        if limit is not None and info.st_size > limit:
            return (
                f"{shown}: skipped, {info.st_size / 2**20:.0f} MiB is larger than the "
                f"{limit // 2**20} MiB an article may be"
            )
        return _read_regular(path)
    except OSError as error:
        return f"{shown}: skipped, cannot be read ({error.strerror or error})"


def _text_document(path: Path, raw: bytes, doc_id: str, warnings: list[str]) -> Document | None:
    shown = shown_path(path)
    text = _decode(raw, shown, warnings)
    if text is None:
        return None
    wire = wire_document(text, shown, doc_id, warnings)
    if wire is not None:
        return wire
    return Document(id=doc_id, text=text, path=shown, title=first_line(text), format="text")


def _json_kind(value: object) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return "a number" if isinstance(value, int | float) else "not text"


def _field(record: Mapping[str, object], name: str, where: str, warnings: list[str]) -> str:
    """A metadata field as text. Numbers are written out (numeric ids and dates are common);
    true/false, lists and objects are no title, id or date: left empty, with a warning."""
    value = record.get(name)
    if value is None:
        return ""
    if isinstance(value, str):
        return _without_surrogates(value, f"{where}: {name!r}", warnings)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    warnings.append(f"{where}: {name!r} is {_json_kind(value)}, not text; left empty")
    return ""


def _jsonl_documents(path: Path, raw: bytes, warnings: list[str]) -> Iterator[Document]:
    shown = shown_path(path)
    for number, line_bytes in enumerate(io.BytesIO(raw), start=1):  # lines end at b"\n" only
        if not line_bytes.strip():
            continue
        where = f"{shown}:{number}"
        line = _utf8_or_cp1252(line_bytes, where, warnings)
        document = jsonl_document(line, where, f"{shown_path(path.stem)}:{number}", warnings)
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
    if text is not None and not isinstance(text, str):
        warnings.append(f"{where}: skipped, 'text' is {_json_kind(text)}, not text")
        return None
    if not text or not text.strip():
        warnings.append(f"{where}: skipped, no 'text' field with content")
        return None
    text = _without_surrogates(text, f"{where}: 'text'", warnings)
    return Document(
        id=_field(record, "id", where, warnings) or default_id,
        text=text,
        path=where,
        title=_field(record, "title", where, warnings) or first_line(text),
        source=_field(record, "source", where, warnings),
        date=_field(record, "date", where, warnings),
        url=_field(record, "url", where, warnings),
        format=kind,
    )


def _walk(folder: Path) -> Iterator[Path | str]:
    """Article files under `folder` in a stable order, skipping hidden files and folders, and
    a warning for each folder that cannot be listed (its articles would be lost unsaid)."""
    unreadable: list[str] = []

    def note(error: OSError) -> None:
        where = shown_path(error.filename) if error.filename else shown_path(folder)
        unreadable.append(f"{where}: skipped, cannot be read ({error.strerror or error})")

    for root, dirs, files in os.walk(folder, onerror=note):
        yield from unreadable
        unreadable.clear()
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and name.lower().endswith(SUFFIXES):
                yield Path(root) / name
    yield from unreadable


def _source_files(given: Sequence[Path]) -> Iterator[tuple[Path, str, bytes | str | StreamedFile]]:
    """Every article file under the given paths, in load order, with the id its text would
    get and its bytes (or the warning that skips it). The one place files are read, so the
    loader and `corpus_digest` see exactly the same input."""
    for path in given:
        folder = path.is_dir()
        for file in _walk(path) if folder else [path]:
            if isinstance(file, str):  # a folder that could not be listed: its warning
                yield path, "", file
                continue
            doc_id = shown_path(
                file.relative_to(path).with_suffix("").as_posix() if folder else file.stem
            )
            name = file.name.lower()
            if name.endswith(WARC_SUFFIXES):
                yield file, doc_id, _streamed_source(file)
                continue
            many = name.endswith(_MANY_ARTICLES)
            yield file, doc_id, _read_source(file, None if many else MAX_DOCUMENT_BYTES)


def _streamed_source(path: Path) -> StreamedFile | str:
    """A web archive to stream, or the warning that skips it: a pipe named `*.warc` would
    never end either."""
    try:
        kind = _not_regular(path.stat().st_mode)
    except OSError as error:
        return f"{shown_path(path)}: skipped, cannot be read ({error.strerror or error})"
    if kind is not None:
        return f"{shown_path(path)}: skipped, {kind}, not a regular file"
    return StreamedFile(path)


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
        warnings.append(
            f"{shown_path(file)}: skipped, not a feed, NITF or NewsML-G2 file ({found})"
        )
    return reader


def _formatted(
    file: Path, doc_id: str, raw: bytes | StreamedFile, warnings: list[str]
) -> Iterator[Document]:
    """The documents of a file in one of the news formats; an error its library raises on a
    hostile or broken file ends that file with a warning, never the load."""
    name = file.name.lower()
    where = shown_path(file)
    try:
        if isinstance(raw, StreamedFile):
            with raw.open() as stream:
                yield from read_warc(stream, where, warnings, MAX_DOCUMENT_BYTES)
        elif name.endswith(HTML_SUFFIXES):
            yield from read_html(raw, where, doc_id, warnings)
        elif name.endswith(FEED_SUFFIXES):
            yield from read_feed(raw, where, doc_id, warnings)
        else:
            reader = _xml_reader(file, raw, warnings)
            if reader is not None:
                yield from reader(raw, where, doc_id, warnings)
    except OSError as error:
        warnings.append(f"{where}: skipped, cannot be read ({error.strerror or error})")
    except Exception as error:  # a parser's failure on one file: that file alone is lost
        warnings.append(f"{where}: skipped, could not be read ({type(error).__name__}: {error})")


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
    missing = [shown_path(p) for p in given if not p.exists()]
    if missing:
        raise CorpusError(f"no such file or folder: {', '.join(missing)}")
    return given


class UniqueIds:
    """Hands out document ids so that no two documents share one: an id already taken gets
    the first free `#2`, `#3`… suffix, checked against every id given so far (renamed ones
    too), so `same`, `same`, `same#2` become `same`, `same#2`, `same#2#2`, in load order.
    Each renaming is a warning in `warnings`."""

    def __init__(self, warnings: list[str]) -> None:
        self.warnings = warnings
        self._taken: set[str] = set()
        self._next_suffix: dict[str, int] = {}

    def claim(self, wanted: str) -> str:
        given = wanted
        if wanted in self._taken:
            suffix = self._next_suffix.get(wanted, 2)
            while f"{wanted}#{suffix}" in self._taken:
                suffix += 1
            self._next_suffix[wanted] = suffix + 1
            given = f"{wanted}#{suffix}"
        self._taken.add(given)
        return given

    def of(self, document: Document) -> Document:
        """The document, renamed (with a warning) if its id is already taken."""
        new_id = self.claim(document.id)
        if new_id == document.id:
            return document
        self.warnings.append(
            f"{document.path}: id {document.id!r} is already taken, renamed {new_id!r}"
        )
        return dataclasses.replace(document, id=new_id)


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


def load_corpus(paths: Iterable[str | os.PathLike[str]]) -> LoadResult:
    """Documents from every path, in the order given, with one warning per skipped item.

    Raises CorpusError when a path does not exist. Document ids are unique: a repeated id gets
    a `#2`, `#3`… suffix and a warning (see `_UniqueIds`), so no article replaces another.
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
        result.warnings.append("no articles found in " + ", ".join(map(shown_path, given)))
    result.digest = digest.hexdigest()
    return result
