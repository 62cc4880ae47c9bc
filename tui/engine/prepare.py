"""Preparing documents for the reuse stages: words, sentences, paragraph facts and furniture.

On several cores, workers prepare chunks of documents and send them back as a few arrays and
plain tuples; the main process rebuilds each document and, as chunks arrive, what the next
stages need of them: process-wide term numbers, the related tier's sentence table, and the
word codes of the candidate stage. Prepared in one process or many, a document is the same.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate, chain, pairwise
from typing import Any

import numpy as np
import numpy.typing as npt

from tui.engine.align import PreparedDocument
from tui.engine.fingerprint import word_codes
from tui.engine.furniture import ParagraphFacts, corpus_furniture, paragraph_facts
from tui.engine.related import SentenceTable, joined_tables
from tui.engine.segment import Segments, segment
from tui.engine.sentences import (
    Floats,
    Ints,
    SentenceTerms,
    number_terms,
    sentence_entries,
    sentence_terms,
)
from tui.engine.tokens import Tokens, tokenize
from tui.model import Document, Span
from tui.params import Params
from tui.runners.memory import collector_paused
from tui.runners.workers import parallel_map, task_ranges

Int32s = npt.NDArray[np.int32]

# progress(stage, done, total): called often; must be cheap. Raise to cancel the scan.
Progress = Callable[[str, int, int], None]


def no_progress(stage: str, done: int, total: int) -> None:
    return None


# Documents per preparing task: big enough that a task's result outweighs the cost of
# shipping it back, small enough to keep both cores busy to the end.
_PREPARE_CHUNK = 200


_Prepared = tuple[Tokens, Segments, ParagraphFacts, SentenceTerms | None]
# One prepared document as it crosses from a worker: its words as numbers into its chunk's
# vocabulary, its word offsets, and the fields of its segments, paragraph facts and
# sentences as plain tuples (slotted dataclasses unpickle field by field, several times
# slower).
_PackedDocument = tuple[bytes, bytes, tuple[Any, ...], tuple[Any, ...], tuple[Any, ...]]


@dataclass(frozen=True)
class _Chunk:
    """Prepared documents as they cross from a worker, with what their sentences need laid
    end to end in one array each: pickling millions of small strings, ints and arrays one by
    one, and sharing every word string again on arrival, would cost more than preparing them.
    """

    vocabulary: list[str]  # the chunk's distinct words, numbered in order
    terms: list[str]  # the chunk's distinct sentence terms, numbered in order
    documents: list[_PackedDocument]
    # Each document's distinct terms (`SentenceTerms.entries[0]`) as numbers into `terms`,
    # and how many each document has.
    distinct_terms: Int32s
    distinct_counts: Int32s
    # Every document's (sentence, term, count) entries and each sentence's size, as
    # `SentenceTerms.entries` gives them, one document after another.
    rows: Ints
    columns: Ints
    counts: Floats
    sizes: Ints
    # Each sentence's character span (the related tier's table).
    starts: Int32s
    ends: Int32s


def _pack(prepared: _Prepared, vocabulary: dict[str, int]) -> _PackedDocument:
    tokens, segments, facts, sentences = prepared
    assert sentences is not None
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
        (sentences.spans, sentences.words, sentences.terms),
    )


def _prepare_one(text: str, with_sentences: bool) -> _Prepared:
    segments, tokens = segment(text), tokenize(text)
    facts = paragraph_facts(text, segments, tokens)
    if not with_sentences:
        return tokens, segments, facts, None
    return tokens, segments, facts, sentence_terms(text, tokens, segments)


def _prepare_range(documents: Sequence[Document], task: tuple[int, int]) -> _Chunk:
    """Words, sentences and paragraph facts of `documents[start:stop]`, with their sentences'
    entries computed here, in parallel, once: every pair needs them (runs in a worker)."""
    vocabulary: dict[str, int] = {}
    packed: list[_PackedDocument] = []
    for document in documents[task[0] : task[1]]:
        packed.append(_pack(_prepare_one(document.text, True), vocabulary))
    terms: dict[str, int] = {}
    entries = sentence_entries([fields[4][2] for fields in packed], terms)
    spans = np.fromiter(
        chain.from_iterable(chain.from_iterable(fields[4][0] for fields in packed)),
        dtype=np.int32,
    )
    return _Chunk(
        vocabulary=list(vocabulary),
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


def _unpack(
    chunk: _Chunk, spellings: dict[str, str]
) -> tuple[list[_Prepared], SentenceTable, list[Ints]]:
    """The chunk's documents back in their usual form, with their sentences' table and
    their word codes. Words are shared through `spellings` (a corpus holds each distinct
    word once, not once per occurrence); the chunk's terms are numbered process-wide once,
    not each document's."""
    words_of_chunk = [spellings.setdefault(w, w) for w in chunk.vocabulary]
    term_numbers = number_terms(chunk.terms)[chunk.distinct_terms]
    sentence_bounds = [0, *accumulate(len(fields[4][0]) for fields in chunk.documents)]
    entry_bounds = np.concatenate(([0], np.cumsum(chunk.sizes)))[sentence_bounds].tolist()
    term_bounds = [0, *accumulate(chunk.distinct_counts.tolist())]
    # Each document's term numbers sorted, all in one sort: by (document, number).
    document_of_term = np.repeat(np.arange(len(chunk.documents)), chunk.distinct_counts)
    width = int(term_numbers.max(initial=0)) + 1
    term_order = np.argsort(document_of_term * width + term_numbers, kind="stable")
    names = chunk.distinct_terms.tolist()
    prepared: list[_Prepared] = []
    for k, (raw_words, raw_offsets, segments, facts, fields) in enumerate(chunk.documents):
        numbers, offsets = array("i"), array("i")
        numbers.frombytes(raw_words)
        offsets.frombytes(raw_offsets)
        half = len(offsets) // 2
        tokens = Tokens(
            tuple(map(words_of_chunk.__getitem__, numbers)), offsets[:half], offsets[half:]
        )
        sentences = SentenceTerms(*fields)
        e0, e1 = entry_bounds[k], entry_bounds[k + 1]
        t0, t1 = term_bounds[k], term_bounds[k + 1]
        # Fill the cached properties: the values they would compute.
        vars(sentences)["entries"] = (
            tuple(map(chunk.terms.__getitem__, names[t0:t1])),
            chunk.rows[e0:e1],
            chunk.columns[e0:e1],
            chunk.counts[e0:e1],
            chunk.sizes[sentence_bounds[k] : sentence_bounds[k + 1]],
        )
        sentences.use_term_numbers(term_numbers[t0:t1], term_order[t0:t1] - t0)
        prepared.append((tokens, Segments(*segments), ParagraphFacts(*facts), sentences))
    table = _table_of(chunk, term_numbers, sentence_bounds, entry_bounds, term_bounds)
    return prepared, table, _codes_of(chunk, words_of_chunk)


