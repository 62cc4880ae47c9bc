"""The reuse pipeline, stage by stage: segment, fingerprint, candidate pairs, align, cluster.

Each stage is a plain function over plain data (see the modules named after them), so the same
stages can run elsewhere, on another engine, and give the same answer. This module only wires
them together and reports progress.
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from tui.engine.align import (
    PreparedDocument,
    align_pair,
    finish_pair,
    shingle_alignments,
    wants_sentences,
)
from tui.engine.candidates import CandidatePairs, candidate_pairs
from tui.engine.cluster import cluster_alignments
from tui.engine.fingerprint import build_index, word_codes
from tui.engine.prefilter import corpus_words, without_hopeless
from tui.engine.prepare import Progress, no_progress, prepare, prepare_corpus
from tui.engine.related import (
    SentenceTable,
    candidate_links,
    without_reuse,
)
from tui.engine.sentences import (
    similar_sentences_many,
)
from tui.index.store import (
    STORE_VERSION,
    PairCache,
    alignment_from_record,
    alignment_record,
    text_digest,
)
from tui.model import Alignment, Document, Related, ScanResult
from tui.params import Params
from tui.runners.memory import collector_paused, release_free_memory
from tui.runners.workers import Background, available_cores, parallel_map, task_ranges

# Pairs per aligning task: big enough that a task's result outweighs the cost of shipping
# it back, small enough to keep both cores busy to the end. 2,000 pairs per task (not 400)
# cost the main process 1.9 instead of 2.9 CPU-s on all of Reuters, and give each task's
# sentence batch more pairs.
_ALIGN_CHUNK = 2000
# Aligning tasks a worker runs before a fresh fork replaces it (see `parallel_map`): 60,000
# pairs. When workers still ran the cycle collector, the align stage's peak on all 21,577
# Reuters articles (PSS of all processes) was 913 MB with workers that never stop and
# 798 MB at 60,000 pairs. Without it the two are within the noise (930 and 904-928 MB), but
# the bound stays for corpora whose pairs reach more of the documents.
_ALIGN_TASKS_PER_WORKER = 30


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
        return _scan(documents, params, progress or no_progress, warnings, pair_cache, workers)


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
        chunks = task_ranges(len(todo), _ALIGN_CHUNK)
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
