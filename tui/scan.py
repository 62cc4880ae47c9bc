"""The reuse pipeline, stage by stage: segment, fingerprint, candidate pairs, align, cluster.

Each stage is a plain function over plain data (see the modules named after them), so the same
stages can run elsewhere, on another engine, and give the same answer. This module only wires
them together and reports progress.
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate, chain
from typing import Any

import numpy as np
import numpy.typing as npt

from tui.align import (
    PreparedDocument,
    align_pair,
    finish_pair,
    shingle_alignments,
    wants_sentences,
)
from tui.boilerplate import ParagraphFacts, corpus_furniture, paragraph_facts
from tui.candidates import CandidatePairs, candidate_pairs
from tui.cluster import cluster_alignments
from tui.fingerprint import build_index, word_codes
from tui.memory import collector_paused, release_free_memory
from tui.model import Alignment, Document, Related, ScanResult, Span
from tui.params import Params
from tui.prefilter import corpus_words, without_hopeless
from tui.related import (
    SentenceTable,
    candidate_links,
    joined_tables,
    without_reuse,
)
from tui.segment import Segments, segment
from tui.sentences import (
    Floats,
    Ints,
    SentenceTerms,
    number_terms,
    sentence_entries,
    sentence_terms,
    similar_sentences_many,
)
from tui.store import (
    STORE_VERSION,
    PairCache,
    alignment_from_record,
    alignment_record,
    text_digest,
)
from tui.tokens import Tokens, tokenize
from tui.workers import Background, available_cores, parallel_map

Int32s = npt.NDArray[np.int32]

# progress(stage, done, total): called often; must be cheap. Raise to cancel the scan.
Progress = Callable[[str, int, int], None]


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


# Documents per preparing task and pairs per aligning task: big enough that a task's result
# outweighs the cost of shipping it back, small enough to keep both cores busy to the end.
# 2,000 pairs per task (not 400) cost the main process 1.9 instead of 2.9 CPU-s on all of
# Reuters, and give each task's sentence batch more pairs.
_PREPARE_CHUNK = 200
_ALIGN_CHUNK = 2000
# Aligning tasks a worker runs before a fresh fork replaces it (see `parallel_map`): 60,000
# pairs. When workers still ran the cycle collector, the align stage's peak on all 21,577
# Reuters articles (PSS of all processes) was 913 MB with workers that never stop and
# 798 MB at 60,000 pairs. Without it the two are within the noise (930 and 904-928 MB), but
# the bound stays for corpora whose pairs reach more of the documents.
_ALIGN_TASKS_PER_WORKER = 30


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
    their word codes (`fingerprint.word_codes`, from the chunk's vocabulary: one hash per
    distinct word). Words are shared through `spellings` (a corpus holds each distinct word
    once, not once per occurrence); the chunk's terms are numbered process-wide once, not
    each document's."""
    words_of_chunk = [spellings.setdefault(w, w) for w in chunk.vocabulary]
    codes_of_chunk = word_codes([words_of_chunk])[0]
    numbers_of_chunk = np.frombuffer(b"".join(d[0] for d in chunk.documents), dtype=np.intc)
    word_counts = [len(d[0]) // numbers_of_chunk.itemsize for d in chunk.documents]
    codes = np.split(codes_of_chunk[numbers_of_chunk], list(accumulate(word_counts))[:-1])
    term_numbers = number_terms(chunk.terms)[chunk.distinct_terms]
    sentence_counts = [len(fields[4][0]) for fields in chunk.documents]
    sentence_bounds = [0, *accumulate(sentence_counts)]
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
    bounds = np.array(entry_bounds, dtype=np.int64)
    entry_counts = bounds[1:] - bounds[:-1]
    first_term = np.repeat(np.array(term_bounds[:-1], dtype=np.int64), entry_counts)
    first_sentence = np.repeat(np.array(sentence_bounds[:-1], dtype=np.int64), entry_counts)
    table = SentenceTable(
        sizes=np.array(sentence_counts, dtype=np.int32),
        starts=chunk.starts,
        ends=chunk.ends,
        rows=(chunk.rows + first_sentence).astype(np.int32),
        columns=term_numbers[chunk.columns + first_term].astype(np.int32),
        counts=chunk.counts.astype(np.int32),
    )
    return prepared, table, codes


def _ranges(total: int, size: int) -> list[tuple[int, int]]:
    return [(start, min(start + size, total)) for start in range(0, total, size)]


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
        return _prepare(documents, params, workers, progress or _no_progress)


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
        chunks = _ranges(len(documents), _PREPARE_CHUNK)
        spellings: dict[str, str] = {}
        for chunk in parallel_map(_prepare_range, documents, chunks, workers):
            # The align workers inherit the term numbers given here (`_number_terms`).
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


def _align_range(
    state: tuple[Sequence[PreparedDocument], CandidatePairs, Sequence[int], Params],
    task: tuple[int, int],
) -> list[list[Alignment]]:
    """Alignments of the pairs `todo[start:stop]`, one list per pair (runs in a worker).

    `align_pair` in two phases: every pair's shingle passages first, then the sentences of
    all pairs that want them compared at once (`similar_sentences_many`), then each pair's
    finish."""
    prepared, pairs, todo, params = state
    firsts: list[tuple[PreparedDocument, PreparedDocument, list[Alignment], bool]] = []
    for run in _contiguous_runs(todo[task[0] : task[1]]):
        # The run's seeds, pairs and bounds as Python ints in one conversion each.
        bounds = pairs.bounds[run.start : run.stop + 1].tolist()
        all_a = pairs.seeds_a[bounds[0] : bounds[-1]].tolist()
        all_b = pairs.seeds_b[bounds[0] : bounds[-1]].tolist()
        docs_a, docs_b = pairs.doc_a[run].tolist(), pairs.doc_b[run].tolist()
        for at in range(run.stop - run.start):
            start, stop = bounds[at] - bounds[0], bounds[at + 1] - bounds[0]
            a, b = prepared[docs_a[at]], prepared[docs_b[at]]
            found = shingle_alignments(a, b, all_a[start:stop], all_b[start:stop], params)
            firsts.append((a, b, found, wants_sentences(a, b, found, stop - start, params)))
    words = params.sentence_max_words
    similar = iter(
        similar_sentences_many(
            [(a.comparable(words), b.comparable(words)) for a, b, _, wanted in firsts if wanted],
            params.sentence_min_cosine,
            params.sentence_min_dice,
        )
    )
    return [
        finish_pair(a, b, found, params, sentences=want, similar=next(similar) if want else None)
        for a, b, found, want in firsts
    ]


def _contiguous_runs(numbers: Sequence[int]) -> list[slice]:
    """`numbers` (increasing) as runs of consecutive values, each a slice `start:stop`."""
    runs: list[slice] = []
    for n in numbers:
        if runs and runs[-1].stop == n:
            runs[-1] = slice(runs[-1].start, n + 1)
        else:
            runs.append(slice(n, n + 1))
    return runs


def scan(
    documents: Sequence[Document],
    params: Params | None = None,
    progress: Progress | None = None,
    warnings: Sequence[str] = (),
    pair_cache: PairCache | None = None,
    workers: int | None = None,
) -> ScanResult:
    """Find and cluster every reused passage in `documents`, on `workers` processes (default:
    every available core); the result is the same for any number of workers.

    With a `pair_cache`, pairs whose texts, seeds and furniture are unchanged since an earlier
    scan reuse its alignments instead of aligning again (same answer, less work).
    """
    params = params or Params()
    workers = available_cores() if workers is None else max(1, workers)
    # A scan holds millions of objects (words, sentences, spans) and builds no cycles: each
    # full pass of the cycle collector over them cost 0.3-0.5 s, several times a scan (on
    # Reuters the cluster stage took 1.1 s with it and 0.6 s without).
    with collector_paused():
        return _scan(documents, params, progress or _no_progress, warnings, pair_cache, workers)


def _scan(
    documents: Sequence[Document],
    params: Params,
    report: Progress,
    warnings: Sequence[str],
    pair_cache: PairCache | None,
    workers: int,
) -> ScanResult:
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    report("reading", 0, len(documents))
    corpus = prepare_corpus(documents, params, workers, report)
    prepared, table, codes = corpus.documents, corpus.sentence_table, corpus.word_codes
    del corpus
    release_free_memory()  # the chunks' temporaries: processes forked from here inherit less
    timings["prepare_seconds"] = time.perf_counter() - clock

    # The related tier needs no alignments: it computes beside the reuse stages, on the core
    # the candidate stage leaves idle, and only sets reuse aside at the end.
    links: Background[_LinkState, list[Related]] = Background(
        _candidate_links, (prepared, params, table), fork=workers > 1
    )
    del table
    try:
        clock = time.perf_counter()
        # The shingle index is gone once the pairs are found: workers never inherit it.
        if codes is None:
            codes = word_codes([p.tokens.words for p in prepared])
        pairs = _candidates(codes, params)
        candidates_found = len(pairs)
        # Pairs that cannot hold a passage never reach the align workers (same answer).
        pairs = without_hopeless(pairs, corpus_words(codes, [p.tokens for p in prepared]), params)
        del codes
        release_free_memory()
        timings["candidates_seconds"] = time.perf_counter() - clock
        # Collected now, so that its process is gone before the align workers need memory.
        clock = time.perf_counter()
        related_links = links.result()
        timings["related_seconds"] = time.perf_counter() - clock

        clock = time.perf_counter()
        alignments: list[Alignment] = []
        total = len(pairs)
        keys: dict[int, str] = {}
        cached: dict[str, list[tuple[object, ...]]] = {}
        if pair_cache is not None:
            digests = [_document_digest(p) for p in prepared]
            fingerprint = params.fingerprint()
            keys = {
                k: _pair_key(fingerprint, digests, pairs, k)
                for k in worth_caching(pairs, params.sentence_min_seeds)
            }
            cached = pair_cache.get_many(list(keys.values()))
        todo = [k for k in range(total) if keys.get(k) not in cached]
        state = (prepared, pairs, todo, params)
        if workers > 1 and todo:
            _number_terms(prepared, params)
        aligned: dict[int, list[Alignment]] = {}
        report("aligning", 0, total)
        chunks = _ranges(len(todo), _ALIGN_CHUNK)
        results = parallel_map(_align_range, state, chunks, workers, _ALIGN_TASKS_PER_WORKER)
        for (start, stop), part in zip(chunks, results, strict=True):
            aligned.update(zip(todo[start:stop], part, strict=True))
            report("aligning", total - len(todo) + len(aligned), total)
        fresh: list[tuple[str, list[tuple[object, ...]]]] = []
        for k in range(total):
            if k in aligned:
                alignments.extend(aligned[k])
                if k in keys:
                    fresh.append((keys[k], [alignment_record(al) for al in aligned[k]]))
            else:
                a_id, b_id = documents[pairs.doc_a[k]].id, documents[pairs.doc_b[k]].id
                alignments.extend(alignment_from_record(r, a_id, b_id) for r in cached[keys[k]])
        if pair_cache is not None and fresh:
            pair_cache.put_many(fresh)
        report("aligning", total, total)
        timings["align_seconds"] = time.perf_counter() - clock
        timings["pairs_from_cache"] = float(total - len(todo))
        seeds_examined = pairs.seeds_examined
        # Pairs, seeds and cache keys are done with: free them before clustering.
        del pairs, state, aligned, fresh, keys, cached, todo
        for document in prepared:  # so are the per-pair sentence vectors' inputs (recomputable)
            sentences = vars(document).get("sentences")
            if sentences is not None:
                for name in ("entries", "term_numbers", "term_columns", "by_term"):
                    vars(sentences).pop(name, None)

        release_free_memory()
        clock = time.perf_counter()
        clusters, linked = cluster_alignments(alignments, params.cluster_link_fraction)
        timings["cluster_seconds"] = time.perf_counter() - clock
        report("clustering", 1, 1)

        clock = time.perf_counter()
        related = without_reuse(related_links, alignments)
        timings["related_seconds"] += time.perf_counter() - clock

        stats = {
            **timings,
            "documents": float(len(documents)),
            "words": float(sum(len(p.tokens) for p in prepared)),
            "seeds_examined": float(seeds_examined),
            "candidate_pairs": float(candidates_found),
            "pairs_aligned": float(total),
            "alignments": float(len(alignments)),
            "clusters": float(len(clusters)),
        }
        return ScanResult(
            documents=tuple(documents),
            clusters=tuple(clusters),
            alignments=tuple(linked),
            boilerplate=tuple(b for p in prepared for b in p.boilerplate),
            related=tuple(related),
            warnings=tuple(warnings),
            stats=stats,
        )
    finally:
        links.close()


_LinkState = tuple[Sequence[PreparedDocument], Params, SentenceTable | None]


def _candidate_links(state: _LinkState, _: None) -> list[Related]:
    """The related tier's links before reuse is set aside (runs beside the reuse stages)."""
    links = candidate_links(*state)
    release_free_memory()  # the links wait here until the scan collects them: hold only them
    return links


def _number_terms(prepared: Sequence[PreparedDocument], params: Params) -> None:
    """Number every document's sentence terms process-wide (`SentenceTerms.by_term`) once,
    here, before the align workers fork: each worker would otherwise number again every
    document it meets. Prepared on several cores, the documents' terms already have their
    numbers (`_unpack`); only their sorted orders are left, a few array operations each."""
    for document in prepared:
        _ = document.comparable(params.sentence_max_words).by_term


def _document_digest(prepared: PreparedDocument) -> str:
    spans = ",".join(f"{b.start}-{b.end}" for b in prepared.boilerplate)
    return text_digest(prepared.document.text) + spans


def find_candidates(prepared: Sequence[PreparedDocument], params: Params) -> CandidatePairs:
    """The fingerprint and candidate stages: document pairs sharing shingles, with seeds."""
    return _candidates(word_codes([p.tokens.words for p in prepared]), params)


def _candidates(codes: list[npt.NDArray[np.int64]], params: Params) -> CandidatePairs:
    return candidate_pairs(
        build_index(codes, params.shingle_words),
        len(codes),
        shingle_words=params.shingle_words,
        max_shingle_docs=params.max_shingle_docs,
        min_seeds=params.min_seeds,
        max_pair_seeds=params.max_pair_seeds,
        max_gap_words=params.max_gap_words,
    )


def worth_caching(pairs: CandidatePairs, sentence_min_seeds: int) -> list[int]:
    """The candidate pairs worth keeping in the pair cache: those with enough seeds to reach
    the sentence passes. The others (nearly all of a large corpus) align again in
    microseconds, less than it costs to hash, store and look them up."""
    counts = np.diff(pairs.bounds)
    return [int(k) for k in np.flatnonzero(counts >= sentence_min_seeds)]


def _pair_key(
    params_fingerprint: str, digests: Sequence[str], pairs: CandidatePairs, k: int
) -> str:
    """What a pair's alignments depend on: both texts and furniture, the seeds, the settings,
    and the version of the detection itself."""
    seeds_a, seeds_b = pairs.seeds(k)
    digest = hashlib.sha256(f"{STORE_VERSION}\0{params_fingerprint}".encode())
    digest.update(digests[pairs.doc_a[k]].encode())
    digest.update(b"\0" if pairs.doc_a[k] == pairs.doc_b[k] else digests[pairs.doc_b[k]].encode())
    digest.update(seeds_a.tobytes())
    digest.update(seeds_b.tobytes())
    return digest.hexdigest()[:40]


def align_documents(
    source: Document, suspicious: Document, params: Params | None = None
) -> list[Alignment]:
    """Reused passages between two documents, by the same stages and settings as `scan`
    (only the pairs across the two are reported, not repeats inside either)."""
    params = params or Params()
    if source.id == suspicious.id:
        suspicious = dataclasses.replace(suspicious, id=suspicious.id + "#2")
    prepared_source, prepared_suspicious = prepare([source, suspicious], params)
    return align_prepared(prepared_source, prepared_suspicious, params)


def align_prepared(
    source: PreparedDocument, suspicious: PreparedDocument, params: Params
) -> list[Alignment]:
    """`align_documents` for documents already prepared, so a caller comparing one document
    with many prepares it once. Prepared alone or together, a document is the same as long as
    boilerplate needs more than two documents to repeat a paragraph (the default)."""
    pairs = find_candidates([source, suspicious], params)
    # Two documents named for comparison are compared even without a shared shingle: their
    # sentences may still share their words in another order (reworded or translated text).
    seeds: tuple[list[int], list[int]] = ([], [])
    for k in range(len(pairs)):
        if pairs.doc_a[k] == 0 and pairs.doc_b[k] == 1:
            seeds_a, seeds_b = pairs.seeds(k)
            seeds = (seeds_a.tolist(), seeds_b.tolist())
    found = align_pair(source, suspicious, *seeds, params, compare_all=True)
    return sorted(found, key=lambda al: (al.a.start, al.b.start))
