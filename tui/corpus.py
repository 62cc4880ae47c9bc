"""Load a corpus: folders of `.txt`/`.md` articles and `.jsonl` files of one article per line.

Bad input never stops a load: each unreadable, binary, empty, oversized or broken item becomes
one warning sentence and the rest of the corpus still loads. Only a path that does not exist is
an error, because then the user asked for something that is not there.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tui.model import Document

TEXT_SUFFIXES = (".txt", ".md")
JSONL_SUFFIX = ".jsonl"
# One article larger than this is almost certainly not an article (a log, a dump, a book);
# reading it would stall the scan for everyone else's documents.
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
_SNIFF_BYTES = 8192


class CorpusError(Exception):
    """A corpus path the user gave cannot be used at all."""


@dataclass
class LoadResult:
    documents: list[Document] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def first_line(text: str, limit: int = 200) -> str:
    """The first non-blank line, trimmed: a plain-text article's title."""
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:limit]
    return ""


def _decode(raw: bytes, shown: str, warnings: list[str]) -> str | None:
    if b"\x00" in raw[:_SNIFF_BYTES]:
        warnings.append(f"{shown}: skipped, looks like a binary file")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        warnings.append(
            f"{shown}: not valid UTF-8 (byte {error.start}), read as Windows-1252 instead"
        )
        text = raw.decode("cp1252", errors="replace")
    # Same text as open(path, encoding="utf-8", newline="").read(): no newline translation.
    if not text.strip():
        warnings.append(f"{shown}: skipped, the file is empty")
        return None
    return text


def _read_text_file(path: Path, doc_id: str, warnings: list[str]) -> Document | None:
    shown = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            warnings.append(
                f"{shown}: skipped, {size / 2**20:.0f} MiB is larger than the "
                f"{MAX_DOCUMENT_BYTES // 2**20} MiB an article may be"
            )
            return None
        raw = path.read_bytes()
    except OSError as error:
        warnings.append(f"{shown}: skipped, cannot be read ({error.strerror or error})")
        return None
    text = _decode(raw, shown, warnings)
    if text is None:
        return None
    return Document(id=doc_id, text=text, path=str(path), title=first_line(text))


def _field(record: dict[str, object], name: str) -> str:
    value = record.get(name)
    return "" if value is None else str(value)


def _read_jsonl(path: Path, warnings: list[str]) -> Iterator[Document]:
    shown = str(path)
    try:
        handle = path.open("rb")
    except OSError as error:
        warnings.append(f"{shown}: skipped, cannot be read ({error.strerror or error})")
        return
    with handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            where = f"{shown}:{number}"
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                warnings.append(
                    f"{where}: not valid UTF-8 (byte {error.start}), read as Windows-1252 instead"
                )
                line = raw.decode("cp1252", errors="replace")
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                warnings.append(f"{where}: skipped, not valid JSON ({error.msg})")
                continue
            if not isinstance(record, dict):
                warnings.append(f"{where}: skipped, expected a JSON object")
                continue
            text = record.get("text")
            if not isinstance(text, str) or not text.strip():
                warnings.append(f"{where}: skipped, no 'text' field with content")
                continue
            doc_id = _field(record, "id") or f"{path.stem}:{number}"
            yield Document(
                id=doc_id,
                text=text,
                path=where,
                title=_field(record, "title") or first_line(text),
                source=_field(record, "source"),
                date=_field(record, "date"),
            )


def _walk(folder: Path) -> Iterator[Path]:
    """Article files under `folder` in a stable order, skipping hidden files and folders."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and name.lower().endswith((*TEXT_SUFFIXES, JSONL_SUFFIX)):
                yield Path(root) / name


def _documents_from(path: Path, warnings: list[str]) -> Iterator[Document]:
    if path.is_dir():
        for file in _walk(path):
            if file.suffix.lower() == JSONL_SUFFIX:
                yield from _read_jsonl(file, warnings)
            else:
                doc_id = file.relative_to(path).with_suffix("").as_posix()
                document = _read_text_file(file, doc_id, warnings)
                if document:
                    yield document
    elif path.suffix.lower() == JSONL_SUFFIX:
        yield from _read_jsonl(path, warnings)
    else:
        document = _read_text_file(path, path.stem, warnings)
        if document:
            yield document


def load_corpus(paths: Iterable[str | os.PathLike[str]]) -> LoadResult:
    """Documents from every path, in the order given, with one warning per skipped item.

    Raises CorpusError when a path does not exist. Document ids are unique: a repeated id gets
    a `#2`, `#3`… suffix and a warning, so no article silently replaces another.
    """
    result = LoadResult()
    given = [Path(p) for p in paths]
    missing = [str(p) for p in given if not p.exists()]
    if missing:
        raise CorpusError(f"no such file or folder: {', '.join(missing)}")
    seen: dict[str, int] = {}
    for path in given:
        for document in _documents_from(path, result.warnings):
            count = seen.get(document.id, 0) + 1
            seen[document.id] = count
            if count > 1:
                new_id = f"{document.id}#{count}"
                result.warnings.append(
                    f"{document.path}: id {document.id!r} is used twice, renamed {new_id!r}"
                )
                document = Document(
                    new_id,
                    document.text,
                    document.path,
                    document.title,
                    document.source,
                    document.date,
                )
            result.documents.append(document)
    if not result.documents:
        result.warnings.append("no articles found in " + ", ".join(str(p) for p in given))
    return result
