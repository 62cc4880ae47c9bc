"""The persistent index: scan results and per-pair alignments in SQLite, under the cache dir.

Two stores, both keyed by content (never by file times):
- a whole scan, keyed by the corpus content and the parameters, so reopening a scanned corpus
  costs one read; a small source record maps a digest of the corpus files' bytes (and names)
  to that key, so an unchanged corpus is found without parsing it first; texts, passages,
  furniture and alignments have rows of their own, indexed by article and by cluster, so the
  reader reads only those it shows (`tui.index.stored_rows`);
- the alignments of each document pair, keyed by both texts, their seeds and the parameters, so
  after one file changes only the pairs that involve it are aligned again.

Every write is atomic (a temporary file renamed into place, or one SQLite transaction); a
corrupt or outdated file is removed and rebuilt with a warning, never a crash. The index is
only a cache: a folder that cannot be written (read-only, full) costs speed, never a result,
and leaves no temporary file behind.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sqlite3
import tempfile
import time
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import closing, suppress
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Any

from tui.index.records import alignment_from_row, alignment_row
from tui.index.stored_rows import IndexRows, StoredClusters, StoredDocuments, StoredFurniture
from tui.model import Alignment, Document, Related, ScanResult, Span
from tui.params import DETECTION_VERSION
from tui.runners.memory import collector_paused

# 2: compact result rows, document metadata in its own table
# 3: alignments in rows of their own, by cluster, decoded only when the reader asks for them
# 4: (detection changes, now counted by `DETECTION_VERSION`)
# 5: the pair cache keeps the rows of `tui.index.records`
# 6: documents keep their url and format
# 7: passages, furniture and texts in rows of their own, read as the reader asks
# Every key (whole scans and single pairs) includes it and `DETECTION_VERSION`.
STORE_VERSION = f"7.{DETECTION_VERSION}"
# A temporary file this old was left by a process killed while writing (a live write takes
# seconds): the next write removes it.
STALE_SECONDS = 3600


class CacheError(Exception):
    """The cache folder cannot take a write (read-only, full, not a folder): the message says
    why, in a few words, and nothing half-written is left there."""


def cache_problem(error: OSError | sqlite3.Error) -> str:
    """Why a cache write failed, in the words the system or SQLite gives."""
    if isinstance(error, OSError):
        return error.strerror or str(error)
    return str(error)


def _remove_database(path: Path) -> None:
    """Remove an SQLite file and the journal files SQLite may have left beside it."""
    for leftover in (path, *(path.with_name(path.name + end) for end in ("-journal", "-wal"))):
        with suppress(OSError):
            leftover.unlink(missing_ok=True)


def _remove_stale_temporaries(folder: Path) -> None:
    """Remove what writers killed mid-write (`kill -9`, a power cut) left in `folder`: their
    `.partial` files and journals, once old enough that no live writer can own them."""
    cutoff = time.time() - STALE_SECONDS
    with suppress(OSError):
        for leftover in folder.glob("*.partial*"):
            with suppress(OSError):
                if leftover.stat().st_mtime < cutoff:
                    leftover.unlink()


def corpus_key(documents: Sequence[Document], params_fingerprint: str) -> str:
    """A digest of everything a scan result depends on: texts, metadata and parameters."""
    digest = hashlib.sha256(f"{STORE_VERSION}\0{params_fingerprint}".encode())
    for d in documents:
        fields = (d.id, d.path, d.title, d.source, d.date, d.url, d.format, d.text_digest())
        digest.update("\0".join(fields).encode("utf-8", "surrogatepass") + b"\1")
    return digest.hexdigest()[:32]


def source_key(corpus_digest: str, params_fingerprint: str) -> str:
    """The key of a corpus's files exactly as read (`tui.engine.load.corpus_digest`) and of the
    parameters: it finds a stored scan before the corpus is parsed."""
    digest = hashlib.sha256(f"{STORE_VERSION}\0{params_fingerprint}\0{corpus_digest}".encode())
    return digest.hexdigest()[:32]


def _pack(payload: Any) -> bytes:
    return zlib.compress(json.dumps(payload, ensure_ascii=False).encode("utf-8"), 3)


def _unpack(blob: bytes) -> Any:
    return json.loads(zlib.decompress(blob).decode("utf-8"))


class ScanStore:
    """Scan results on disk, one SQLite file per corpus key."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.warnings: list[str] = []

    def _path(self, key: str) -> Path:
        return self.directory / "scans" / f"{key}.sqlite"

    def _source_path(self, source: str) -> Path:
        return self.directory / "sources" / f"{source}.json"

    def key_for_source(self, source: str) -> tuple[str, tuple[str, ...]] | None:
        """The corpus key recorded for the files behind `source` (see `source_key`), with the
        warnings loading them gave; None when they were never recorded or the record is bad."""
        path = self._source_path(source)
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            key, warnings = record["key"], record["warnings"]
            if not isinstance(key, str) or not all(isinstance(w, str) for w in warnings):
                raise ValueError("not a source record")
            return key, tuple(warnings)
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError):
            with suppress(OSError):  # a read-only cache keeps it; it is only ever a shortcut
                path.unlink(missing_ok=True)  # rewritten after the next load
            return None

    def remember_source(self, source: str, key: str, warnings: Sequence[str]) -> None:
        """Record that the files behind `source` load as the corpus with `key`, so that the
        next open finds its scan without parsing them. Best effort: without the record an
        open is only slower, so a write that fails is dropped."""
        path = self._source_path(source)
        record = json.dumps({"key": key, "warnings": list(warnings)}, ensure_ascii=False)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            _remove_stale_temporaries(path.parent)
            handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".partial")
        except OSError:
            return
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(record)
            os.replace(temporary, path)
        except OSError:
            Path(temporary).unlink(missing_ok=True)

    def open(self, key: str, documents: Sequence[Document] | None = None) -> StoredScan | None:
        """The stored result for `key` with its texts, passages, furniture and alignments left
        in their rows until first asked for, or None (with a warning if the file was unusable).

        `documents`, when given, are the corpus the key was computed from: the key covers every
        field of every document in order, so they stand in for the stored texts, unread.
        """
        return self._read(key, documents, decode_alignments=False)

    def load(self, key: str, documents: Sequence[Document] | None = None) -> ScanResult | None:
        """The whole stored result for `key`, alignments decoded, or None (as `open`)."""
        stored = self._read(key, documents, decode_alignments=True)
        return None if stored is None else stored.result

    def _read(
        self, key: str, documents: Sequence[Document] | None, *, decode_alignments: bool
    ) -> StoredScan | None:
        path = self._path(key)
        if not path.exists():
            return None
        # Hundreds of thousands of small objects and no cycles among them: pausing the cyclic
        # garbage collector saves it from scanning the growing heap again and again.
        with collector_paused():
            return self._decode_file(path, documents, decode_alignments)

    def open_file(self, path: Path) -> StoredScan | None:
        """The scan stored in the index file `path` (`write_file`), its alignments left to
        decode per cluster; None, with a warning, when it is unusable (the file is kept)."""
        with collector_paused():
            return self._decode_file(path, None, False, remove_unusable=False)

    def _decode_file(
        self,
        path: Path,
        documents: Sequence[Document] | None,
        decode_alignments: bool,
        *,
        remove_unusable: bool = True,
    ) -> StoredScan | None:
        """The scan in `path`: the small rows now, the rest when first asked (`stored_rows`),
        or every row now with `decode_alignments` (a damaged one then means a rescan)."""
        rows: IndexRows | None = None
        try:
            rows = IndexRows(path)
            version = rows.all("SELECT value FROM meta WHERE name = 'version'")
            if not version or version[0][0] != STORE_VERSION:
                raise ValueError("made by another version of echoes")
            columns = {
                name: json.loads(values) for name, values in rows.all("SELECT * FROM columns")
            }
            ((head,),) = rows.all("SELECT payload FROM result")
            if rows.problems:
                raise ValueError(rows.problems[-1])
            stored_documents = StoredDocuments(rows, columns)
            ids = stored_documents.ids
            if documents is None:
                documents = stored_documents
            elif [d.id for d in documents] != ids:
                raise ValueError("its documents are not the corpus's")
            heads = _unpack(head)
            result = _stored_result(rows, documents, ids, heads)
            alignments = StoredAlignments(rows, ids, heads["aligned"])
            if decode_alignments:
                result = dataclasses.replace(
                    _decoded(result), alignments=alignments.in_stored_order()
                )
                if rows.problems:
                    raise ValueError(rows.problems[-1])
            return StoredScan(result, alignments, rows)
        except (sqlite3.Error, zlib.error, ValueError, KeyError, TypeError, IndexError) as error:
            if rows is not None:
                rows.close()
            if not remove_unusable:
                self.warnings.append(f"index {path} is unusable ({error})")
                return None
            self.warnings.append(f"cached index {path} is unusable ({error}); scanning again")
            with suppress(OSError):  # a read-only cache keeps it: the scan is shown uncached
                path.unlink(missing_ok=True)
            return None

    def index_key(self, path: Path) -> str | None:
        """The key `write_file` recorded for the index file's documents, or None."""
        with (
            suppress(sqlite3.Error),
            closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db,
        ):
            found = db.execute("SELECT value FROM meta WHERE name = 'index key'").fetchone()
            return str(found[0]) if found else None
        return None

    def save(self, key: str, result: ScanResult, params: Mapping[str, Any]) -> Path:
        """Write atomically: a killed process leaves the old file or none, never half a one.

        Raises CacheError when the folder cannot take the file (read-only, full); the
        temporary file and its journal are removed first.
        """
        path = self._path(key)
        with suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            _remove_stale_temporaries(path.parent)  # the cache's own folder only
        return self.write_file(path, result, params)

    def write_file(self, path: Path, result: ScanResult, params: Mapping[str, Any]) -> Path:
        """The scan written to the index file `path`, atomically (as `save`, and raising
        CacheError as it does): what the reader opens with `echoes --index PATH`, on any
        machine."""
        temporary: Path | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(dir=path.parent, suffix=".partial")
            os.close(handle)
            temporary = Path(name)
            self._write(temporary, result, params)
            os.replace(temporary, path)
        except BaseException as error:
            if temporary is not None:
                _remove_database(temporary)
            if isinstance(error, OSError | sqlite3.Error):
                raise CacheError(cache_problem(error)) from error
            raise
        return path

    @staticmethod
    def _write(temporary: Path, result: ScanResult, params: Mapping[str, Any]) -> None:
        """The whole scan into a new SQLite file, in one transaction: a row per document,
        passage, furniture span and cluster's alignments, each table indexed by what the
        reader looks up (see `tui.index.stored_rows`)."""
        position = {d.id: i for i, d in enumerate(result.documents)}
        with closing(sqlite3.connect(temporary)) as db:
            db.executescript(_SCHEMA)
            db.execute("INSERT INTO meta VALUES ('version', ?)", (STORE_VERSION,))
            db.execute(
                "INSERT INTO meta VALUES ('index key', ?)", (corpus_key(result.documents, "index"),)
            )
            db.executemany(
                "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    (i, d.id, d.text, d.path, d.title, d.source, d.date, d.url, d.format)
                    for i, d in enumerate(result.documents)
                ),
            )
            db.executemany(
                "INSERT INTO columns VALUES (?, ?)",
                ((name, json.dumps(values)) for name, values in _document_columns(result)),
            )
            db.execute("INSERT INTO result VALUES (?)", (_pack(_result_rows(result, params)),))
            db.executemany(
                "INSERT INTO passages VALUES (?, ?, ?, ?, ?)",
                (
                    (number, c.id, position[p.doc], p.start, p.end)
                    for number, (c, p) in enumerate(
                        (c, p) for c in result.clusters for p in c.passages
                    )
                ),
            )
            db.executemany(
                "INSERT INTO furniture VALUES (?, ?, ?, ?, ?)",
                (
                    (number, position[f.doc], f.start, f.end, f.reason)
                    for number, f in enumerate(result.boilerplate)
                ),
            )
            db.executemany(
                "INSERT INTO alignments VALUES (?, ?, ?)",
                (
                    (number, cluster, json.dumps(rows))
                    for number, (cluster, rows) in enumerate(_alignment_chunks(result))
                ),
            )
            db.executescript(_LOOKUPS)
            db.commit()


