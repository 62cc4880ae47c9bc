"""Where the reader was in each corpus, and its filters, so reopening a corpus lands there.

Small JSON files per corpus under the state folder (`positions/`, `filters/`), named by a hash
of the corpus key (any string is safe) and written atomically, so a crash mid-write leaves the
old state, never a torn file. Lost or corrupt state is harmless: it must never stop the
reader from opening.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tui import paths
from tui.index.filters import FilterError, Filters


@dataclass(frozen=True)
class Position:
    """The article and the character offset of the passage under the cursor."""

    doc: str
    offset: int


def _state_file(folder: str, corpus_key: str) -> Path:
    digest = hashlib.sha256(corpus_key.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return paths.state_dir() / folder / f"{digest}.json"


def position_file(corpus_key: str) -> Path:
    """The file that remembers the position in the corpus `corpus_key`."""
    return _state_file("positions", corpus_key)


def filters_file(corpus_key: str) -> Path:
    """The file that remembers the filters of the corpus `corpus_key`."""
    return _state_file("filters", corpus_key)


def _load(target: Path, corpus_key: str) -> dict[str, object] | None:
    try:
        raw = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(raw, dict) or raw.get("corpus") != corpus_key:
        return None
    return raw


def load_position(corpus_key: str) -> Position | None:
    """The remembered position, or None when there is none or the file is unusable."""
    raw = _load(position_file(corpus_key), corpus_key)
    if raw is None:
        return None
    doc, offset = raw.get("doc"), raw.get("offset")
    if not isinstance(doc, str) or isinstance(offset, bool) or not isinstance(offset, int):
        return None
    return Position(doc=doc, offset=offset) if offset >= 0 else None


def save_position(corpus_key: str, position: Position) -> None:
    """Remember `position` for the corpus, replacing the file atomically.

    Raises OSError when the state folder cannot be written (the caller tells the user); no
    temporary file is left behind, and a reader never sees a half-written position.
    """
    payload = {"corpus": corpus_key, "doc": position.doc, "offset": position.offset}
    _save(position_file(corpus_key), payload)


def load_filters(corpus_key: str) -> Filters | None:
    """The filters last applied to the corpus, or None when there are none or they are
    unusable (a file from an older or broken write is ignored, never an error)."""
    raw = _load(filters_file(corpus_key), corpus_key)
    if raw is None:
        return None
    try:
        return Filters.from_json(raw)
    except FilterError:
        return None


def save_filters(corpus_key: str, filters: Filters) -> None:
    """Remember `filters` for the corpus (atomically; raises OSError like `save_position`)."""
    _save(filters_file(corpus_key), {"corpus": corpus_key, **filters.to_json()})


def _save(target: Path, payload: dict[str, object]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=".state-", dir=target.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(payload, handle, ensure_ascii=False)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
