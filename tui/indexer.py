"""Get a corpus's scan result: from the persistent index when the corpus is unchanged,
otherwise by scanning (reusing what the pair cache still holds) and storing the result.

This is the one entry point the CLI and the reader share, so both see the same answer.
"""

from __future__ import annotations

import dataclasses
import gc
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tui import paths
from tui.corpus import load_corpus
from tui.model import ScanResult
from tui.params import Params
from tui.store import PairCache, ScanStore, corpus_key

if TYPE_CHECKING:
    from tui.scan import Progress


@dataclass(frozen=True)
class Opened:
    """A scan result and how it was obtained."""

    result: ScanResult
    from_cache: bool
    key: str


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many objects that form no cycles."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def open_corpus(
    corpus_paths: Sequence[str | os.PathLike[str]],
    params: Params | None = None,
    progress: Progress | None = None,
    *,
    use_cache: bool = True,
    cache_dir: Path | None = None,
    workers: int | None = None,
) -> Opened:
    """Load the corpus at `corpus_paths` (the bundled seeds when empty) and its reuse.

    Raises CorpusError for a path that does not exist; every other problem is a warning on
    the result. `workers` is the number of processes a scan may use (default: every core).
    """
    params = params or Params()
    with _collector_paused():  # tens of thousands of documents, no cycles among them
        loaded = load_corpus(corpus_paths or [paths.bundled_seeds()])
    key = corpus_key(loaded.documents, params.fingerprint())
    # The scanning stages (numpy and all) are imported only when a scan runs: reopening from
    # the index, the reader's common start, never loads them.
    if not use_cache:
        from tui.scan import scan

        result = scan(loaded.documents, params, progress, loaded.warnings, workers=workers)
        return Opened(result, False, key)

    directory = cache_dir or paths.cache_dir()
    store = ScanStore(directory)
    stored = store.load(key, loaded.documents)  # the key vouches for them: no second read
    if stored is not None:
        return Opened(dataclasses.replace(stored, warnings=tuple(loaded.warnings)), True, key)

    from tui.scan import scan

    pair_cache = PairCache(directory)
    try:
        result = scan(loaded.documents, params, progress, loaded.warnings, pair_cache, workers)
    finally:
        pair_cache.close()
    warnings = (*loaded.warnings, *store.warnings, *pair_cache.warnings)
    result = dataclasses.replace(result, warnings=tuple(warnings))
    try:
        store.save(key, result, dataclasses.asdict(params))
    except OSError as error:
        result = dataclasses.replace(
            result, warnings=(*result.warnings, f"could not save the index ({error})")
        )
    return Opened(result, False, key)
