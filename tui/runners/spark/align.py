"""The prefilter and align stages on Spark: a map over tasks of document pairs, each task
joined with the prepared documents its pairs need (each document once per task, not once
per pair).

The corpus is cut into blocks of documents (runs in corpus order), and a task aligns the
pairs between two blocks, so a document travels to at most as many tasks as there are
blocks, however its pairs spread; the joins and groupings that bring each task its pairs and
documents run in the JVM, over the documents as pickled records. A task numbers the terms
of its documents in one vocabulary, sets aside the pairs that cannot hold a passage
(`prefilter.without_hopeless`) and aligns the rest in batches (`align.align_pairs`): each
pair's answer is the one `align_pair` gives it alone.
"""

from __future__ import annotations

import itertools
import pickle
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from pyspark import StorageLevel

from tui.engine.align import SeededPair, align_pairs
from tui.engine.candidates import CandidatePairs
from tui.engine.prefilter import corpus_words, without_hopeless
from tui.engine.prepare import PreparedDocument
from tui.engine.rarity import DocumentRarity
from tui.engine.sentences import TermVocabulary
from tui.model import Alignment
from tui.params import Params
from tui.runners.spark.prepare import PreparedRecord, document_rarity

if TYPE_CHECKING:
    from pyspark import RDD, Accumulator
    from pyspark.sql import DataFrame

# Text per block of documents (characters, about 1.5 million words): a task holds the
# prepared documents of two blocks.
CHARACTERS_PER_BLOCK = 9_000_000
# Pairs aligned in one batch inside a task (as the local runner's tasks).
ALIGN_BATCH = 2000

# A pair as it travels to its task: (doc_a, doc_b, seeds in a, seeds in b).
PairSeeds = tuple[int, int, list[int], list[int]]
# The alignments of one document pair, by (doc_a, doc_b).
PairAlignments = tuple[tuple[int, int], list[Alignment]]
# A document as a task receives it: its record and its words' and shingles' rarity.
TaskDocument = tuple[PreparedRecord, DocumentRarity]


