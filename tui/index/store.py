"""The persistent index: scan results and per-pair alignments in SQLite, under the cache dir.

Two stores, both keyed by content (never by file times):
- a whole scan, keyed by the corpus content and the parameters, so reopening a scanned corpus
  costs one read; a small source record maps a digest of the corpus files' bytes (and names)
  to that key, so an unchanged corpus is found without parsing it first; the alignments are
  stored by cluster, so the reader decodes only those it shows;
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
from tui.model import Alignment, Cluster, Document, Furniture, Related, ScanResult, Span
from tui.params import DETECTION_VERSION
from tui.runners.memory import collector_paused

# 2: compact result rows, document metadata in its own table
# 3: alignments in rows of their own, by cluster, decoded only when the reader asks for them
# 4: (detection changes, now counted by `DETECTION_VERSION`)
# 5: the pair cache keeps the rows of `tui.index.records`
# 6: documents keep their url and format
# Every key (whole scans and single pairs) includes it and `DETECTION_VERSION`.
STORE_VERSION = f"6.{DETECTION_VERSION}"
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
        """The stored result for `key` with its alignments left to decode per cluster on
        first use, or None (with a warning if the file was unusable).

        `documents`, when given, are the corpus the key was computed from: the key covers every
        field of every document in order, so they stand in for the stored copy, unread.
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
        try:
            with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
                version = db.execute("SELECT value FROM meta WHERE name = 'version'").fetchone()
                if not version or version[0] != STORE_VERSION:
                    raise ValueError("made by another version of echoes")
                if documents is None:
                    documents = tuple(
                        Document(*row)
                        for row in db.execute(
                            "SELECT id, text, path, title, source, date, url, format"
                            " FROM documents"
                            " ORDER BY position"
                        )
                    )
                (blob,) = db.execute("SELECT payload FROM result").fetchone()
                chunks = db.execute(
                    "SELECT cluster, payload FROM alignments ORDER BY position"
                ).fetchall()
            documents = tuple(documents)
            result = _result_from_rows(documents, _unpack(blob))
            alignments = StoredAlignments(chunks, [d.id for d in documents])
            if decode_alignments:
                result = dataclasses.replace(result, alignments=alignments.in_stored_order())
            return StoredScan(result, alignments)
        except (sqlite3.Error, zlib.error, ValueError, KeyError, TypeError, IndexError) as error:
            if not remove_unusable:
                self.warnings.append(f"index {path} is unusable ({error})")
                return None
            self.warnings.append(f"cached index {path} is unusable ({error}); scanning again")
            with suppress(OSError):  # a read-only cache keeps it: the scan is shown uncached
                path.unlink(missing_ok=True)
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
        """The whole scan into a new SQLite file, in one transaction."""
        with closing(sqlite3.connect(temporary)) as db:
            db.executescript(
                "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT);"
                "CREATE TABLE documents (position INTEGER PRIMARY KEY, id TEXT UNIQUE,"
                " text TEXT, path TEXT, title TEXT, source TEXT, date TEXT, url TEXT,"
                " format TEXT);"
                "CREATE TABLE result (payload BLOB);"
                "CREATE TABLE alignments (position INTEGER PRIMARY KEY, cluster INTEGER,"
                " payload TEXT);"
            )
            db.execute("INSERT INTO meta VALUES ('version', ?)", (STORE_VERSION,))
            db.executemany(
                "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    (i, d.id, d.text, d.path, d.title, d.source, d.date, d.url, d.format)
                    for i, d in enumerate(result.documents)
                ),
            )
            db.execute("INSERT INTO result VALUES (?)", (_pack(_result_rows(result, params)),))
            db.executemany(
                "INSERT INTO alignments VALUES (?, ?, ?)",
                (
                    (number, cluster, json.dumps(rows))
                    for number, (cluster, rows) in enumerate(_alignment_chunks(result))
                ),
            )
            db.commit()


# The stored result: spans as (document position, start, end) in flat integer lists, so that
# reopening a 20,000-article scan decodes a few lists of numbers, not a dictionary per span.
# Passage texts are not stored twice: they are slices of the documents table.


