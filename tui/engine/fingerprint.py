"""Word shingles as 64-bit hashes over the whole corpus, in one array.

Words become 64-bit codes (a BLAKE2b digest of their normalised form: the same in every
process, run and machine, so a runner on another machine finds the same shingles), and each
position's shingle (the `shingle_words` words starting there) is a polynomial hash of those
codes, computed for every document at once with numpy. Shingles made only of stop words are
dropped: "one of the" is not evidence of anything.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate, chain

import numpy as np
import numpy.typing as npt

from tui.engine.tokens import STOPWORDS

_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)  # odd 64-bit constant: spreads ids over the hash
_NO_SHINGLE = np.uint64(0)


@dataclass(frozen=True)
class ShingleIndex:
    """Every valid shingle position in the corpus.

    `hashes[k]` is the shingle starting at word `positions[k]` of document `documents[k]`;
    arrays are aligned and ordered by document, then position.
    """

    hashes: npt.NDArray[np.uint64]
    documents: npt.NDArray[np.int32]
    positions: npt.NDArray[np.int32]


def code_words(words: Iterable[str]) -> npt.NDArray[np.int64]:
    """Each word's 64-bit code: the first 8 bytes of its BLAKE2b digest. Equal words get equal
    codes everywhere; two distinct words share one with odds of about one in 10^19 per pair,
    far below any effect on a scan."""
    digests = b"".join(
        hashlib.blake2b(w.encode("utf-8", "surrogatepass"), digest_size=8).digest() for w in words
    )
    return np.frombuffer(digests, dtype="<i8").astype(np.int64)


def word_codes(documents_words: Sequence[Sequence[str]]) -> list[npt.NDArray[np.int64]]:
    """Each document's words as 64-bit codes (`code_words`), each distinct word coded once."""
    lengths = [len(words) for words in documents_words]
    if not lengths:
        return []
    numbers: dict[str, int] = {}
    positions = np.fromiter(
        (numbers.setdefault(w, len(numbers)) for w in chain.from_iterable(documents_words)),
        dtype=np.int64,
        count=sum(lengths),
    )
    codes = code_words(numbers)[positions]
    return np.split(codes, list(accumulate(lengths))[:-1])


_STOP_CODES = np.unique(code_words(STOPWORDS))


def _is_stop(codes: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    """Which codes are stop words': a binary search in the sorted stop codes, 4x faster than
    `np.isin`, which sorts all the corpus's codes to answer the same question."""
    at = np.minimum(np.searchsorted(_STOP_CODES, codes), len(_STOP_CODES) - 1)
    found: npt.NDArray[np.bool_] = _STOP_CODES[at] == codes
    return found


def build_index(codes_per_document: Sequence[npt.NDArray[np.int64]], size: int) -> ShingleIndex:
    """Hash every `size`-word shingle of every document (positions where one fits)."""
    lengths = np.fromiter((len(a) for a in codes_per_document), dtype=np.int64)
    if lengths.sum() == 0:
        empty = np.zeros(0, dtype=np.uint64)
        return ShingleIndex(empty, np.zeros(0, np.int32), np.zeros(0, np.int32))
    codes = np.concatenate(codes_per_document)
    total = len(codes)
    # int32 positions and in-place arithmetic: this stage holds a few arrays of one entry per
    # word of the corpus, and its peak is the scan's during the candidate stage
    doc_of = np.repeat(np.arange(len(lengths), dtype=np.int32), lengths)
    doc_start = np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.int32)
    position = np.arange(total, dtype=np.int32)
    position -= np.repeat(doc_start, lengths)
    # a shingle starting at p fits if p + size <= the document's length
    fits = position + size <= np.repeat(lengths.astype(np.int32), lengths)
    is_stop = _is_stop(codes)

    count = total - size + 1
    if count <= 0:
        empty = np.zeros(0, dtype=np.uint64)
        return ShingleIndex(empty, np.zeros(0, np.int32), np.zeros(0, np.int32))
    hashes = np.zeros(count, dtype=np.uint64)
    all_stop = np.ones(count, dtype=bool)
    values = codes.view(np.uint64)
    values += np.uint64(1)  # codes are not needed again: reuse their memory
    values *= _MULTIPLIER
    shifted = np.empty_like(hashes)
    with np.errstate(over="ignore"):
        for k in range(size):
            hashes *= _MULTIPLIER
            hashes += values[k : k + count]
            np.right_shift(hashes, np.uint64(29), out=shifted)
            hashes ^= shifted
            all_stop &= is_stop[k : k + count]
    del shifted, values, codes
    keep = fits[:count] & ~all_stop & (hashes != _NO_SHINGLE)
    return ShingleIndex(hashes[keep], doc_of[:count][keep], position[:count][keep])
