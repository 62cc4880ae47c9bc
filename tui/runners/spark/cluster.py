"""The cluster stage on Spark: connected components of the documents that alignments join,
found with DataFrame operations, then the local merge rule inside each component.

Every alignment of a document lies in that document's component, so each component holds
whole documents' passages, and `cluster.cluster_alignments` over one component's alignments
(in pair order) makes the clusters the whole corpus would make there. Clusters are then
numbered across components in the order the local stage numbers them (`cluster_order`).

Components come from the large-star / small-star scheme (Kiveris et al., "Connected
Components in MapReduce and Beyond", 2014): each round links every node to the smallest node
of its neighbourhood, and the graph becomes one star per component, whose centre is the
smallest document of it, in a number of rounds that grows with the logarithm of its size.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from tui.engine.cluster import cluster_alignments, cluster_order
from tui.model import Alignment, Cluster
from tui.params import Params
from tui.runners.spark.align import PairAlignments

if TYPE_CHECKING:
    from pyspark import RDD
    from pyspark.sql import DataFrame, SparkSession

# A component's clusters: (order key, component, number in it, cluster, its alignments).
ComponentCluster = tuple[object, int, int, Cluster, list[Alignment]]


def components(edges: DataFrame) -> DataFrame:
    """Each node of `edges` (columns `u`, `v`: undirected, no self-loops) with the smallest
    node of its component: columns `node`, `component`."""
    from pyspark.sql import functions as F

    graph = edges.select(F.greatest("u", "v").alias("u"), F.least("u", "v").alias("v")).distinct()
    graph = graph.localCheckpoint()
    while True:
        graph = _small_star(_large_star(graph)).localCheckpoint()
        if _is_star_forest(graph):
            break
    centres = graph.select(F.col("v").alias("node"), F.col("v").alias("component"))
    leaves = graph.select(F.col("u").alias("node"), F.col("v").alias("component"))
    return leaves.union(centres).distinct()


def _large_star(graph: DataFrame) -> DataFrame:
    """Every node's larger neighbours linked to the smallest node of its neighbourhood."""
    from pyspark.sql import functions as F

    both = graph.union(graph.select(F.col("v").alias("u"), F.col("u").alias("v")))
    smallest = both.groupBy("u").agg(F.least(F.min("v"), F.col("u")).alias("m"))
    linked = both.join(smallest, "u").where(F.col("v") > F.col("u"))
    return linked.select(F.col("v").alias("u"), F.col("m").alias("v")).distinct()


def _small_star(graph: DataFrame) -> DataFrame:
    """Every node and its smaller neighbours linked to the smallest of them."""
    from pyspark.sql import functions as F

    # `graph` holds each edge as (larger, smaller) after the large star
    smallest = graph.groupBy("u").agg(F.min("v").alias("m"))
    linked = graph.join(smallest, "u").select(F.col("v").alias("u"), F.col("m").alias("v"))
    centres = smallest.select("u", F.col("m").alias("v"))
    star = linked.union(centres).where(F.col("u") != F.col("v"))
    return star.select(F.greatest("u", "v").alias("u"), F.least("u", "v").alias("v")).distinct()


def _is_star_forest(graph: DataFrame) -> bool:
    """Whether every edge links a leaf to its one centre, and no centre is a leaf."""
    from pyspark.sql import functions as F

    if graph.groupBy("u").count().where(F.col("count") > 1).limit(1).count():
        return False
    leaves, centres = graph.select("u"), graph.select(F.col("v").alias("u"))
    return leaves.intersect(centres).limit(1).count() == 0


def clusters_by_component(
    session: SparkSession, aligned: RDD[PairAlignments], params: Params
) -> list[tuple[Cluster, list[Alignment]]]:
    """Every cluster with its alignments (widened to its passages), numbered from 1 in the
    local stage's order."""
    from pyspark.sql.types import IntegerType, StructField, StructType

    schema = StructType([StructField("u", IntegerType()), StructField("v", IntegerType())])
    joined = aligned.keys().filter(lambda key: key[0] != key[1])
    labels = components(session.createDataFrame(joined, schema, verifySchema=False))
    component_of = labels.rdd.map(lambda row: (row.node, row.component))
    keyed = aligned.map(lambda item: (item[0][0], item)).leftOuterJoin(component_of)
    by_component = keyed.map(
        lambda item: (item[0] if item[1][1] is None else item[1][1], item[1][0])
    ).groupByKey()
    found = by_component.flatMap(lambda item: cluster_component(item[0], item[1], params)).collect()
    found.sort(key=lambda c: (c[0], c[1], c[2]))
    numbered: list[tuple[Cluster, list[Alignment]]] = []
    for number, (_, _, _, cluster, alignments) in enumerate(found, start=1):
        renumbered = Cluster(number, cluster.kind, cluster.similarity, cluster.passages)
        numbered.append((renumbered, alignments))
    return numbered


def cluster_component(
    component: int, pairs: Iterable[PairAlignments], params: Params
) -> list[ComponentCluster]:
    """One component's clusters (`cluster_alignments` over its alignments in pair order)."""
    ordered: Sequence[PairAlignments] = sorted(pairs, key=lambda item: item[0])
    alignments = [alignment for _, found in ordered for alignment in found]
    clusters, linked = cluster_alignments(
        alignments, params.cluster_link_fraction, params.same_passage_overlap
    )
    inside: dict[int, list[Alignment]] = {}
    for number, alignment in linked:
        inside.setdefault(number, []).append(alignment)
    return [(cluster_order(c.passages), component, c.id, c, inside.get(c.id, [])) for c in clusters]
