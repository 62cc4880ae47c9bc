"""The persistent index: scan results and per-pair alignments in SQLite, under the cache dir.

Two stores, both keyed by content (never by file names or times):
- a whole scan, keyed by the corpus content and the parameters, so reopening a scanned corpus
  costs one read;
- the alignments of each document pair, keyed by both texts, their seeds and the parameters, so
  after one file changes only the pairs that involve it are aligned again.

Every write is atomic (a temporary file renamed into place, or one SQLite transaction); a
corrupt or outdated file is removed and rebuilt with a warning, never a crash.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import sqlite3
import tempfile
import zlib
from collections.abc import Iterable, Mapping, Sequence
from contextlib import closing
from pathlib import Path
from typing import Any

from tui.model import Alignment, Cluster, Document, Related, ScanResult, SharedRun, Span

STORE_VERSION = "2"  # 2: compact result rows, document metadata in its own table


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def corpus_key(documents: Sequence[Document], params_fingerprint: str) -> str:
    """A digest of everything a scan result depends on: texts, metadata and parameters."""
    digest = hashlib.sha256(f"{STORE_VERSION}\0{params_fingerprint}".encode())
    for d in documents:
        fields = (d.id, d.path, d.title, d.source, d.date, text_digest(d.text))
        digest.update("\0".join(fields).encode("utf-8", "surrogatepass") + b"\1")
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

    def load(self, key: str, documents: Sequence[Document] | None = None) -> ScanResult | None:
        """The stored result for `key`, or None (with a warning if the file was unusable).

        `documents`, when given, are the corpus the key was computed from: the key covers every
        field of every document in order, so they stand in for the stored copy, unread.
        """
        path = self._path(key)
        if not path.exists():
            return None
        # Hundreds of thousands of small objects and no cycles among them: pausing the cyclic
        # garbage collector saves it from scanning the growing heap again and again.
        collecting = gc.isenabled()
        gc.disable()
        try:
            with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
                version = db.execute("SELECT value FROM meta WHERE name = 'version'").fetchone()
                if not version or version[0] != STORE_VERSION:
                    raise ValueError("made by another version of echoes")
                if documents is None:
                    documents = tuple(
                        Document(*row)
                        for row in db.execute(
                            "SELECT id, text, path, title, source, date FROM documents"
                            " ORDER BY position"
                        )
                    )
                (blob,) = db.execute("SELECT payload FROM result").fetchone()
            return _result_from_rows(tuple(documents), _unpack(blob))
        except (sqlite3.Error, zlib.error, ValueError, KeyError, TypeError, IndexError) as error:
            self.warnings.append(f"cached index {path} is unusable ({error}); scanning again")
            path.unlink(missing_ok=True)
            return None
        finally:
            if collecting:
                gc.enable()

    def save(self, key: str, result: ScanResult, params: Mapping[str, Any]) -> Path:
        """Write atomically: a killed process leaves the old file or none, never half a one."""
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".partial")
        os.close(handle)
        try:
            with closing(sqlite3.connect(temporary)) as db:
                db.executescript(
                    "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT);"
                    "CREATE TABLE documents (position INTEGER PRIMARY KEY, id TEXT UNIQUE,"
                    " text TEXT, path TEXT, title TEXT, source TEXT, date TEXT);"
                    "CREATE TABLE result (payload BLOB);"
                )
                db.execute("INSERT INTO meta VALUES ('version', ?)", (STORE_VERSION,))
                db.executemany(
                    "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        (i, d.id, d.text, d.path, d.title, d.source, d.date)
                        for i, d in enumerate(result.documents)
                    ),
                )
                db.execute("INSERT INTO result VALUES (?)", (_pack(_result_rows(result, params)),))
                db.commit()
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return path


# The stored result: spans as (document position, start, end) in flat integer lists, so that
# reopening a 20,000-article scan decodes a few lists of numbers, not a dictionary per span.
# Passage texts are not stored twice: they are slices of the documents table.


def _result_rows(result: ScanResult, params: Mapping[str, Any]) -> dict[str, Any]:
    position = {d.id: i for i, d in enumerate(result.documents)}

    def flat(spans: Iterable[Span]) -> list[int]:
        return [n for s in spans for n in (position[s.doc], s.start, s.end)]

    return {
        "clusters": [[c.id, c.kind, c.similarity, flat(c.passages)] for c in result.clusters],
        "alignments": [
            [cluster, *flat((al.a, al.b)), al.similarity, [n for run in al.shared for n in run]]
            for cluster, al in result.alignments
        ],
        "boilerplate": flat(result.boilerplate),
        "related": [[*flat((r.a, r.b)), r.score, list(r.terms)] for r in result.related],
        "params": dict(params),
        "warnings": list(result.warnings),
        "stats": dict(result.stats),
    }


def _result_from_rows(documents: tuple[Document, ...], rows: Mapping[str, Any]) -> ScanResult:
    ids = [d.id for d in documents]

    def spans(flat: Sequence[int]) -> tuple[Span, ...]:
        return tuple(Span(ids[flat[k]], flat[k + 1], flat[k + 2]) for k in range(0, len(flat), 3))

    def runs(flat: Sequence[int]) -> tuple[SharedRun, ...]:
        return tuple(zip(flat[0::4], flat[1::4], flat[2::4], flat[3::4], strict=True))

    alignments = []
    for cluster, da, sa, ea, db, sb, eb, similarity, shared in rows["alignments"]:
        a, b = Span(ids[da], sa, ea), Span(ids[db], sb, eb)
        alignments.append((int(cluster), Alignment(a, b, float(similarity), runs(shared))))
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
        alignments=tuple(alignments),
        boilerplate=spans(rows["boilerplate"]),
        related=related,
        warnings=tuple(rows["warnings"]),
        stats={k: float(v) for k, v in rows["stats"].items()},
    )


class PairCache:
    """Alignments of document pairs, keyed by content; spans are stored without doc ids."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / "pairs.sqlite"
        self.warnings: list[str] = []
        self._db: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection:
        if self._db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                self._db = self._open()
            except sqlite3.DatabaseError as error:
                self.warnings.append(f"pair cache {self.path} is unusable ({error}); rebuilt")
                self.path.unlink(missing_ok=True)
                self._db = self._open()
        return self._db

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path)
        db.execute("CREATE TABLE IF NOT EXISTS pairs (key TEXT PRIMARY KEY, payload BLOB)")
        db.execute("SELECT count(*) FROM pairs").fetchone()
        return db

    def get_many(self, keys: Sequence[str]) -> dict[str, list[tuple[Any, ...]]]:
        db = self._connect()
        found: dict[str, list[tuple[Any, ...]]] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for key, blob in db.execute(
                f"SELECT key, payload FROM pairs WHERE key IN ({marks})", chunk
            ):
                try:
                    found[key] = [tuple(item) for item in _unpack(blob)]
                except (zlib.error, ValueError):
                    continue
        return found

    def put_many(self, items: Iterable[tuple[str, list[tuple[Any, ...]]]]) -> None:
        db = self._connect()
        with db:  # one transaction: all or nothing
            db.executemany(
                "INSERT OR REPLACE INTO pairs VALUES (?, ?)",
                ((key, _pack(value)) for key, value in items),
            )

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def alignment_record(alignment: Alignment) -> tuple[Any, ...]:
    """An alignment without its document ids, for the pair cache."""
    a, b = alignment.a, alignment.b
    return (
        a.start,
        a.end,
        b.start,
        b.end,
        alignment.similarity,
        [list(r) for r in alignment.shared],
    )


def alignment_from_record(record: Sequence[Any], doc_a: str, doc_b: str) -> Alignment:
    a_start, a_end, b_start, b_end, similarity, shared = record
    return Alignment(
        Span(doc_a, int(a_start), int(a_end)),
        Span(doc_b, int(b_start), int(b_end)),
        float(similarity),
        tuple((int(r[0]), int(r[1]), int(r[2]), int(r[3])) for r in shared),
    )
