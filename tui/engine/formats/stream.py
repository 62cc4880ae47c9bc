"""Files the loader streams instead of reading them whole (web archives run to gigabytes),
with a digest of exactly the bytes their reader read."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Protocol

_CHUNK = 1 << 20


class ReadableBytes(Protocol):
    """What a streaming reader needs of its input: a file opened in binary, or anything that
    reads like one (a Spark runner's stream)."""

    def read(self, size: int = -1, /) -> bytes: ...


class _HashingReader:
    """A binary file that hashes every byte read through it."""

    def __init__(self, handle: IO[bytes]) -> None:
        self._handle = handle
        self.hash = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        chunk = self._handle.read(size)
        self.hash.update(chunk)
        return chunk

    def drain(self) -> None:
        while self.read(_CHUNK):
            pass


class StreamedFile:
    """A file to stream: `open()` it for its reader; `sha256()` is the digest of the bytes
    that reader read (all of them: what it left unread is hashed when it is done), or of the
    whole file read now when no reader has read it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._sha256: str | None = None

    @contextmanager
    def open(self) -> Iterator[ReadableBytes]:
        with self.path.open("rb") as handle:
            reader = _HashingReader(handle)
            yield reader
            reader.drain()
            self._sha256 = reader.hash.hexdigest()

    def sha256(self) -> str:
        if self._sha256 is None:
            # Hashed in C from the file, with no Python read per chunk: the reader's start
            # on a cached corpus waits for this digest (163 MB at Reuters x8).
            with self.path.open("rb") as handle:
                self._sha256 = hashlib.file_digest(handle, "sha256").hexdigest()
        return self._sha256
