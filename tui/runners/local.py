"""The scan on this machine: the engine's stages composed in pipeline order, on its cores.

What is about this machine lives here and nowhere else: forked workers that inherit the
prepared corpus instead of receiving it (`workers`), prepared documents shipped back as arrays
(`shipping`), the cycle collector paused and freed memory handed back (`memory`), and the hook
through which the pair cache (`tui.index.store.PairCache`) lends alignments it already holds.
The answer is the same for any number of workers.
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

import numpy as np

from tui.engine.align import SeededPair, align_pairs
from tui.engine.candidates import (
    CandidatePairs,
    SortedShingles,
    block_bounds,
    joined_blocks,
    pairs_in_block,
    shingle_document_counts,
    sorted_shingles,
)
from tui.engine.cluster import cluster_alignments
from tui.engine.dates import day
from tui.engine.fingerprint import build_index, word_codes
from tui.engine.prefilter import CorpusWords, corpus_words, without_hopeless
from tui.engine.prepare import DocumentParts, PreparedCorpus, PreparedDocument, assemble
from tui.engine.prepare import prepare_corpus as prepare_here
from tui.engine.rarity import CorpusRarity, word_document_counts
from tui.engine.related import (
    BoolArray,
    SentenceTable,
    candidate_links,
    joined_tables,
    sentences_in_furniture,
    without_reuse,
)
from tui.engine.sentences import Ints, TermVocabulary
from tui.model import Alignment, Document, ScanResult
from tui.params import DETECTION_VERSION, Params
from tui.runners.memory import collector_paused, release_free_memory
from tui.runners.progress import Progress, no_progress
from tui.runners.shipping import (
    PackedAlignments,
    pack_alignments,
    prepare_chunk,
    unpack_alignments,
    unpack_chunk,
)
from tui.runners.workers import available_cores, parallel_map, task_ranges

# Documents per preparing task: big enough that a task's result outweighs the cost of
# shipping it back, small enough to keep both cores busy to the end.
PREPARE_CHUNK = 200
# Pairs per aligning task: big enough that a task's result outweighs the cost of shipping
# it back, small enough to keep both cores busy to the end. 2,000 pairs per task (not 400)
# cost the main process 1.9 instead of 2.9 CPU-s on all of Reuters, and give each task's
# sentence batch more pairs.
ALIGN_CHUNK = 2000
# Aligning tasks a worker runs before a fresh fork replaces it (see `parallel_map`): 60,000
# pairs. When workers still ran the cycle collector, the align stage's peak on all 21,577
# Reuters articles (PSS of all processes) was 913 MB with workers that never stop and
# 798 MB at 60,000 pairs. Without it the two are within the noise (930 and 904-928 MB), but
# the bound stays for corpora whose pairs reach more of the documents.
ALIGN_TASKS_PER_WORKER = 30
# Pairs of equal shingles per candidate block at most: a block's arrays take about 60 bytes
# per pair at its peak (about 120 MB here), and blocks run on every core. A corpus of
# reprints (Reuters with 7 edited copies of each story) has 70 million such pairs, whose
# arrays all at once took most of the candidate stage's 5 GB. Twice this many per block
# (measured while the related tier still ran in a process beside them) made the stage's
# peak 5,411 MB rather than 5,218 (PSS of all processes) and saved no time (36 s and 30 s
# in that pair of runs, within this machine's noise).
CANDIDATE_BLOCK_PAIRS = 2_000_000
# Pairs of equal shingles per candidate block at least (about 60 ms of work): a small corpus
# is one block, found here, with no pool of workers to start (its semaphores are files in
# /dev/shm, which a full disk refuses, as `tests/hostile/test_faults.py` checks).
CANDIDATE_MIN_BLOCK_PAIRS = 250_000


class PairCacheHook(Protocol):
    """Alignments of document pairs kept from earlier scans, by a key of everything they
    depend on (`pair_key`). `tui.index.store.PairCache` is one."""

    def get_many(self, requests: Sequence[tuple[str, str, str]]) -> list[list[Alignment] | None]:
        """For each `(key, doc_a, doc_b)`, the alignments stored under the key, between the
        two documents named, or None when the key is not stored."""
        ...

    def put_many(self, items: Iterable[tuple[str, Sequence[Alignment]]]) -> None:
        """Keep each key's alignments."""
        ...


