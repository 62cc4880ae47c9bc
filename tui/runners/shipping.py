"""Prepared documents as they cross from a worker process to the one running the scan.

A worker prepares a chunk of documents (`tui.engine.prepare.text_parts`) and sends it back as
a few arrays and plain tuples; the main process rebuilds each document's parts and, as chunks
arrive, what the next stages need of them: corpus-wide term numbers, the related tier's
sentence table, and the word codes of the candidate stage. Pickling millions of small
strings, ints and arrays one by one, and sharing every word string again on arrival, would
cost more than preparing them. Prepared in one process or many, a document is the same.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate, chain, pairwise
from typing import Any

import numpy as np
import numpy.typing as npt

from tui.engine.fingerprint import code_words
from tui.engine.furniture import ParagraphFacts
from tui.engine.prepare import DocumentParts, text_parts
from tui.engine.related import SentenceTable
from tui.engine.segment import Segments
from tui.engine.sentences import (
    Floats,
    Ints,
    Pair,
    SentenceBags,
    SentenceEntries,
    SentenceTerms,
    TermsOfWords,
    TermVocabulary,
    sentence_entries,
)
from tui.engine.tokens import Tokens
from tui.model import Alignment, Document, PackedRuns, Span
from tui.params import Params

Int32s = npt.NDArray[np.int32]

# Each worker process's memo of words' terms (a pure function's: it never changes an
# answer), kept across the chunks the worker prepares.
_TERMS_OF_WORDS = TermsOfWords()

# One prepared document as it crosses from a worker: its words as numbers into its chunk's
# vocabulary, its word offsets, and the fields of its segments, paragraph facts and
# sentences as plain tuples (slotted dataclasses unpickle field by field, several times
# slower).
# (The sentences' terms cross as their chunk's entries, never as each sentence's bag.)
SentenceSpans = tuple[tuple[Pair, ...], tuple[Pair, ...]]  # spans and word ranges
_PackedDocument = tuple[bytes, bytes, tuple[Any, ...], tuple[Any, ...], SentenceSpans, bytes]


@dataclass(frozen=True)
class Chunk:
    """Prepared documents as they cross from a worker, with what their sentences need laid
    end to end in one array each."""

    vocabulary: list[str]  # the chunk's distinct words, numbered in order
    word_codes: Ints  # `code_words` of `vocabulary`, computed in the worker
    terms: list[str]  # the chunk's distinct sentence terms, numbered in order
    documents: list[_PackedDocument]
    # Each document's distinct terms (`SentenceEntries.distinct`) as numbers into `terms`,
    # and how many each document has.
    distinct_terms: Int32s
    distinct_counts: Int32s
    # Every document's (sentence, term, count) entries and each sentence's size, as
    # `SentenceEntries` holds them, one document after another.
    rows: Ints
    columns: Ints
    counts: Floats
    sizes: Ints
    # Each sentence's character span (the related tier's table).
    starts: Int32s
    ends: Int32s


def _pack(
    parts: tuple[Tokens, Segments, ParagraphFacts, SentenceBags, bytes],
    vocabulary: dict[str, int],
) -> _PackedDocument:
    tokens, segments, facts, bags, quoted = parts
    for word in dict.fromkeys(tokens.words):  # new words numbered in order of first sight
        vocabulary.setdefault(word, len(vocabulary))
    numbers = array("i", map(vocabulary.__getitem__, tokens.words))
    # 32-bit offsets: an article is far below 2 GB (article files over 20 MiB are skipped)
    offsets = array("i", tokens.starts)
    offsets.extend(tokens.ends)
    return (
        numbers.tobytes(),
        offsets.tobytes(),
        (
            segments.paragraphs,
            segments.sentences,
            segments.sentence_paragraph,
            segments.sentence_starts,
        ),
        (facts.keys, facts.furniture, facts.tails, facts.words, facts.closed),
        bags[:2],
        quoted,
    )


def prepare_chunk(state: tuple[Sequence[Document], Params], task: tuple[int, int]) -> Chunk:
    """Words, sentences and paragraph facts of `documents[start:stop]`, with their sentences'
    entries and their words' codes computed here, in parallel, once (runs in a worker)."""
    documents, params = state
    vocabulary: dict[str, int] = {}
    parts = [text_parts(d.text, params, _TERMS_OF_WORDS) for d in documents[task[0] : task[1]]]
    terms: dict[str, int] = {}
    entries = sentence_entries([bags[2] for _, _, _, bags, _ in parts], terms)
    packed = [_pack(part, vocabulary) for part in parts]
    del parts
    spans = np.fromiter(
        chain.from_iterable(chain.from_iterable(fields[4][0] for fields in packed)),
        dtype=np.int32,
    )
    return Chunk(
        vocabulary=list(vocabulary),
        word_codes=code_words(vocabulary),
        terms=list(terms),
        documents=packed,
        distinct_terms=entries.distinct_terms.astype(np.int32),
        distinct_counts=entries.distinct_counts.astype(np.int32),
        rows=entries.rows,
        columns=entries.columns,
        counts=entries.counts,
        sizes=entries.sizes,
        starts=spans[0::2].copy(),
        ends=spans[1::2].copy(),
    )


