"""The fingerprint and candidate stages as DataFrame operations in the JVM: the rules of
`tui.engine.candidates.candidate_pairs`, where one sort of all the corpus's shingle hashes
becomes a grouping by hash.

- A hash seeds nothing when it occurs once, in more than `max_shingle_docs` documents, or
  more than `2 * max_shingle_docs` times.
- Every two occurrences of a kept hash are a seed of the document pair, the earlier (by
  document, then position) on side a; inside one document the two must not overlap.
- A pair is kept when two of its seeds lie near one diagonal: in one band of
  `2 * max_gap_words` diagonals, or in two adjacent bands; and when it has `min_seeds`.
- Its seeds are sorted by position in a, then b, and the first `max_pair_seeds` kept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.params import Params

if TYPE_CHECKING:
    from pyspark.sql import DataFrame


def candidate_pairs(shingles: DataFrame, params: Params) -> DataFrame:
    """Document pairs with their seeds, from a table of each document's shingles
    (`doc`, `hashes`, `positions`): columns `doc_a`, `doc_b` (`doc_a <= doc_b`) and the
    seeds' positions `seeds_a`, `seeds_b`, in seed order."""
    from pyspark.sql import functions as F

    occurrences = shingles.select(
        "doc", F.explode(F.arrays_zip("hashes", "positions")).alias("shingle")
    ).select(F.col("shingle.hashes").alias("hash"), "doc", F.col("shingle.positions").alias("pos"))
    most = params.max_shingle_docs
    kept_hashes = (
        occurrences.groupBy("hash")
        .agg(F.count("*").alias("n"), F.countDistinct("doc").alias("docs"))
        .where((F.col("n") >= 2) & (F.col("docs") <= most) & (F.col("n") <= 2 * most))
        .select("hash")
    )
    kept = occurrences.join(kept_hashes, "hash")
    a, b = kept.alias("a"), kept.alias("b")
    earlier = (F.col("a.doc") < F.col("b.doc")) | (
        (F.col("a.doc") == F.col("b.doc")) & (F.col("a.pos") < F.col("b.pos"))
    )
    seeds = a.join(b, (F.col("a.hash") == F.col("b.hash")) & earlier).select(
        F.col("a.doc").alias("doc_a"),
        F.col("b.doc").alias("doc_b"),
        F.col("a.pos").alias("pos_a"),
        F.col("b.pos").alias("pos_b"),
    )
    apart = (F.col("doc_a") != F.col("doc_b")) | (
        F.col("pos_b") - F.col("pos_a") >= params.shingle_words
    )
    seeds = seeds.where(apart)
    width = max(1, 2 * params.max_gap_words)
    seeds = seeds.withColumn("band", F.floor((F.col("pos_b") - F.col("pos_a")) / width))
    near = _pairs_near_a_diagonal(seeds)
    grouped = (
        seeds.join(near, ["doc_a", "doc_b"], "left_semi")
        .groupBy("doc_a", "doc_b")
        .agg(
            F.count("*").alias("count"),
            F.sort_array(F.collect_list(F.struct("pos_a", "pos_b"))).alias("seeds"),
        )
        .where(F.col("count") >= params.min_seeds)
    )
    capped = F.slice("seeds", 1, params.max_pair_seeds)
    return grouped.select(
        "doc_a",
        "doc_b",
        F.transform(capped, lambda seed: seed["pos_a"]).alias("seeds_a"),
        F.transform(capped, lambda seed: seed["pos_b"]).alias("seeds_b"),
    )


def _pairs_near_a_diagonal(seeds: DataFrame) -> DataFrame:
    """The document pairs (`doc_a`, `doc_b`) with two seeds in one band or in two adjacent
    bands (`candidates._near_a_diagonal`)."""
    from pyspark.sql import functions as F

    cells = seeds.groupBy("doc_a", "doc_b", "band").agg(F.count("*").alias("n"))
    crowded = cells.where(F.col("n") >= 2).select("doc_a", "doc_b")
    lower, upper = cells.alias("lower"), cells.alias("upper")
    adjacent = lower.join(
        upper,
        (F.col("lower.doc_a") == F.col("upper.doc_a"))
        & (F.col("lower.doc_b") == F.col("upper.doc_b"))
        & (F.col("upper.band") == F.col("lower.band") + 1),
    ).select(F.col("lower.doc_a").alias("doc_a"), F.col("lower.doc_b").alias("doc_b"))
    return crowded.union(adjacent).distinct()