_SCHEMA = (
    "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT);"
    "CREATE TABLE documents (position INTEGER PRIMARY KEY, id TEXT UNIQUE,"
    " text TEXT, path TEXT, title TEXT, source TEXT, date TEXT, url TEXT, format TEXT);"
    "CREATE TABLE columns (name TEXT PRIMARY KEY, payload TEXT);"
    "CREATE TABLE result (payload BLOB);"
    "CREATE TABLE passages (position INTEGER PRIMARY KEY, cluster INTEGER, doc INTEGER,"
    " start INTEGER, end INTEGER);"
    "CREATE TABLE furniture (position INTEGER PRIMARY KEY, doc INTEGER, start INTEGER,"
    " end INTEGER, reason TEXT);"
    "CREATE TABLE alignments (position INTEGER PRIMARY KEY, cluster INTEGER, payload TEXT);"
)
# Made once the rows are in: one sort each, cheaper than keeping them sorted row by row.
_LOOKUPS = (
    "CREATE INDEX passages_by_cluster ON passages (cluster, position);"
    "CREATE INDEX passages_by_document ON passages (doc, start, end, cluster);"
    "CREATE INDEX furniture_by_document ON furniture (doc, position);"
    "CREATE INDEX alignments_by_cluster ON alignments (cluster, position);"
)