def _result_rows(result: ScanResult, params: Mapping[str, Any]) -> dict[str, Any]:
    position = {d.id: i for i, d in enumerate(result.documents)}

    def flat(spans: Iterable[Span]) -> list[int]:
        return [n for s in spans for n in (position[s.doc], s.start, s.end)]

    return {
        "clusters": [[c.id, c.kind, c.similarity, flat(c.passages)] for c in result.clusters],
        "boilerplate": flat(result.boilerplate),
        "boilerplate_reasons": [b.reason for b in result.boilerplate],
        "related": [[*flat((r.a, r.b)), r.score, list(r.terms)] for r in result.related],
        "params": dict(params),
        "warnings": list(result.warnings),
        "stats": dict(result.stats),
    }


def _result_from_rows(documents: tuple[Document, ...], rows: Mapping[str, Any]) -> ScanResult:
    ids = [d.id for d in documents]

    def spans(flat: Sequence[int]) -> tuple[Span, ...]:
        return tuple(Span(ids[flat[k]], flat[k + 1], flat[k + 2]) for k in range(0, len(flat), 3))

    related = tuple(
        Related(Span(ids[da], sa, ea), Span(ids[db], sb, eb), float(score), tuple(terms))
        for da, sa, ea, db, sb, eb, score, terms in rows["related"]
    )
    return ScanResult(
        documents=documents,
        clusters=tuple(
            Cluster(int(number), kind, float(similarity), spans(passages))
            for number, kind, similarity, passages in rows["clusters"]
        ),
        alignments=(),  # stored apart: see StoredAlignments
        boilerplate=_furniture(spans(rows["boilerplate"]), rows.get("boilerplate_reasons", [])),
        related=related,
        warnings=tuple(rows["warnings"]),
        stats={k: float(v) for k, v in rows["stats"].items()},
    )


def _furniture(spans: Sequence[Span], reasons: Sequence[str]) -> tuple[Furniture, ...]:
    """The stored furniture spans with their reasons (none in a store made before them)."""
    why = list(reasons) if len(reasons) == len(spans) else [""] * len(spans)
    return tuple(Furniture(s.doc, s.start, s.end, r) for s, r in zip(spans, why, strict=True))


def _alignment_chunks(result: ScanResult) -> Iterator[tuple[int, list[list[Any]]]]:
    """The alignments as rows: consecutive alignments of one cluster share a row, in order,
    each alignment a flat list (document positions, offsets, similarity, shared runs)."""
    position = {d.id: i for i, d in enumerate(result.documents)}
    for cluster, run in groupby(result.alignments, key=lambda pair: pair[0]):
        yield cluster, [alignment_row(al, position) for _, al in run]


class StoredAlignments(Mapping[int, tuple[Alignment, ...]]):
    """The alignments of each cluster as stored, decoded on first use.

    Reopening a large corpus must not wait for tens of thousands of alignments the reader may
    never show; it asks for one cluster's at a time. A row that cannot be decoded reads as no
    alignments (the reader then aligns the two passages itself) and is noted in `problems`.
    """

    def __init__(self, chunks: Sequence[tuple[int, str]], ids: Sequence[str]) -> None:
        self._ids = ids
        self._chunks = chunks
        self._rows: dict[int, list[str]] = {}
        for cluster, payload in chunks:
            if not isinstance(cluster, int) or not isinstance(payload, str):
                raise ValueError("alignment rows are damaged")
            self._rows.setdefault(cluster, []).append(payload)
        self._decoded: dict[int, tuple[Alignment, ...]] = {}
        self.problems: list[str] = []

    def __getitem__(self, cluster: int) -> tuple[Alignment, ...]:
        found = self._decoded.get(cluster)
        if found is None:
            payloads = self._rows[cluster]  # KeyError: a cluster without stored alignments
            try:
                found = tuple(al for payload in payloads for al in self._decode(payload))
            except (ValueError, TypeError, IndexError, KeyError) as error:
                self.problems.append(
                    f"stored alignments of cluster {cluster} are damaged ({error})"
                )
                found = ()
            self._decoded[cluster] = found
        return found

    def __iter__(self) -> Iterator[int]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def _decode(self, payload: str) -> list[Alignment]:
        return [alignment_from_row(row, self._ids) for row in json.loads(payload)]

    def in_stored_order(self) -> tuple[tuple[int, Alignment], ...]:
        """Every alignment with its cluster, in the scan's order; raises on a damaged row."""
        return tuple(
            (cluster, alignment)
            for cluster, payload in self._chunks
            for alignment in self._decode(payload)
        )


@dataclass(frozen=True)
class StoredScan:
    """A stored scan: `result` without its alignments (unless all were asked for), and the
    alignments by cluster, decoded when first asked."""

    result: ScanResult
    alignments: StoredAlignments


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