@dataclass(frozen=True)
class Unpacked:
    """A chunk's documents back in their usual form, with their sentences' table (terms by
    corpus-wide number) and each document's word codes."""

    parts: list[DocumentParts]
    table: SentenceTable
    word_codes: list[Ints]


def unpack_chunk(chunk: Chunk, spellings: dict[str, str], vocabulary: TermVocabulary) -> Unpacked:
    """`chunk` as it was prepared. Words are shared through `spellings` (a corpus holds each
    distinct word once, not once per occurrence); the chunk's terms are numbered in
    `vocabulary` once, not each document's."""
    words_of_chunk = [spellings.setdefault(w, w) for w in chunk.vocabulary]
    term_numbers = vocabulary.number(chunk.terms)[chunk.distinct_terms]
    sentence_bounds = [0, *accumulate(len(fields[4][0]) for fields in chunk.documents)]
    entry_bounds = np.concatenate(([0], np.cumsum(chunk.sizes)))[sentence_bounds].tolist()
    term_bounds = [0, *accumulate(chunk.distinct_counts.tolist())]
    # Each document's term numbers sorted, all in one sort: by (document, number).
    document_of_term = np.repeat(np.arange(len(chunk.documents)), chunk.distinct_counts)
    width = int(term_numbers.max(initial=0)) + 1
    term_order = np.argsort(document_of_term * width + term_numbers, kind="stable")
    names = chunk.distinct_terms.tolist()
    parts: list[DocumentParts] = []
    for k, (raw_words, raw_offsets, segments, facts, bags, quoted) in enumerate(chunk.documents):
        numbers, offsets = array("i"), array("i")
        numbers.frombytes(raw_words)
        offsets.frombytes(raw_offsets)
        half = len(offsets) // 2
        tokens = Tokens(
            tuple(map(words_of_chunk.__getitem__, numbers)), offsets[:half], offsets[half:]
        )
        e0, e1 = entry_bounds[k], entry_bounds[k + 1]
        t0, t1 = term_bounds[k], term_bounds[k + 1]
        entries = SentenceEntries(
            tuple(map(chunk.terms.__getitem__, names[t0:t1])),
            chunk.rows[e0:e1],
            chunk.columns[e0:e1],
            chunk.counts[e0:e1],
            chunk.sizes[sentence_bounds[k] : sentence_bounds[k + 1]],
        )
        order = term_order[t0:t1] - t0
        sentences = SentenceTerms(*bags, entries, term_numbers[t0:t1], order, vocabulary)
        parts.append(
            DocumentParts(tokens, Segments(*segments), ParagraphFacts(*facts), sentences, quoted)
        )
    table = _table_of(chunk, term_numbers, sentence_bounds, entry_bounds, term_bounds)
    return Unpacked(parts, table, _codes_of(chunk))


def _table_of(
    chunk: Chunk,
    term_numbers: Ints,
    sentence_bounds: Sequence[int],
    entry_bounds: Sequence[int],
    term_bounds: Sequence[int],
) -> SentenceTable:
    """The chunk's sentence table: its entries' rows counted across the chunk, their terms
    by corpus-wide number (`term_numbers` of each document's distinct terms, end to end)."""
    bounds = np.array(entry_bounds, dtype=np.int64)
    entry_counts = bounds[1:] - bounds[:-1]
    first_term = np.repeat(np.array(term_bounds[:-1], dtype=np.int64), entry_counts)
    first_sentence = np.repeat(np.array(sentence_bounds[:-1], dtype=np.int64), entry_counts)
    return SentenceTable(
        sizes=np.array([b - a for a, b in pairwise(sentence_bounds)], dtype=np.int32),
        starts=chunk.starts,
        ends=chunk.ends,
        rows=(chunk.rows + first_sentence).astype(np.int32),
        columns=term_numbers[chunk.columns + first_term].astype(np.int32),
        counts=chunk.counts.astype(np.int32),
    )