def _document_columns(result: ScanResult) -> Iterator[tuple[str, list[Any]]]:
    """The fields the reader needs of every document at once (its list, sources, filters),
    a list per field, stored as JSON text: decoding them is the open's main cost."""
    documents = result.documents
    yield "id", [d.id for d in documents]
    yield "title", [d.title for d in documents]
    yield "source", [d.source for d in documents]
    yield "date", [d.date for d in documents]
    yield "length", [len(d.text) for d in documents]


# The result's own row holds what is small or needed whole (cluster heads, related links,
# parameters, warnings, stats); passages, furniture and texts have rows of their own.


def _result_rows(result: ScanResult, params: Mapping[str, Any]) -> dict[str, Any]:
    position = {d.id: i for i, d in enumerate(result.documents)}

    def flat(spans: Iterable[Span]) -> list[int]:
        return [n for s in spans for n in (position[s.doc], s.start, s.end)]

    return {
        "clusters": [[c.id, c.kind, c.similarity] for c in result.clusters],
        "furniture": len(result.boilerplate),
        "aligned": list(dict.fromkeys(cluster for cluster, _ in result.alignments)),
        "related": [[*flat((r.a, r.b)), r.score, list(r.terms)] for r in result.related],
        "params": dict(params),
        "warnings": list(result.warnings),
        "stats": dict(result.stats),
    }


