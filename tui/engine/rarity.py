"""How rare each word and each shingle is in the corpus: the evidence that tells a copy from a
coincidence. A copied passage shares words and phrases that few other documents hold; a stock
phrase, an attribution formula or a template shares what many documents hold, each time with
other text around it.

Counted once per scan from every document's word codes (`fingerprint.word_codes`) and, for
shingles, by the candidate stage's own sort of the shingle hashes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tui.params import Params

Ints = npt.NDArray[np.int64]
Int32s = npt.NDArray[np.int32]


@dataclass(frozen=True)
class DocumentRarity:
    """One document's words and shingles, each with how many documents of the corpus hold
    it: `words[p]` for word `p`, `shingles[p]` for the shingle starting at word `p` (0 where
    none starts: the last words, or only stop words). `documents` is the corpus's size."""

    words: Int32s
    shingles: Int32s
    documents: int

    def rare_word_limit(self, params: Params) -> float:
        """The most documents a rare word may be in (`rare_word_docs`, `rare_word_share`)."""
        return max(params.rare_word_docs, params.rare_word_share * self.documents)

    def as_read(self, params: Params) -> bytes:
        """What the rules of trust read of these counts (which words are rare, and each
        shingle's count up to `stock_phrase_docs`, and at least up to 3: whether only the
        pair holds it): a cache that keys a pair's alignments by it serves them again after a
        change elsewhere in the corpus unless the change moved one of these."""
        rare = self.words <= self.rare_word_limit(params)
        stock = np.minimum(self.shingles, max(3, params.stock_phrase_docs)).astype(np.int32)
        return np.packbits(rare).tobytes() + stock.tobytes()


@dataclass(frozen=True)
class CorpusRarity:
    """Every document's counts end to end: document `d`'s words are `first[d]` to
    `first[d + 1]`."""

    first: Ints
    words: Int32s
    shingles: Int32s

    def of(self, document: int) -> DocumentRarity:
        lo, hi = self.first[document], self.first[document + 1]
        return DocumentRarity(self.words[lo:hi], self.shingles[lo:hi], len(self.first) - 1)


def word_document_counts(codes: Sequence[Ints]) -> Int32s:
    """How many documents hold each word of the corpus, word by word end to end: one sort of
    all the word codes, whose runs are the distinct words (documents in order inside each,
    so the documents a word is in are its run's changes of document)."""
    lengths = np.fromiter((len(c) for c in codes), dtype=np.int64, count=len(codes))
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int32)
    flat = np.concatenate(codes)
    documents = np.repeat(np.arange(len(codes), dtype=np.int32), lengths)
    order = np.argsort(flat, kind="stable")
    ordered, in_document = flat[order], documents[order]
    new_word = np.empty(total, dtype=bool)
    new_word[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new_word[1:])
    new_document = new_word.copy()
    new_document[1:] |= in_document[1:] != in_document[:-1]
    starts = np.flatnonzero(new_word)
    per_word = np.add.reduceat(new_document.astype(np.int32), starts)
    run_lengths = np.diff(np.append(starts, total))
    counts = np.empty(total, dtype=np.int32)
    counts[order] = np.repeat(per_word, run_lengths)
    return counts