def document_blocks(lengths: Sequence[int], at_least: int) -> list[int]:
    """Each document's block: runs of documents in corpus order holding about equal text,
    at most `CHARACTERS_PER_BLOCK` each, and at least enough blocks that their pairs of
    blocks number `at_least`."""
    total = max(1, sum(lengths))
    count = max(1, -(-total // CHARACTERS_PER_BLOCK))
    while count * (count + 1) // 2 < at_least and count < len(lengths):
        count += 1
    blocks, before = [], 0
    for length in lengths:
        blocks.append(min(count - 1, before * count // total))
        before += length
    return blocks


def task_rows(
    pairs: DataFrame, documents: DataFrame, rarity: DataFrame, blocks: DataFrame
) -> DataFrame:
    """Every task's rows: its pairs (`pairs`: doc_a, doc_b, seeds_a, seeds_b), those between
    two blocks of documents (`blocks`: doc, block), and every document they need once
    (`documents`: doc, the pickled record, its shingle and word counts), from the documents'
    table (`doc`, `record`) and their rarity (`doc`, `shingles`, `words`). A document is
    sent to at most as many tasks as there are blocks.

    A task's rows share a partition and follow one another (sorted by task), and its
    aligner reads them as a run: nothing gathers a task into one record. Collecting each
    task's documents into one row (`collect_list`) ran the JVM out of memory at 172,000
    articles, where Spark's sort spills to disk instead."""
    from pyspark.sql import functions as F

    count = blocks.agg(F.max("block")).first()
    width = int(count[0]) + 1 if count is not None and count[0] is not None else 1
    block_a = F.broadcast(blocks.select(F.col("doc").alias("doc_a"), F.col("block").alias("a")))
    block_b = F.broadcast(blocks.select(F.col("doc").alias("doc_b"), F.col("block").alias("b")))
    tasked = pairs.join(block_a, "doc_a").join(block_b, "doc_b")
    tasked = tasked.withColumn("task", F.col("a") * width + F.col("b")).persist(
        StorageLevel.MEMORY_AND_DISK
    )
    needed = (
        tasked.select("task", F.col("doc_a").alias("doc"))
        .union(tasked.select("task", F.col("doc_b").alias("doc")))
        .distinct()
    )
    held = needed.join(documents, "doc").join(rarity, "doc", "left")
    pair_rows = tasked.select("task", "doc_a", "doc_b", "seeds_a", "seeds_b")
    document_rows = held.select("task", "doc", "record", "shingles", "words")
    rows = pair_rows.unionByName(document_rows, allowMissingColumns=True)
    # as many partitions as tasks, so that the tasks (not their rows' bytes) are spread
    return rows.repartition(width * (width + 1) // 2, "task").sortWithinPartitions("task")


def aligned_pairs(
    rows: DataFrame, n_documents: int, params: Params, counted: Accumulator[int]
) -> RDD[PairAlignments]:
    """The alignments of every pair that has any, keyed by (doc_a, doc_b), from the tasks'
    rows (`task_rows`: a pair's row has no `doc`, a document's row has one). `counted` adds
    up the pairs that reached the aligner (the others were set aside by the prefilter)."""
    size = params.shingle_words

    def run(partition: Iterable[Any]) -> Iterator[PairAlignments]:
        for _, rows_of_task in itertools.groupby(partition, key=lambda row: row.task):
            pairs: list[PairSeeds] = []
            documents: list[TaskDocument] = []
            for row in rows_of_task:
                if row.doc is None:
                    pairs.append((row.doc_a, row.doc_b, list(row.seeds_a), list(row.seeds_b)))
                else:
                    documents.append(task_document(row, n_documents, size))
            yield from align_task(params, pairs, documents, counted)

    return rows.rdd.mapPartitions(run)


def task_document(row: Any, n_documents: int, shingle_words: int) -> TaskDocument:
    """A document as its task's row holds it: its record, and its rarity in the corpus."""
    record: PreparedRecord = pickle.loads(row.record)
    shingles = [(c.pos, c.docs) for c in row.shingles or ()]
    words = [(c.code, c.docs) for c in row.words or ()]
    return record, document_rarity(record, (shingles, words), n_documents, shingle_words)


def align_task(
    params: Params,
    pairs: Iterable[PairSeeds],
    documents: Iterable[TaskDocument],
    counted: Accumulator[int] | None = None,
) -> Iterator[PairAlignments]:
    """One task: its documents prepared in one vocabulary, its hopeless pairs set aside,
    the others aligned in batches; the pairs with alignments, in pair order."""
    in_order = sorted(documents, key=lambda item: item[0].number)
    ordered = [record for record, _ in in_order]
    local = {record.number: k for k, record in enumerate(ordered)}
    vocabulary = TermVocabulary()
    prepared = [record.prepared(params, vocabulary, rarity) for record, rarity in in_order]
    candidates = _task_pairs(sorted(pairs, key=lambda pair: (pair[0], pair[1])), local)
    words = corpus_words(
        [r.codes for r in ordered], [r.tokens for r in ordered], [r.quoted for r in ordered]
    )
    candidates = without_hopeless(candidates, words, params)
    if counted is not None:
        counted.add(len(candidates))
    numbers = [record.number for record in ordered]
    for start in range(0, len(candidates), ALIGN_BATCH):
        batch = range(start, min(start + ALIGN_BATCH, len(candidates)))
        found = align_pairs(_seeded(prepared, candidates, batch), params)
        for k, alignments in zip(batch, found, strict=True):
            if alignments:
                key = (numbers[candidates.doc_a[k]], numbers[candidates.doc_b[k]])
                yield key, alignments


def _task_pairs(pairs: Sequence[PairSeeds], local: dict[int, int]) -> CandidatePairs:
    """The task's pairs (in pair order) as `CandidatePairs`, documents by task number."""
    counts = [len(pair[2]) for pair in pairs]
    bounds = np.zeros(len(pairs) + 1, dtype=np.int64)
    np.cumsum(counts, out=bounds[1:])

    def column(values: Iterable[int]) -> np.ndarray[tuple[int], np.dtype[np.int32]]:
        return np.fromiter(values, dtype=np.int32)

    return CandidatePairs(
        doc_a=column(local[pair[0]] for pair in pairs),
        doc_b=column(local[pair[1]] for pair in pairs),
        bounds=bounds,
        seeds_a=column(seed for pair in pairs for seed in pair[2]),
        seeds_b=column(seed for pair in pairs for seed in pair[3]),
        seeds_examined=0,
    )


def _seeded(
    prepared: Sequence[PreparedDocument], pairs: CandidatePairs, batch: range
) -> Iterator[SeededPair]:
    for k in batch:
        seeds_a, seeds_b = pairs.seeds(k)
        a, b = prepared[pairs.doc_a[k]], prepared[pairs.doc_b[k]]
        yield a, b, seeds_a.tolist(), seeds_b.tolist()