def _stored_result(
    rows: IndexRows, documents: Sequence[Document], ids: Sequence[str], head: Mapping[str, Any]
) -> ScanResult:
    """The result with its clusters and furniture left in their rows until asked for."""
    related = tuple(
        Related(Span(ids[da], sa, ea), Span(ids[db], sb, eb), float(score), tuple(terms))
        for da, sa, ea, db, sb, eb, score, terms in head["related"]
    )
    return ScanResult(
        documents=documents,
        clusters=StoredClusters(rows, head["clusters"], ids),
        alignments=(),  # stored apart: see StoredAlignments
        boilerplate=StoredFurniture(rows, int(head["furniture"]), ids),
        related=related,
        warnings=tuple(head["warnings"]),
        stats={k: float(v) for k, v in head["stats"].items()},
    )


def _decoded(result: ScanResult) -> ScanResult:
    """`result` with every lazy part read now: a damaged row raises here, not later."""
    return dataclasses.replace(
        result,
        documents=tuple(result.documents),
        clusters=tuple(result.clusters),
        boilerplate=tuple(result.boilerplate),
    )


def _alignment_chunks(result: ScanResult) -> Iterator[tuple[int, list[list[Any]]]]:
    """The alignments as rows: consecutive alignments of one cluster share a row, in order,
    each alignment a flat list (document positions, offsets, similarity, shared runs)."""
    position = {d.id: i for i, d in enumerate(result.documents)}
    for cluster, run in groupby(result.alignments, key=lambda pair: pair[0]):
        yield cluster, [alignment_row(al, position) for _, al in run]


class StoredAlignments(Mapping[int, tuple[Alignment, ...]]):
    """The alignments of each cluster as stored, read and decoded on first use.

    Reopening a large corpus must not wait for tens of thousands of alignments the reader may
    never show; it asks for one cluster's at a time. A row that cannot be decoded reads as no
    alignments (the reader then aligns the two passages itself) and is noted in `problems`.
    """

    def __init__(self, rows: IndexRows, ids: Sequence[str], clusters: Sequence[int]) -> None:
        """`clusters`: those with stored alignments, in the order of their first row."""
        self._ids = ids
        self._index_rows = rows
        self._clusters = list(clusters)
        if not all(isinstance(cluster, int) for cluster in self._clusters):
            raise ValueError("alignment rows are damaged")
        self._known = set(self._clusters)
        self._decoded: dict[int, tuple[Alignment, ...]] = {}
        self.problems = rows.problems  # of every row of the file read after the open

    def __getitem__(self, cluster: int) -> tuple[Alignment, ...]:
        found = self._decoded.get(cluster)
        if found is None:
            if cluster not in self._known:
                raise KeyError(cluster)  # a cluster without stored alignments
            payloads = self._index_rows.all(
                "SELECT payload FROM alignments WHERE cluster = ? ORDER BY position", (cluster,)
            )
            try:
                found = tuple(al for (payload,) in payloads for al in self._decode(payload))
            except (ValueError, TypeError, IndexError, KeyError) as error:
                self.problems.append(
                    f"stored alignments of cluster {cluster} are damaged ({error})"
                )
                found = ()
            self._decoded[cluster] = found
        return found

    def __iter__(self) -> Iterator[int]:
        return iter(self._clusters)

    def __len__(self) -> int:
        return len(self._clusters)

    def _decode(self, payload: str) -> list[Alignment]:
        return [alignment_from_row(row, self._ids) for row in json.loads(payload)]

    def in_stored_order(self) -> tuple[tuple[int, Alignment], ...]:
        """Every alignment with its cluster, in the scan's order; raises on a damaged row."""
        chunks = self._index_rows.all("SELECT cluster, payload FROM alignments ORDER BY position")
        if self._index_rows.problems:
            raise ValueError(self._index_rows.problems[-1])
        return tuple(
            (cluster, alignment)
            for cluster, payload in chunks
            for alignment in self._decode(payload)
        )


