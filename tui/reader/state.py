"""Where the reader was in each corpus, so reopening a corpus lands on the same passage.

One small JSON file per corpus under the state folder, named by a hash of the corpus key (any
string is safe) and written atomically, so a crash mid-write leaves the old position, never a
torn file. A lost or corrupt position is harmless: it must never stop the reader from opening.
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


@dataclass(frozen=True)
class Position:
    """The article and the character offset of the passage under the cursor."""

    doc: str
    offset: int


def position_file(corpus_key: str) -> Path:
    """The file that remembers the position in the corpus `corpus_key`."""
    digest = hashlib.sha256(corpus_key.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return paths.state_dir() / "positions" / f"{digest}.json"


def load_position(corpus_key: str) -> Position | None:
    """The remembered position, or None when there is none or the file is unusable."""
    try:
        raw = json.loads(position_file(corpus_key).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(raw, dict) or raw.get("corpus") != corpus_key:
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
    target = position_file(corpus_key)
    payload = {"corpus": corpus_key, "doc": position.doc, "offset": position.offset}
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=".position-", dir=target.parent)
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