def _table_of(
    chunk: _Chunk,
    term_numbers: Ints,
    sentence_bounds: Sequence[int],
    entry_bounds: Sequence[int],
    term_bounds: Sequence[int],
) -> SentenceTable:
    """The chunk's sentence table: its entries' rows counted across the chunk, their terms
    by process-wide number (`term_numbers` of each document's distinct terms, end to end)."""
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


def _codes_of(chunk: _Chunk, words_of_chunk: Sequence[str]) -> list[Ints]:
    """Each document's word codes (`fingerprint.word_codes`), from the chunk's vocabulary:
    one hash per distinct word."""
    codes_of_chunk = word_codes([words_of_chunk])[0]
    numbers = np.frombuffer(b"".join(d[0] for d in chunk.documents), dtype=np.intc)
    word_counts = [len(d[0]) // numbers.itemsize for d in chunk.documents]
    return np.split(codes_of_chunk[numbers], list(accumulate(word_counts))[:-1])


def prepare(
    documents: Sequence[Document],
    params: Params,
    workers: int = 1,
    progress: Progress | None = None,
) -> list[PreparedDocument]:
    """Words, sentences and boilerplate of every document, in document order."""
    return prepare_corpus(documents, params, workers, progress).documents


@dataclass(frozen=True)
class PreparedCorpus:
    """Prepared documents, and what the next stages need of them that came with them when
    they were prepared on several cores (else None: it is computed when needed)."""

    documents: list[PreparedDocument]
    sentence_table: SentenceTable | None  # for the related tier
    word_codes: list[Ints] | None  # each document's, as `fingerprint.word_codes` gives them


def prepare_corpus(
    documents: Sequence[Document],
    params: Params,
    workers: int = 1,
    progress: Progress | None = None,
) -> PreparedCorpus:
    """`prepare`, with what the next stages need, built as chunks of prepared documents
    arrive from the workers, while they prepare the next ones."""
    with collector_paused():
        return _prepare(documents, params, workers, progress or no_progress)


def _prepare(
    documents: Sequence[Document], params: Params, workers: int, report: Progress
) -> PreparedCorpus:
    facts: list[_Prepared] = []
    tables: list[SentenceTable] = []
    codes: list[Ints] = []
    if workers <= 1:
        # Sentence terms stay lazy here: a caller aligning two documents may never need them.
        for document in documents:
            facts.append(_prepare_one(document.text, False))
            if len(facts) % _PREPARE_CHUNK == 0:
                report("reading", len(facts), len(documents))
    else:
        chunks = task_ranges(len(documents), _PREPARE_CHUNK)
        spellings: dict[str, str] = {}
        for chunk in parallel_map(_prepare_range, documents, chunks, workers):
            # The align workers inherit the term numbers given here (see `scan._number_terms`).
            part, table, part_codes = _unpack(chunk, spellings)
            facts.extend(part)
            tables.append(table)
            codes.extend(part_codes)
            report("reading", len(facts), len(documents))
    furniture: list[tuple[Span, ...]] = [()] * len(facts)
    if params.page_furniture:
        segments, paragraphs = [s for _, s, _, _ in facts], [f for _, _, f, _ in facts]
        furniture = corpus_furniture(documents, segments, paragraphs, params.boilerplate_min_docs)
    prepared: list[PreparedDocument] = []
    for d, (tokens, s, _, sentences), spans in zip(documents, facts, furniture, strict=True):
        ready = PreparedDocument(d, tokens, s, spans)
        if sentences is not None:
            # Fill the document's cached `sentences` property: the same value it would compute.
            vars(ready)["sentences"] = sentences
        prepared.append(ready)
    if not tables:
        return PreparedCorpus(prepared, None, None)
    return PreparedCorpus(prepared, joined_tables(tables), codes)