@dataclass(frozen=True)
class StoredScan:
    """A stored scan: `result` without its alignments (unless all were asked for), and the
    alignments by cluster, decoded when first asked."""

    result: ScanResult
    alignments: StoredAlignments
    rows: IndexRows


class PairCache:
    """Alignments of document pairs, keyed by content; spans are stored without doc ids.

    Only a cache: when its file cannot be opened, read or written (a read-only or full folder,
    a lock held too long), `problem` says why and from then on it finds and keeps nothing.
    A file that is not a database, or a damaged one, is rebuilt with a warning.
    """

    def __init__(self, directory: Path) -> None:
        self.path = directory / "pairs.sqlite"
        self.warnings: list[str] = []
        self.problem: str | None = None
        self._db: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is not None or self.problem is not None:
            return self._db
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                self._db = self._open()
            except sqlite3.OperationalError:  # locked, read-only, full: the file may be fine
                raise
            except sqlite3.DatabaseError as error:  # not a database, or a damaged one
                self.warnings.append(f"pair cache {self.path} is unusable ({error}); rebuilt")
                self.path.unlink(missing_ok=True)
                self._db = self._open()
        except (OSError, sqlite3.Error) as error:
            self._give_up(error)
        return self._db

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path)
        try:
            db.execute("CREATE TABLE IF NOT EXISTS pairs (key TEXT PRIMARY KEY, payload BLOB)")
            db.execute("SELECT count(*) FROM pairs").fetchone()
        except BaseException:
            db.close()
            raise
        return db

    def _give_up(self, error: OSError | sqlite3.Error) -> None:
        self.problem = cache_problem(error)
        self.close()

    def get_many(self, requests: Sequence[tuple[str, str, str]]) -> list[list[Alignment] | None]:
        """For each `(key, doc_a, doc_b)`, the alignments stored under the key between the
        two documents named, or None when the key is not stored (or its row is damaged, or
        the cache is unusable)."""
        db = self._connect()
        found: dict[str, bytes] = {}
        keys = list(dict.fromkeys(key for key, _, _ in requests))
        if db is not None:
            try:
                for start in range(0, len(keys), 500):
                    chunk = keys[start : start + 500]
                    marks = ",".join("?" * len(chunk))
                    found.update(
                        db.execute(f"SELECT key, payload FROM pairs WHERE key IN ({marks})", chunk)
                    )
            except sqlite3.Error as error:
                self._give_up(error)
        answers: list[list[Alignment] | None] = []
        for key, doc_a, doc_b in requests:
            blob = found.get(key)
            try:
                rows = _unpack(blob) if blob is not None else None
                answers.append(
                    None if rows is None else [alignment_from_row(r, (doc_a, doc_b)) for r in rows]
                )
            except (zlib.error, ValueError, TypeError, IndexError):
                answers.append(None)
        return answers

    def put_many(self, items: Iterable[tuple[str, Sequence[Alignment]]]) -> None:
        """Keep each key's alignments, their two documents as 0 and 1 (named on reading),
        all or none (nothing when the cache is unusable)."""
        db = self._connect()
        if db is None:
            return
        try:
            with db:  # one transaction: all or nothing
                db.executemany(
                    "INSERT OR REPLACE INTO pairs VALUES (?, ?)",
                    ((key, _pack([_pair_row(al) for al in found])) for key, found in items),
                )
        except sqlite3.Error as error:
            self._give_up(error)

    def close(self) -> None:
        if self._db is not None:
            with suppress(sqlite3.Error):
                self._db.close()
            self._db = None


def _pair_row(alignment: Alignment) -> list[Any]:
    """An alignment of a pair as a row, its two documents numbered 0 (a) and 1 (b)."""
    return alignment_row(alignment, {alignment.b.doc: 1, alignment.a.doc: 0})
