"""The prefilter and align stages on Spark: a map over tasks of document pairs, each task
joined with the prepared documents its pairs need (each document once per task, not once
per pair).

Pairs are cut into tasks by ranges of (doc_a, doc_b), so a task's pairs share documents. A
task numbers the terms of its documents in one vocabulary, sets aside the pairs that cannot
hold a passage (`prefilter.without_hopeless`) and aligns the rest in batches
(`align.align_pairs`): the answer of each pair is the one `align_pair` gives it alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

import numpy as np

from tui.engine.align import SeededPair, align_pairs
from tui.engine.candidates import CandidatePairs
from tui.engine.prefilter import corpus_words, without_hopeless
from tui.engine.prepare import PreparedDocument
from tui.engine.rarity import DocumentRarity
from tui.engine.sentences import TermVocabulary
from tui.model import Alignment
from tui.params import Params
from tui.runners.spark.prepare import PreparedRecord, RarityCounts, document_rarity

if TYPE_CHECKING:
    from pyspark import RDD, Accumulator
    from pyspark.sql import DataFrame

# Pairs per task (about): a task holds the prepared documents of its pairs.
PAIRS_PER_TASK = 4000
# Pairs aligned in one batch inside a task (as the local runner's tasks).
ALIGN_BATCH = 2000

# A pair as it travels to its task: (doc_a, doc_b, seeds in a, seeds in b).
PairSeeds = tuple[int, int, list[int], list[int]]
# The alignments of one document pair, by (doc_a, doc_b).
PairAlignments = tuple[tuple[int, int], list[Alignment]]
# A document as a task receives it: its record and its words' and shingles' rarity.
_TaskDocument = tuple[PreparedRecord, DocumentRarity]


def pairs_by_task(pairs: DataFrame, tasks: int) -> RDD[tuple[int, PairSeeds]]:
    """Every candidate pair keyed by its task: `tasks` ranges of (doc_a, doc_b)."""
    from pyspark.sql import functions as F

    ranged = pairs.repartitionByRange(tasks, "doc_a", "doc_b").withColumn(
        "task", F.spark_partition_id()
    )
    return ranged.rdd.map(
        lambda row: (row.task, (row.doc_a, row.doc_b, list(row.seeds_a), list(row.seeds_b)))
    )


def aligned_pairs(
    pairs: RDD[tuple[int, PairSeeds]],
    records: RDD[tuple[int, PreparedRecord]],
    rarity: RDD[tuple[int, RarityCounts]],
    params: Params,
    tasks: int,
    counted: Accumulator[int],
) -> RDD[PairAlignments]:
    """The alignments of every pair that has any, keyed by (doc_a, doc_b). `counted` adds
    up the pairs that reached the aligner (the others were set aside by the prefilter)."""
    needed = pairs.flatMap(lambda item: [(item[1][0], item[0]), (item[1][1], item[0])]).distinct()
    n_documents = records.count()
    size = params.shingle_words
    documents = needed.groupWith(records, rarity).flatMap(
        lambda item: to_tasks(item[1], n_documents, size)
    )
    grouped = pairs.cogroup(documents, numPartitions=tasks)
    return grouped.flatMap(
        lambda item: align_task(params, item[1][0], item[1][1], counted),
        preservesPartitioning=False,
    )


def to_tasks(
    grouped: tuple[Iterable[int], Iterable[PreparedRecord], Iterable[RarityCounts]],
    n_documents: int,
    shingle_words: int,
) -> Iterator[tuple[int, _TaskDocument]]:
    """A document (its record and its rarity) once for each task that needs it."""
    tasks, records, counts = list(grouped[0]), list(grouped[1]), list(grouped[2])
    if not tasks:
        return
    record = records[0]
    rarity = document_rarity(record, counts[0] if counts else None, n_documents, shingle_words)
    for task in tasks:
        yield task, (record, rarity)


def align_task(
    params: Params,
    pairs: Iterable[PairSeeds],
    documents: Iterable[_TaskDocument],
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
    words = corpus_words([r.codes for r in ordered], [r.tokens for r in ordered])
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
