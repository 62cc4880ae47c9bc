"""Get a corpus's scan result: from the persistent index when the corpus is unchanged,
otherwise by scanning (reusing what the pair cache still holds) and storing the result.

This is the one entry point the CLI and the reader share, so both see the same answer.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from tui import paths
from tui.engine.load import CorpusError, LoadResult, corpus_digest, load_corpus
from tui.index.store import CacheError, PairCache, ScanStore, corpus_key, source_key
from tui.model import Alignment, Document, ScanResult
from tui.params import Params
from tui.runners.memory import collector_paused

if TYPE_CHECKING:
    from tui.runners.progress import Progress


class ScanEngine(Protocol):
    """A runner other than the local one (`tui.runners.spark.engine.SparkEngine`): how it
    reads a corpus and scans it. Its answer is the local runner's."""

    def digest(self, corpus_paths: Sequence[str | os.PathLike[str]]) -> str | None:
        """`corpus_digest` of the paths, or None when they cannot be hashed here."""
        ...

    def load(self, corpus_paths: Sequence[str | os.PathLike[str]]) -> LoadResult:
        """The corpus's documents in corpus order, and the warnings reading them gave."""
        ...

    def scan(
        self,
        documents: Sequence[Document],
        params: Params,
        progress: Progress | None,
        warnings: Sequence[str],
    ) -> ScanResult:
        """The scan of `documents`, as `tui.runners.local.scan` finds it."""
        ...


@dataclass(frozen=True)
class Opened:
    """A scan result and how it was obtained.

    `alignments`, when set, holds the result's alignments by cluster, decoded on first use,
    and `result.alignments` is empty: what the reader asks for when it opens from the index.
    """

    result: ScanResult
    from_cache: bool
    key: str
    alignments: Mapping[int, Sequence[Alignment]] | None = None


def _from_store(
    store: ScanStore,
    key: str,
    documents: Sequence[Document] | None,
    warnings: Sequence[str],
    alignments_later: bool,
) -> Opened | None:
    if alignments_later:
        stored = store.open(key, documents)
        if stored is None:
            return None
        result = dataclasses.replace(stored.result, warnings=tuple(warnings))
        return Opened(result, True, key, stored.alignments)
    loaded = store.load(key, documents)
    if loaded is None:
        return None
    return Opened(dataclasses.replace(loaded, warnings=tuple(warnings)), True, key)


def open_corpus(
    corpus_paths: Sequence[str | os.PathLike[str]],
    params: Params | None = None,
    progress: Progress | None = None,
    *,
    use_cache: bool = True,
    cache_dir: Path | None = None,
    workers: int | None = None,
    alignments_later: bool = False,
    engine: ScanEngine | None = None,
) -> Opened:
    """Load the corpus at `corpus_paths` (the bundled seeds when empty) and its reuse.

    Raises CorpusError for a path that does not exist; every other problem is a warning on
    the result. `workers` is the number of processes a scan may use (default: every core).
    With `alignments_later`, a result from the index leaves its alignments to decode by
    cluster on first use (see `Opened.alignments`): the reader's fast start. An `engine`
    reads and scans the corpus in place of this machine's loader and runner.
    """
    params = params or Params()
    given = corpus_paths or [paths.bundled_seeds()]
    fingerprint = params.fingerprint()
    directory = cache_dir or paths.cache_dir()
    store = ScanStore(directory)
    if use_cache:
        opened = _stored_for_bytes(store, given, fingerprint, engine, alignments_later)
        if opened is not None:
            return opened
    with collector_paused():  # tens of thousands of documents, no cycles among them
        loaded = load_corpus(given) if engine is None else engine.load(given)
    key = corpus_key(loaded.documents, fingerprint)
    # The scanning stages (numpy and all) are imported only when a scan runs: reopening from
    # the index, the reader's common start, never loads them.
    if engine is not None:
        return _scanned_by(engine, store, key, loaded, params, progress, use_cache)
    if not use_cache:
        from tui.runners.local import scan

        result = scan(loaded.documents, params, progress, loaded.warnings, workers=workers)
        return Opened(result, False, key)
    # The source record names the bytes these documents were parsed from, not the ones hashed
    # above: a file that changed in between must not point at this scan.
    source = source_key(loaded.digest, fingerprint)
    opened = _stored_for_documents(store, key, source, loaded, alignments_later)
    if opened is not None:
        return opened
    return _scanned_here(store, key, source, loaded, params, progress, workers)