def _codes_of(chunk: Chunk) -> list[Ints]:
    """Each document's word codes (`fingerprint.word_codes`), from the chunk's vocabulary."""
    numbers = np.frombuffer(b"".join(d[0] for d in chunk.documents), dtype=np.intc)
    word_counts = [len(d[0]) // numbers.itemsize for d in chunk.documents]
    return np.split(chunk.word_codes[numbers], list(accumulate(word_counts))[:-1])


@dataclass(frozen=True)
class PackedAlignments:
    """Alignments of consecutive pairs as they cross from an align worker: a few flat arrays
    (as bytes) instead of an object per alignment, span and shared run, which pickled and
    unpickled one by one cost both processes more than packing them. Each side of an
    alignment is in one of its pair's two documents: 0 the first (`doc_a`), 1 the second.
    Offsets are 32-bit, as in prepared chunks (article files over 20 MiB are skipped)."""

    per_pair: bytes  # alignments of each pair ("i")
    sides: bytes  # per alignment, the document of side a, then of side b ("b", 0 or 1 each)
    offsets: bytes  # per alignment: a start, a end, b start, b end ("i")
    similarity: bytes  # ("d")
    run_counts: bytes  # shared runs of each alignment ("i")
    runs: bytes  # the runs' four offsets, end to end ("i")


def pack_alignments(
    found: Sequence[Sequence[Alignment]], pairs: Sequence[tuple[str, str]]
) -> PackedAlignments:
    """`found[k]`, the alignments of the pair of documents named `pairs[k]`, packed."""
    per_pair, sides, offsets = array("i"), array("b"), array("i")
    similarity, run_counts, runs = array("d"), array("i"), array("i")
    for alignments, (first, second) in zip(found, pairs, strict=True):
        per_pair.append(len(alignments))
        for alignment in alignments:
            a, b = alignment.a, alignment.b
            if a.doc not in (first, second) or b.doc not in (first, second):
                raise ValueError(f"an alignment of {first} and {second} names {a.doc}, {b.doc}")
            if type(alignment.similarity) is not float:  # packed as a double: kept a float
                raise TypeError(f"similarity {alignment.similarity!r} is not a float")
            sides.append(0 if a.doc == first else 1)
            sides.append(0 if b.doc == first else 1)
            offsets.extend((a.start, a.end, b.start, b.end))
            similarity.append(alignment.similarity)
            run_counts.append(len(alignment.shared))
            for run in alignment.shared:
                runs.extend(run)
    return PackedAlignments(
        per_pair.tobytes(),
        sides.tobytes(),
        offsets.tobytes(),
        similarity.tobytes(),
        run_counts.tobytes(),
        runs.tobytes(),
    )


def unpack_alignments(
    packed: PackedAlignments, pairs: Sequence[tuple[str, str]]
) -> list[list[Alignment]]:
    """The alignments `pack_alignments` packed, pair by pair, equal to those packed. Their
    shared runs stay packed: views (`PackedRuns`) into one array of the chunk's runs."""
    per_pair, sides, offsets = array("i"), array("b"), array("i")
    similarity, run_counts, runs = array("d"), array("i"), array("i")
    per_pair.frombytes(packed.per_pair)
    sides.frombytes(packed.sides)
    offsets.frombytes(packed.offsets)
    similarity.frombytes(packed.similarity)
    run_counts.frombytes(packed.run_counts)
    runs.frombytes(packed.runs)
    numbers = offsets.tolist()
    side = sides.tolist()
    shares = similarity.tolist()
    counts = run_counts.tolist()
    found: list[list[Alignment]] = []
    k = first_run = 0
    for count, names in zip(per_pair.tolist(), pairs, strict=True):
        alignments = []
        for _ in range(count):
            a0, a1, b0, b1 = numbers[4 * k : 4 * k + 4]
            alignments.append(
                Alignment(
                    Span(names[side[2 * k]], a0, a1),
                    Span(names[side[2 * k + 1]], b0, b1),
                    shares[k],
                    PackedRuns(runs, first_run, counts[k]),
                )
            )
            first_run += counts[k]
            k += 1
        found.append(alignments)
    return found
