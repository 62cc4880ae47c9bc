"""Corpora that Spark reads: folders (or files) of JSON Lines or Parquet, at a local path or
any Hadoop-compatible URI (`file://`, `hdfs://`, `s3a://`, ...). Paths the local loader can
read (files and folders on this machine, without Parquet) are read by it, as the local
engine reads them.

A JSON Lines line or a Parquet row becomes a document by the loader's own rules
(`load.jsonl_document`, `load.record_document`): the same fields, defaults and warnings.
Documents follow corpus order: files in the loader's order (a folder's files by name, then
its subfolders), then lines or rows in file order; ids are made unique as the loader makes
them. Spark decodes text as UTF-8 (a byte that is not becomes U+FFFD: the local loader's
Windows-1252 fallback is for local files) and skips files whose names start with `_` or `.`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlparse

from tui.engine.load import (
    CorpusError,
    LoadResult,
    UniqueIds,
    jsonl_document,
    load_corpus,
    record_document,
)
from tui.model import Document

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

PARQUET_SUFFIX = ".parquet"
_FIELDS = ("id", "text", "title", "source", "date", "url")


def read_by_spark(path: str | os.PathLike[str]) -> bool:
    """Whether Spark reads `path`: a URI, or Parquet (a file, or a folder holding some)."""
    name = str(path)
    if "://" in name:
        return True
    local = Path(name)
    if local.is_dir():
        return any(f.suffix.lower() == PARQUET_SUFFIX for f in local.rglob("*") if f.is_file())
    return local.suffix.lower() == PARQUET_SUFFIX


def load_documents(session_of: Any, paths: Sequence[str | os.PathLike[str]]) -> LoadResult:
    """Every path's documents in the order given (`session_of()` gives the Spark session,
    started only when a path needs it), ids unique across them all."""
    if not any(read_by_spark(p) for p in paths):
        return load_corpus(paths)
    warnings: list[str] = []
    unique = UniqueIds(warnings)
    documents: list[Document] = []
    for path in paths:
        if read_by_spark(path):
            found = spark_documents(session_of(), str(path), warnings)
        else:
            loaded = load_corpus([path])
            warnings.extend(w for w in loaded.warnings if not w.startswith("no articles found"))
            found = loaded.documents
        documents.extend(unique.of(d) for d in found)
    if not documents:
        warnings.append("no articles found in " + ", ".join(str(p) for p in paths))
    return LoadResult(documents, warnings, "")


def spark_documents(session: SparkSession, path: str, warnings: list[str]) -> list[Document]:
    """The documents of the JSON Lines and Parquet files at `path`, in corpus order."""
    found: list[tuple[tuple[Any, ...], Document | None, list[str]]] = []
    for suffix, read in ((".jsonl", _jsonl_rows), (PARQUET_SUFFIX, _parquet_rows)):
        frame = _files(session, path, suffix)
        if frame is not None:
            found.extend(read(frame, path))
    found.sort(key=lambda item: item[0])
    documents = []
    for _, document, said in found:
        warnings.extend(said)
        if document is not None:
            documents.append(document)
    return documents


def _files(session: SparkSession, path: str, suffix: str) -> DataFrame | None:
    """The files under `path` whose names end with `suffix`, or None when there are none."""
    reader = session.read.option("recursiveFileLookup", "true")
    reader = reader.option("pathGlobFilter", f"*{suffix}")
    try:
        if suffix == PARQUET_SUFFIX:
            return reader.parquet(path)
        return reader.option("lineSep", "\n").text(path)
    except Exception as error:  # Spark's own error for a path it cannot read, or no files
        text = str(error)
        if "PATH_NOT_FOUND" in text:
            raise CorpusError(f"no such file or folder: {path}") from error
        if "UNABLE_TO_INFER_SCHEMA" in text or "empty" in text:
            return None  # no file of this kind there
        raise


def _shown(file_path: str) -> str:
    """A file as the loader names it: a local path for `file:` URIs, else the URI."""
    parsed = urlparse(file_path)
    return unquote(parsed.path) if parsed.scheme in ("", "file") else file_path


def _order(root: str, file_path: str) -> tuple[tuple[int, str], ...]:
    """The loader's file order under a folder (`load._walk`): a folder's files by name, then
    its subfolders, each the same way."""
    base = PurePosixPath(_shown(root.rstrip("/")) if "://" in root else os.path.abspath(root))
    shown = PurePosixPath(_shown(file_path))
    try:
        parts = shown.relative_to(base).parts
    except ValueError:
        parts = shown.parts
    return (*((1, part) for part in parts[:-1]), (0, parts[-1] if parts else ""))


def _jsonl_rows(
    frame: DataFrame, root: str
) -> Iterator[tuple[tuple[Any, ...], Document | None, list[str]]]:
    """Each line's document (or warnings), keyed by (file order, line number)."""
    from pyspark.sql import functions as F

    lines = frame.select(
        "value",
        F.col("_metadata.file_path").alias("file"),
        F.col("_metadata.file_block_start").alias("block"),
    )
    numbered = lines.rdd.mapPartitions(_within_blocks).cache()
    counts = dict(
        numbered.map(lambda row: ((row[0], row[1]), 1)).reduceByKey(lambda a, b: a + b).collect()
    )
    first_line = _first_lines(counts)
    for file, block, index, value in numbered.collect():
        number = first_line[(file, block)] + index
        where = f"{_shown(file)}:{number}"
        said: list[str] = []
        document = None
        if value.strip():
            stem = PurePosixPath(_shown(file)).stem
            document = jsonl_document(value, where, f"{stem}:{number}", said)
        yield (_order(root, file), number), document, said
    numbered.unpersist()


def _within_blocks(rows: Iterable[Any]) -> Iterator[tuple[str, int, int, str]]:
    """Each line with its index inside its file's block (a block is read in order)."""
    index: dict[tuple[str, int], int] = {}
    for row in rows:
        key = (row.file, row.block)
        at = index.get(key, 0)
        index[key] = at + 1
        yield row.file, row.block, at, row.value


def _first_lines(counts: dict[tuple[str, int], int]) -> dict[tuple[str, int], int]:
    """The line number (from 1) of each block's first line, from each block's line count."""
    first: dict[tuple[str, int], int] = {}
    running: dict[str, int] = {}
    for file, block in sorted(counts):
        first[(file, block)] = running.get(file, 0) + 1
        running[file] = running.get(file, 0) + counts[(file, block)]
    return first


def _parquet_rows(
    frame: DataFrame, root: str
) -> Iterator[tuple[tuple[Any, ...], Document | None, list[str]]]:
    """Each row's document (or warnings), keyed by (file order, row number)."""
    from pyspark.sql import functions as F

    present = [name for name in _FIELDS if name in frame.columns]
    rows = frame.select(
        *(F.col(name).cast("string").alias(name) for name in present),
        F.col("_metadata.file_path").alias("file"),
        F.col("_metadata.row_index").alias("row"),
    )
    for row in rows.collect():
        number = int(row.row) + 1
        where = f"{_shown(row.file)}:{number}"
        said: list[str] = []
        stem = PurePosixPath(_shown(row.file)).stem
        record = {name: row[name] for name in present}
        document = record_document(record, where, f"{stem}:{number}", said, "parquet")
        yield (_order(root, row.file), number), document, said