def _stored_for_bytes(
    store: ScanStore,
    given: Sequence[str | os.PathLike[str]],
    fingerprint: str,
    engine: ScanEngine | None,
    alignments_later: bool,
) -> Opened | None:
    """The stored scan of these exact bytes, if any. Hashing the files is far cheaper than
    parsing them: when they were loaded before, the stored scan holds their documents too."""
    digest = corpus_digest(given) if engine is None else engine.digest(given)
    known = None if digest is None else store.key_for_source(source_key(digest, fingerprint))
    if known is None:
        return None
    key, warnings = known
    return _from_store(store, key, None, warnings, alignments_later)


def _stored_for_documents(
    store: ScanStore, key: str, source: str, loaded: LoadResult, alignments_later: bool
) -> Opened | None:
    """The stored scan of these documents (read from other bytes before), if any; these
    bytes then point at it too. The key vouches for the documents in hand: the stored copy
    is not read again."""
    opened = _from_store(store, key, loaded.documents, loaded.warnings, alignments_later)
    if opened is None:
        return None
    store.remember_source(source, key, loaded.warnings)
    if store.warnings:
        warnings = (*opened.result.warnings, *store.warnings)
        opened = dataclasses.replace(
            opened, result=dataclasses.replace(opened.result, warnings=warnings)
        )
    return opened


def _scanned_here(
    store: ScanStore,
    key: str,
    source: str,
    loaded: LoadResult,
    params: Params,
    progress: Progress | None,
    workers: int | None,
) -> Opened:
    """A new scan on this machine, its pairs cached beside the index and its result stored;
    a cache that cannot be written is a warning on the result, never a lost result."""
    from tui.runners.local import scan

    pair_cache = PairCache(store.directory)
    try:
        result = scan(loaded.documents, params, progress, loaded.warnings, pair_cache, workers)
    finally:
        pair_cache.close()
    warnings = (*loaded.warnings, *store.warnings, *pair_cache.warnings)
    result = dataclasses.replace(result, warnings=tuple(warnings))
    try:
        store.save(key, result, dataclasses.asdict(params))
    except CacheError as error:
        problem = cache_warning(store.directory, str(error), whole_scan=True)
    else:
        store.remember_source(source, key, loaded.warnings)
        problem = cache_warning(pair_cache.path, pair_cache.problem, whole_scan=False)
    if problem:
        result = dataclasses.replace(result, warnings=(*result.warnings, problem))
    return Opened(result, False, key)


def _scanned_by(
    engine: ScanEngine,
    store: ScanStore,
    key: str,
    loaded: LoadResult,
    params: Params,
    progress: Progress | None,
    use_cache: bool,
) -> Opened:
    """The corpus scanned by `engine` (or found in the index, with `use_cache`), and kept in
    the index for the reader and later scans."""
    if use_cache:
        opened = _from_store(store, key, loaded.documents, loaded.warnings, False)
        if opened is not None:
            return opened
    result = engine.scan(loaded.documents, params, progress, loaded.warnings)
    if not use_cache:
        return Opened(result, False, key)
    if store.warnings:  # an unusable stored scan, as the local path reports it
        result = dataclasses.replace(result, warnings=(*result.warnings, *store.warnings))
    try:
        store.save(key, result, dataclasses.asdict(params))
    except CacheError as error:
        warning = cache_warning(store.directory, str(error), whole_scan=True)
        result = dataclasses.replace(result, warnings=(*result.warnings, warning))
    else:
        if loaded.digest:  # files read here: the next open finds the scan without parsing
            source = source_key(loaded.digest, params.fingerprint())
            store.remember_source(source, key, loaded.warnings)
    return Opened(result, False, key)


def open_index(path: Path) -> Opened:
    """The scan stored in an index file (`echoes scan --index PATH`), alignments decoded by
    cluster on first use. Raises CorpusError when the file is missing or unusable."""
    if not path.is_file():
        raise CorpusError(f"no such index file: {path}")
    store = ScanStore(path.parent)
    stored = store.open_file(path)
    if stored is None:
        raise CorpusError(store.warnings[-1] if store.warnings else f"cannot read {path}")
    key = store.index_key(path) or corpus_key(stored.result.documents, "index")
    return Opened(stored.result, True, key, stored.alignments)


def cache_warning(where: Path, problem: str | None, *, whole_scan: bool) -> str:
    """The one warning a cache that could not be written gives ("" when nothing failed): the
    result is whole either way, only the next open is slower."""
    if problem is None:
        return ""
    if whole_scan:
        return (
            f"could not cache this scan in {where} ({problem}); the result is complete, "
            "but it will be computed again next time"
        )
    return (
        f"could not use the pair cache {where} ({problem}); the result is complete, but "
        "after a change every pair will be aligned again"
    )
