"""The scan on Apache Spark: the engine's stages composed in pipeline order as Spark jobs,
with the answer of the local runner (`tui.runners.local`), byte for byte, for any number
of partitions and executors.

Documents are numbered in corpus order before anything runs, and every later order (pairs,
alignments, clusters, links) is one the data defines, never the order tasks finish in.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from pyspark import StorageLevel

from tui.engine.related import same_meaning, without_reuse
from tui.model import Document, Furniture, ScanResult
from tui.params import Params
from tui.runners.progress import Progress, no_progress
from tui.runners.spark.align import PairAlignments, aligned_pairs, document_blocks, task_rows
from tui.runners.spark.candidates import (
    candidate_pairs,
    shingle_document_counts,
    shingle_runs,
    word_document_counts,
)
from tui.runners.spark.cluster import clusters_by_component
from tui.runners.spark.prepare import (
    RECORD_TABLE,
    SHINGLE_TABLE,
    WORD_TABLE,
    PreparedRecord,
    outlet_spans,
    pickled,
    prepare_partition,
    records_of,
    repeated_paragraph_keys,
    shingles_of,
    with_furniture,
)
from tui.runners.spark.related import candidate_links
from tui.runners.spark.session import partitions_of

if TYPE_CHECKING:
    from pyspark import RDD
    from pyspark.sql import DataFrame, SparkSession

# Documents per partition of the prepare stage, at least (more partitions than the shuffles'
# count when the corpus is large: a task holds its documents' prepared records).
DOCUMENTS_PER_PARTITION = 2000
# Documents per part of the related tier, at least: each part receives the posting lists of
# its sentences' terms, so more parts hold less each but receive more lists in all.
DOCUMENTS_PER_RELATED_PART = 20000
# How what later stages read again is kept: in memory, spilled to disk when it does not fit.
KEPT = StorageLevel.MEMORY_AND_DISK


def scan(
    session: SparkSession,
    documents: Sequence[Document],
    params: Params | None = None,
    progress: Progress | None = None,
    warnings: Sequence[str] = (),
) -> ScanResult:
    """Find and cluster every reused passage in `documents` (in corpus order) on Spark."""
    params = params or Params()
    run = _SparkRun(session, params, progress or no_progress)
    numbered = session.sparkContext.parallelize(
        [(d, k) for k, d in enumerate(documents)], run.document_partitions(len(documents))
    )
    return run.scan(numbered, list(documents), warnings)


class _SparkRun:
    """One scan's session, settings and timings, and its stages in pipeline order."""

    def __init__(self, session: SparkSession, params: Params, report: Progress) -> None:
        self.session, self.params, self.report = session, params, report
        self.context = session.sparkContext
        self.partitions = partitions_of(session)
        self.stats: dict[str, float] = {}

    def document_partitions(self, count: int) -> int:
        return max(self.partitions, -(-count // DOCUMENTS_PER_PARTITION))

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """The named stage: its jobs carry the name in Spark's UI (as the README's pipeline
        names it), its time is added to the scan's stats."""
        self.report(name, 0, 1)
        self.context.setJobDescription(f"echoes: {name}")
        clock = time.perf_counter()
        try:
            yield
        finally:
            key = f"{name}_seconds"
            self.stats[key] = self.stats.get(key, 0.0) + time.perf_counter() - clock
            self.context.setJobDescription(None)  # type: ignore[arg-type]

    def scan(
        self,
        numbered: RDD[tuple[Document, int]],
        documents: list[Document],
        warnings: Sequence[str],
    ) -> ScanResult:
        """prepare ▸ furniture ▸ fingerprint and candidates ▸ prefilter and align ▸ cluster,
        and the related tier, set against the reuse at the end."""
        with self.stage("prepare"):
            prepared = self.prepare(numbered)
        with self.stage("furniture"):
            table = self.furniture(prepared, documents)
            records = records_of(table)  # unpickled where it is read
        with self.stage("candidates"):
            pairs, rarity = self.candidates(records)
        with self.stage("align"):
            aligned = self.align(pairs, table, rarity, documents)
            alignments = [a for _, found in sorted(aligned.collect()) for a in found]
        with self.stage("cluster"):
            linked = clusters_by_component(self.session, aligned, self.params)
        with self.stage("related"):
            parts = max(self.partitions, -(-len(documents) // DOCUMENTS_PER_RELATED_PART))
            links = candidate_links(records, len(documents), self.params, parts)
            if self.params.related_min_meaning > 0:  # on the driver, as the local tier does
                texts = {d.id: d.text for d in documents}
                links = same_meaning(texts, links, self.params.related_min_meaning)
            related = without_reuse(links, alignments)
        boilerplate = self.boilerplate(records)
        table.unpersist()
        aligned.unpersist()
        stats = {
            **self.stats,
            "documents": float(len(documents)),
            "alignments": float(len(alignments)),
            "clusters": float(len(linked)),
        }
        return ScanResult(
            documents=tuple(documents),
            clusters=tuple(cluster for cluster, _ in linked),
            alignments=tuple((c.id, a) for c, found in linked for a in found),
            boilerplate=boilerplate,
            related=tuple(related),
            warnings=tuple(warnings),
            stats=stats,
        )

    def prepare(self, numbered: RDD[tuple[Document, int]]) -> RDD[tuple[int, PreparedRecord]]:
        """Every document prepared, kept until the furniture is found."""
        params = self.params
        records = numbered.mapPartitions(lambda part: prepare_partition(params, part))
        records.persist(KEPT).count()
        return records

    def furniture(
        self, records: RDD[tuple[int, PreparedRecord]], documents: Sequence[Document]
    ) -> DataFrame:
        """The prepared documents with their furniture, as a table of pickled records
        (`doc`, `record`) kept for the later stages (compact, and joined in the JVM)."""
        params = self.params
        prepared = records
        if params.page_furniture:
            found = repeated_paragraph_keys(records, params.boilerplate_min_docs)
            repeated = self.context.broadcast(found)
            outlets = self.context.broadcast(outlet_spans(records, documents, params))
            records = records.map(
                lambda item: with_furniture(params, repeated.value, outlets.value, item)
            )
        table = self.session.createDataFrame(
            records.map(pickled), RECORD_TABLE, verifySchema=False
        ).persist(KEPT)
        table.count()
        prepared.unpersist()
        return table

    def candidates(self, records: RDD[tuple[int, PreparedRecord]]) -> tuple[DataFrame, DataFrame]:
        """The candidate pairs, and how many documents hold each document's shared words
        and shingles (their rarity), from the same grouping of the corpus's shingles."""
        size = self.params.shingle_words
        # Rows made here, of the schemas' types: not checked again value by value
        found = records.map(lambda item: shingles_of(item[1], size))
        shingles = self.session.createDataFrame(found, SHINGLE_TABLE, verifySchema=False)
        codes = records.map(lambda item: item[1].distinct_codes())
        words = self.session.createDataFrame(codes, WORD_TABLE, verifySchema=False)
        runs = shingle_runs(shingles).persist(KEPT)
        pairs = candidate_pairs(runs, self.params).localCheckpoint()
        self.stats["candidate_pairs"] = float(pairs.count())
        rarity = (
            shingle_document_counts(runs)
            .withColumnRenamed("counts", "shingles")
            .join(word_document_counts(words).withColumnRenamed("counts", "words"), "doc", "full")
            .persist(KEPT)
        )
        rarity.count()
        runs.unpersist()
        return pairs, rarity

    def align(
        self, pairs: DataFrame, table: DataFrame, rarity: DataFrame, documents: list[Document]
    ) -> RDD[PairAlignments]:
        """Every pair's alignments (those that have any), by tasks of pairs between two
        blocks of documents (`align.document_blocks`)."""
        counted = self.context.accumulator(0)
        lengths = [document.length for document in documents]
        blocks = document_blocks(lengths, 2 * self.partitions)
        table_of_blocks = self.session.createDataFrame(
            list(enumerate(blocks)), "doc int, block int", verifySchema=False
        )
        rows = task_rows(pairs, table, rarity, table_of_blocks)
        aligned = aligned_pairs(rows, len(documents), self.params, counted).persist(KEPT)
        aligned.count()
        rarity.unpersist()
        self.stats["pairs_aligned"] = float(counted.value)
        return aligned

    def boilerplate(self, records: RDD[tuple[int, PreparedRecord]]) -> tuple[Furniture, ...]:
        spans = (
            records.map(lambda item: (item[0], item[1].boilerplate))
            .filter(lambda item: bool(item[1]))
            .collect()
        )
        return tuple(span for _, found in sorted(spans) for span in found)
