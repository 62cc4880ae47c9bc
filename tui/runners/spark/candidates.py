"""The fingerprint and candidate stages as DataFrame operations in the JVM: the rules of
`tui.engine.candidates.candidate_pairs`, where one sort of all the corpus's shingle hashes
becomes a grouping by hash, and the grouping of seeds by pair a second one.

- A hash seeds nothing when it occurs once, in more than `max_shingle_docs` documents, or
  more than `2 * max_shingle_docs` times.
- Every two occurrences of a kept hash are a seed of the document pair, the earlier (by
  document, then position) on side a; inside one document the two must not overlap.
- A pair is kept when two of its seeds lie near one diagonal: in one band of
  `2 * max_gap_words` diagonals, or in two adjacent bands (its seeds' bands, sorted, hold
  two neighbours at most 1 apart); and when it has `min_seeds`.
- Its seeds are sorted by position in a, then b, and the first `max_pair_seeds` kept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.params import Params

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame


def shingle_runs(shingles: DataFrame) -> DataFrame:
    """Every distinct shingle of the corpus, from a table of each document's shingles
    (`doc`, `hashes`, `positions`): its `hash`, its occurrences `at` (document, position),
    sorted, and how many documents hold it (`docs`)."""
    from pyspark.sql import functions as F

    occurrences = shingles.select(
        "doc", F.explode(F.arrays_zip("hashes", "positions")).alias("shingle")
    ).select(
        F.col("shingle.hashes").alias("hash"),
        F.struct("doc", F.col("shingle.positions").alias("pos")).alias("at"),
    )
    runs = occurrences.groupBy("hash").agg(F.array_sort(F.collect_list("at")).alias("at"))
    docs = F.size(F.array_distinct(F.transform("at", lambda at: at["doc"])))
    return runs.withColumn("docs", docs)


def shingle_document_counts(runs: DataFrame) -> DataFrame:
    """Per document (`doc`), the positions of its shingles that two documents or more hold,
    with how many (`counts`: position, docs): the rest of its shingles are its own."""
    from pyspark.sql import functions as F

    shared = runs.where(F.col("docs") >= 2).select(F.explode("at").alias("at"), "docs")
    entries = F.struct(F.col("at.pos").alias("pos"), F.col("docs"))
    return shared.groupBy(F.col("at.doc").alias("doc")).agg(F.collect_list(entries).alias("counts"))


def word_document_counts(words: DataFrame) -> DataFrame:
    """Per document (`doc`), its distinct words that two documents or more hold, with how
    many (`counts`: code, docs), from each document's distinct word codes (`doc`, `codes`)."""
    from pyspark.sql import functions as F

    held = words.select("doc", F.explode("codes").alias("code"))
    docs = held.groupBy("code").agg(F.count("*").alias("docs")).where(F.col("docs") >= 2)
    entries = F.struct("code", "docs")
    return held.join(docs, "code").groupBy("doc").agg(F.collect_list(entries).alias("counts"))


def candidate_pairs(runs: DataFrame, params: Params) -> DataFrame:
    """Document pairs with their seeds, from the corpus's shingles (`shingle_runs`):
    columns `doc_a`, `doc_b` (`doc_a <= doc_b`) and the seeds' positions `seeds_a`,
    `seeds_b`, in seed order."""
    from pyspark.sql import functions as F

    most = params.max_shingle_docs
    runs = (
        runs.where(F.size("at") >= 2).where(F.size("at") <= 2 * most).where(F.col("docs") <= most)
    )
    seeds = runs.select(F.explode(_pairs_within("at")).alias("seed")).select(
        F.col("seed.a.doc").alias("doc_a"),
        F.col("seed.b.doc").alias("doc_b"),
        F.struct(F.col("seed.a.pos").alias("a"), F.col("seed.b.pos").alias("b")).alias("seed"),
    )
    apart = (F.col("doc_a") != F.col("doc_b")) | (
        F.col("seed.b") - F.col("seed.a") >= params.shingle_words
    )
    grouped = (
        seeds.where(apart)
        .groupBy("doc_a", "doc_b")
        .agg(F.array_sort(F.collect_list("seed")).alias("seeds"))
        .where(F.size("seeds") >= params.min_seeds)
        .where(_near_a_diagonal("seeds", max(1, 2 * params.max_gap_words)))
    )
    capped = F.slice("seeds", 1, params.max_pair_seeds)
    return grouped.select(
        "doc_a",
        "doc_b",
        F.transform(capped, lambda seed: seed["a"]).alias("seeds_a"),
        F.transform(capped, lambda seed: seed["b"]).alias("seeds_b"),
    )


def _pairs_within(sorted_occurrences: str) -> Column:
    """Every two occurrences of a run (sorted by document, then position), the earlier as a."""
    from pyspark.sql import functions as F

    at = F.col(sorted_occurrences)
    last = F.size(at) - 1
    return F.flatten(
        F.transform(
            F.sequence(F.lit(0), last - 1),
            lambda i: F.transform(
                F.sequence(i + 1, last),
                lambda j: F.struct(F.get(at, i).alias("a"), F.get(at, j).alias("b")),
            ),
        )
    )


def _near_a_diagonal(seeds: str, width: int) -> Column:
    """Whether two of the pair's seeds lie in one band of `width` diagonals or in two
    adjacent ones (`candidates._near_a_diagonal`)."""
    from pyspark.sql import functions as F

    bands = F.array_sort(F.transform(seeds, lambda s: F.floor((s["b"] - s["a"]) / width)))
    return F.exists(
        F.sequence(F.lit(1), F.size(bands) - 1),
        lambda i: F.get(bands, i) - F.get(bands, i - 1) <= 1,
    )