def scan(
    documents: Sequence[Document],
    params: Params | None = None,
    progress: Progress | None = None,
    warnings: Sequence[str] = (),
    pair_cache: PairCacheHook | None = None,
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
        run = _Run(params, progress or no_progress, workers, pair_cache)
        return run.scan(documents, warnings)


_Result = TypeVar("_Result")


class _Run:
    """One scan's settings, machine and timings, and its stages in pipeline order."""

    def __init__(
        self, params: Params, report: Progress, workers: int, pair_cache: PairCacheHook | None
    ) -> None:
        self.params, self.report, self.workers, self.pair_cache = (
            params,
            report,
            workers,
            pair_cache,
        )
        self.stats: dict[str, float] = {}

    def timed(self, stage: str, work: Callable[..., _Result], *arguments: object) -> _Result:
        """`work(*arguments)`, its time added to the stage's in the scan's stats."""
        clock = time.perf_counter()
        result = work(*arguments)
        key = f"{stage}_seconds"
        self.stats[key] = self.stats.get(key, 0.0) + time.perf_counter() - clock
        return result

    def scan(self, documents: Sequence[Document], warnings: Sequence[str]) -> ScanResult:
        """load ▸ prepare ▸ related ▸ candidates ▸ prefilter ▸ align ▸ cluster, the related
        tier's links set against the reuse at the end."""
        self.report("reading", 0, len(documents))
        prepared = self.timed("prepare", self.prepare, documents)
        # The related tier needs no alignments. It runs here, before the candidate stage, and
        # not in a process of its own beside it: that process held 1.5 GB at the scan's
        # busiest on 172,616 articles (1.2 GB of it private: the pages this process touched
        # meanwhile), to save a stage whose blocks already keep both cores busy.
        candidate_links_found = self.timed(
            "related", candidate_links, *_link_state(prepared, self.params)
        )
        prepared.table = None  # the sentence table is the related tier's alone
        release_free_memory()
        pairs, rarity = self.timed("candidates", self.candidates, prepared)
        with_rarity(prepared, rarity)
        alignments = self.timed("align", self.align, prepared.corpus.documents, pairs)
        self.stats.update(_pair_counts(pairs))
        del pairs
        documents_prepared = prepared.corpus.documents
        boilerplate = tuple(b for p in documents_prepared for b in p.boilerplate)
        words = float(sum(len(p.tokens) for p in documents_prepared))
        # The prepared corpus is done with: free it before clustering.
        del prepared, documents_prepared
        release_free_memory()
        fraction, same = self.params.cluster_link_fraction, self.params.same_passage_overlap
        clusters, linked = self.timed("cluster", cluster_alignments, alignments, fraction, same)
        self.report("clustering", 1, 1)
        related = self.timed("related", without_reuse, candidate_links_found, alignments)
        stats = {
            **self.stats,
            "documents": float(len(documents)),
            "words": words,
            "alignments": float(len(alignments)),
            "clusters": float(len(clusters)),
        }
        return ScanResult(
            documents=tuple(documents),
            clusters=tuple(clusters),
            alignments=tuple(linked),
            boilerplate=boilerplate,
            related=tuple(related),
            warnings=tuple(warnings),
            stats=stats,
        )

    def prepare(self, documents: Sequence[Document]) -> PreparedOnCores:
        return prepare_on_cores(documents, self.params, self.workers, self.report)

    def candidates(self, prepared: PreparedOnCores) -> tuple[CandidatePairs, CorpusRarity]:
        """Fingerprint, candidate pairs, and the prefilter that sets aside the pairs that
        cannot hold a passage (same answer, far fewer pairs to align): the pairs in blocks of
        documents, on every core (`candidates_in_block`), joined in order; and how many
        documents hold each word and shingle (`tui.engine.rarity`), for `with_rarity`."""
        documents = prepared.corpus.documents
        codes = prepared.word_codes
        if codes is None:
            codes = word_codes([p.tokens.words for p in documents])
        params = self.params
        shingles = sorted_shingles(
            build_index(codes, params.shingle_words), len(codes), params.max_shingle_docs
        )
        rarity = CorpusRarity(
            _first_words(codes),
            word_document_counts(codes),
            shingle_document_counts(shingles, [len(c) for c in codes]),
        )
        words = corpus_words(codes, [p.tokens for p in documents], [p.quoted for p in documents])
        prepared.word_codes = None
        del codes
        # Enough blocks to keep every core busy to the end, none above the budget, none so
        # small that a pool costs more than it saves.
        total = int(shingles.partners.sum(dtype=np.int64))
        wanted = min(CANDIDATE_BLOCK_PAIRS, -(-total // (2 * self.workers)))
        budget = max(CANDIDATE_MIN_BLOCK_PAIRS, wanted)
        blocks = block_bounds(shingles, budget)
        state = (shingles, words, params)
        found = list(parallel_map(candidates_in_block, state, blocks, self.workers))
        # The shingle index is gone once the pairs are found: align workers never inherit it.
        del shingles, words, state
        self.stats["candidate_pairs"] = float(sum(count for count, _ in found))
        pairs = joined_blocks([block for _, block in found])
        del found
        release_free_memory()
        return pairs, rarity

    def align(self, prepared: Sequence[PreparedDocument], pairs: CandidatePairs) -> list[Alignment]:
        """Every pair's alignments, in pair order: from the pair cache where it holds them,
        else computed on the workers (and then kept in the cache)."""
        total = len(pairs)
        keys = self._cache_keys(prepared, pairs)
        cached = self._cached(prepared, pairs, keys)
        todo = [k for k in range(total) if k not in cached]
        self.report("aligning", 0, total)
        aligned = self._align_on_workers(prepared, pairs, todo, total)
        self.stats["pairs_from_cache"] = float(total - len(todo))
        alignments: list[Alignment] = []
        fresh: list[tuple[str, Sequence[Alignment]]] = []
        for k in range(total):
            found = aligned.get(k)
            if found is None:
                found = cached[k]
            elif k in keys:
                fresh.append((keys[k], found))
            alignments.extend(found)
        if self.pair_cache is not None and fresh:
            self.pair_cache.put_many(fresh)
        self.report("aligning", total, total)
        return alignments

    def _cache_keys(
        self, prepared: Sequence[PreparedDocument], pairs: CandidatePairs
    ) -> dict[int, str]:
        """The pair cache's key of every pair worth caching, by pair number."""
        if self.pair_cache is None:
            return {}
        digests = [document_digest(p, self.params) for p in prepared]
        fingerprint = self.params.fingerprint()
        return {
            k: pair_key(fingerprint, digests, pairs, k)
            for k in worth_caching(pairs, self.params.sentence_min_seeds)
        }

    def _cached(
        self, prepared: Sequence[PreparedDocument], pairs: CandidatePairs, keys: dict[int, str]
    ) -> dict[int, list[Alignment]]:
        """The alignments the pair cache holds, by pair number."""
        if self.pair_cache is None or not keys:
            return {}
        numbers = list(keys)
        requests = [
            (keys[k], prepared[pairs.doc_a[k]].document.id, prepared[pairs.doc_b[k]].document.id)
            for k in numbers
        ]
        answers = self.pair_cache.get_many(requests)
        return {k: found for k, found in zip(numbers, answers, strict=True) if found is not None}

    def _align_on_workers(
        self,
        prepared: Sequence[PreparedDocument],
        pairs: CandidatePairs,
        todo: Sequence[int],
        total: int,
    ) -> dict[int, list[Alignment]]:
        if self.workers > 1 and todo:
            # Term orders made here in one burst, before the fork: each worker would otherwise
            # make them again for every document it meets, and made earlier they would lie
            # scattered among other objects, whose pages the workers would copy.
            for document in prepared:
                _ = document.comparable.by_term
        state = (prepared, pairs, todo, self.params)
        chunks = task_ranges(len(todo), ALIGN_CHUNK)
        results = parallel_map(
            align_range_packed, state, chunks, self.workers, ALIGN_TASKS_PER_WORKER
        )
        aligned: dict[int, list[Alignment]] = {}
        for (start, stop), packed in zip(chunks, results, strict=True):
            part = unpack_alignments(packed, _pair_names(state, start, stop))
            aligned.update(zip(todo[start:stop], part, strict=True))
            self.report("aligning", total - len(todo) + len(aligned), total)
        return aligned


@dataclass
class PreparedOnCores:
    """The prepared corpus, with what the workers sent along with it (None when prepared in
    this process: the stages compute it)."""

    corpus: PreparedCorpus
    table: SentenceTable | None
    word_codes: list[Ints] | None


def prepare_on_cores(
    documents: Sequence[Document], params: Params, workers: int, report: Progress = no_progress
) -> PreparedOnCores:
    """The prepare stage, on `workers` processes when there are several (see `shipping`):
    the same prepared documents as `tui.engine.prepare.prepare_corpus` gives."""
    if workers <= 1:
        return PreparedOnCores(prepare_here(documents, params), None, None)
    vocabulary = TermVocabulary()
    spellings: dict[str, str] = {}
    parts: list[DocumentParts] = []
    tables: list[SentenceTable] = []
    codes: list[Ints] = []
    chunks = task_ranges(len(documents), PREPARE_CHUNK)
    for chunk in parallel_map(prepare_chunk, (documents, params), chunks, workers):
        unpacked = unpack_chunk(chunk, spellings, vocabulary)
        parts.extend(unpacked.parts)
        tables.append(unpacked.table)
        codes.extend(unpacked.word_codes)
        report("reading", len(parts), len(documents))
    corpus = PreparedCorpus(assemble(documents, parts, params, vocabulary), vocabulary)
    del parts
    release_free_memory()  # the chunks' temporaries: processes forked from here inherit less
    return PreparedOnCores(corpus, joined_tables(tables), codes)


def _pair_counts(pairs: CandidatePairs) -> dict[str, float]:
    return {"seeds_examined": float(pairs.seeds_examined), "pairs_aligned": float(len(pairs))}


CandidateState = tuple[SortedShingles, CorpusWords, Params]


def candidates_in_block(
    state: CandidateState, block: tuple[int, int]
) -> tuple[int, CandidatePairs]:
    """The candidate pairs whose first document lies in `block` (runs in a worker): how many
    the shingles give, and those the prefilter keeps."""
    shingles, words, params = state
    pairs = pairs_in_block(
        shingles,
        block,
        shingle_words=params.shingle_words,
        min_seeds=params.min_seeds,
        max_pair_seeds=params.max_pair_seeds,
        max_gap_words=params.max_gap_words,
    )
    return len(pairs), without_hopeless(pairs, words, params)


_LinkState = tuple[
    Sequence[PreparedDocument], Params, TermVocabulary, SentenceTable | None, BoolArray | None
]


def _link_state(prepared: PreparedOnCores, params: Params) -> _LinkState:
    """What the related tier reads (`tui.engine.related.candidate_links`), with which
    sentences lie in furniture."""
    documents, table = prepared.corpus.documents, prepared.table
    in_furniture = None
    if table is not None:
        in_furniture = sentences_in_furniture([p.boilerplate for p in documents], table)
    return documents, params, prepared.corpus.vocabulary, table, in_furniture


AlignState = tuple[Sequence[PreparedDocument], CandidatePairs, Sequence[int], Params]


def align_range(state: AlignState, task: tuple[int, int]) -> list[list[Alignment]]:
    """Alignments of the pairs `todo[start:stop]`, one list per pair (runs in a worker), in
    one batch (`align_pairs`: the same answer as `align_pair` on each)."""
    prepared, pairs, todo, params = state
    return align_pairs(_seeded_pairs(prepared, pairs, todo[task[0] : task[1]]), params)


def align_range_packed(state: AlignState, task: tuple[int, int]) -> PackedAlignments:
    """`align_range`, its alignments packed for the trip back (runs in a worker)."""
    return pack_alignments(align_range(state, task), _pair_names(state, *task))


def _pair_names(state: AlignState, start: int, stop: int) -> list[tuple[str, str]]:
    """The two documents' ids of the pairs `todo[start:stop]`."""
    prepared, pairs, todo, _ = state
    numbers = np.asarray(todo[start:stop], dtype=np.int64)
    firsts, seconds = pairs.doc_a[numbers].tolist(), pairs.doc_b[numbers].tolist()
    return [
        (prepared[a].document.id, prepared[b].document.id)
        for a, b in zip(firsts, seconds, strict=True)
    ]


def _seeded_pairs(
    prepared: Sequence[PreparedDocument], pairs: CandidatePairs, numbers: Sequence[int]
) -> Iterator[SeededPair]:
    """The pairs `numbers` with their documents and seeds."""
    for run in _contiguous_runs(numbers):
        # The run's seeds, pairs and bounds as Python ints in one conversion each.
        bounds = pairs.bounds[run.start : run.stop + 1].tolist()
        all_a = pairs.seeds_a[bounds[0] : bounds[-1]].tolist()
        all_b = pairs.seeds_b[bounds[0] : bounds[-1]].tolist()
        docs_a, docs_b = pairs.doc_a[run].tolist(), pairs.doc_b[run].tolist()
        for at in range(run.stop - run.start):
            start, stop = bounds[at] - bounds[0], bounds[at + 1] - bounds[0]
            seeds_a, seeds_b = all_a[start:stop], all_b[start:stop]
            yield prepared[docs_a[at]], prepared[docs_b[at]], seeds_a, seeds_b


def _contiguous_runs(numbers: Sequence[int]) -> list[slice]:
    """`numbers` (increasing) as runs of consecutive values, each a slice `start:stop`."""
    runs: list[slice] = []
    for n in numbers:
        if runs and runs[-1].stop == n:
            runs[-1] = slice(runs[-1].start, n + 1)
        else:
            runs.append(slice(n, n + 1))
    return runs


def document_digest(prepared: PreparedDocument, params: Params) -> str:
    """What a pair's alignments know of one of its documents: its text, its date, its
    furniture, and what the rules of trust read of its words' and shingles' rarity in the
    corpus."""
    spans = ",".join(f"{b.start}-{b.end}" for b in prepared.boilerplate)
    rarity = prepared.rarity
    read = "" if rarity is None else hashlib.sha256(rarity.as_read(params)).hexdigest()[:16]
    return prepared.document.text_digest() + day(prepared.document.date) + spans + read


def with_rarity(prepared: PreparedOnCores, rarity: CorpusRarity) -> None:
    """The prepared documents told how many documents hold each of their words and
    shingles, as the rules of trust read it."""
    documents = prepared.corpus.documents
    with_counts = [
        dataclasses.replace(document, rarity=rarity.of(k)) for k, document in enumerate(documents)
    ]
    prepared.corpus = dataclasses.replace(prepared.corpus, documents=with_counts)


def _first_words(codes: Sequence[Ints]) -> Ints:
    """Each document's first word in the corpus's words end to end, then their count."""
    first = np.zeros(len(codes) + 1, dtype=np.int64)
    np.cumsum([len(c) for c in codes], out=first[1:])
    return first


def worth_caching(pairs: CandidatePairs, sentence_min_seeds: int) -> list[int]:
    """The candidate pairs worth keeping in the pair cache: those with enough seeds to reach
    the sentence passes. The others (nearly all of a large corpus) align again in
    microseconds, less than it costs to hash, store and look them up."""
    counts = np.diff(pairs.bounds)
    return [int(k) for k in np.flatnonzero(counts >= sentence_min_seeds)]


def pair_key(params_fingerprint: str, digests: Sequence[str], pairs: CandidatePairs, k: int) -> str:
    """What a pair's alignments depend on: both texts and furniture, the seeds, the settings,
    and the version of the detection itself."""
    seeds_a, seeds_b = pairs.seeds(k)
    digest = hashlib.sha256(f"{DETECTION_VERSION}\0{params_fingerprint}".encode())
    digest.update(digests[pairs.doc_a[k]].encode())
    digest.update(b"\0" if pairs.doc_a[k] == pairs.doc_b[k] else digests[pairs.doc_b[k]].encode())
    digest.update(seeds_a.tobytes())
    digest.update(seeds_b.tobytes())
    return digest.hexdigest()[:40]
