"""The related tier on Spark: the sums of `tui.engine.related` as reductions and joins.

1. Per document, its sentences outside furniture and their (sentence, term, count) entries.
2. A reduction over terms: the documents holding each term, and where it first appears in
   corpus order (document, then entry); the driver ranks the terms by first appearance and
   weighs them (`related.term_weights`) exactly as the local tier does, in one array.
3. Per document, each entry's posting weight (`related.posting_weights`, summed per sentence
   in entry order); the entries of indexable terms are the postings.
4. In the JVM: every two postings of one term in different documents meet; per sentence pair,
   the shared terms are counted and their products added up in the order of the terms' ranks
   (as the local tier adds them, so the scores are the same to the last bit).
5. Per strong pair (`related.strong_links`), its spans and shared terms, rarest first, as the
   earlier document writes them (`related.related_link`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from tui.engine.related import (
    indexable_terms,
    posting_weights,
    related_link,
    sentence_table,
    sentences_in_furniture,
    shared_terms,
    strong_links,
    term_weights,
)
from tui.engine.sentences import Floats, Ints, SentenceTerms, TermVocabulary
from tui.model import Related, Span
from tui.params import Params
from tui.runners.spark.prepare import PreparedRecord

if TYPE_CHECKING:
    from pyspark import RDD, Broadcast
    from pyspark.sql import DataFrame, SparkSession


@dataclass(frozen=True)
class KeptSentences:
    """A document's sentences outside its furniture, as the related tier numbers them: the
    index of each in the document's sentences, and their entries (kept sentence numbers,
    terms, counts), in the document's entry order."""

    sentences: SentenceTerms
    index: Ints
    rows: Ints
    terms: list[str]
    counts: Floats


def kept_sentences(record: PreparedRecord) -> KeptSentences:
    """The document's sentences outside furniture (`related.sentences_in_furniture`)."""
    sentences = SentenceTerms.of(*record.bags, TermVocabulary())
    entries = sentences.entries
    kept = ~sentences_in_furniture([record.boilerplate], sentence_table([sentences]))
    numbers = np.cumsum(kept) - 1
    entry_kept = kept[entries.rows]
    distinct = entries.distinct
    return KeptSentences(
        sentences=sentences,
        index=np.flatnonzero(kept),
        rows=numbers[entries.rows[entry_kept]],
        terms=[distinct[c] for c in entries.columns[entry_kept].tolist()],
        counts=entries.counts[entry_kept].astype(np.int32).astype(np.float64),
    )


def first_appearances(record: PreparedRecord) -> Iterator[tuple[str, tuple[int, int, int]]]:
    """Each distinct term of the document's kept sentences: (term, (1, document, its first
    entry)), to be reduced into (documents holding it, where it first appears)."""
    seen: dict[str, int] = {}
    for ordinal, term in enumerate(kept_sentences(record).terms):
        seen.setdefault(term, ordinal)
    for term, ordinal in seen.items():
        yield term, (1, record.number, ordinal)


def _first_of(x: tuple[int, int, int], y: tuple[int, int, int]) -> tuple[int, int, int]:
    earlier = x if (x[1], x[2]) <= (y[1], y[2]) else y
    return x[0] + y[0], earlier[1], earlier[2]


@dataclass(frozen=True)
class TermStats:
    """Every term's rank (by first appearance in the corpus), idf, boost and whether it
    indexes sentences: what every task weighs its entries with."""

    rank: dict[str, int]
    idf: Floats
    boost: Floats
    indexable: np.ndarray[tuple[int], np.dtype[np.bool_]]

    def idf_of(self, terms: Iterable[str]) -> dict[str, float]:
        return {t: float(self.idf[self.rank[t]]) for t in terms}


def term_stats(
    records: RDD[tuple[int, PreparedRecord]], n_documents: int, params: Params
) -> TermStats:
    """The reduction over terms, ranked and weighed on the driver (`related.term_weights`)."""
    found = records.flatMap(lambda item: first_appearances(item[1])).reduceByKey(_first_of)
    ranked = sorted(found.collect(), key=lambda item: (item[1][1], item[1][2]))
    terms = [term for term, _ in ranked]
    frequency = np.array([stats[0] for _, stats in ranked], dtype=np.float64)
    idf, boost = term_weights(frequency, terms, n_documents, params)
    rank = {term: k for k, term in enumerate(terms)}
    return TermStats(rank, idf, boost, indexable_terms(frequency, params))


def postings_of(record: PreparedRecord, stats: TermStats) -> Iterator[tuple[int, int, int, float]]:
    """The document's postings: (term rank, document, kept sentence, posting weight)."""
    kept = kept_sentences(record)
    if not len(kept.rows):
        return
    ranks = np.fromiter((stats.rank[t] for t in kept.terms), dtype=np.int64, count=len(kept.terms))
    distinct, columns = np.unique(ranks, return_inverse=True)
    weights = posting_weights(
        kept.rows,
        columns.ravel(),
        kept.counts,
        stats.idf[distinct],
        stats.boost[distinct],
        len(kept.index),
    )
    indexable = stats.indexable[ranks]
    for rank, row, weight in zip(
        ranks[indexable].tolist(),
        kept.rows[indexable].tolist(),
        weights[indexable].tolist(),
        strict=True,
    ):
        yield rank, record.number, row, weight


def sentence_pairs(session: SparkSession, postings: RDD[Any], params: Params) -> DataFrame:
    """Sentence pairs of different documents sharing `related_min_terms` indexable terms:
    (doc_i, sent_i, doc_j, sent_j, shared, sums), the earlier document as i, `sums` the
    products of their postings added in the order of the terms' ranks."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import DoubleType, IntegerType, LongType, StructField, StructType

    schema = StructType(
        [
            StructField("rank", LongType(), False),
            StructField("doc", IntegerType(), False),
            StructField("sent", IntegerType(), False),
            StructField("weight", DoubleType(), False),
        ]
    )
    table = session.createDataFrame(postings, schema)
    x, y = table.alias("x"), table.alias("y")
    met = x.join(y, (F.col("x.rank") == F.col("y.rank")) & (F.col("x.doc") < F.col("y.doc")))
    products = met.select(
        F.col("x.doc").alias("doc_i"),
        F.col("x.sent").alias("sent_i"),
        F.col("y.doc").alias("doc_j"),
        F.col("y.sent").alias("sent_j"),
        F.struct(
            F.col("x.rank").alias("rank"), (F.col("x.weight") * F.col("y.weight")).alias("p")
        ).alias("product"),
    )
    grouped = products.groupBy("doc_i", "sent_i", "doc_j", "sent_j").agg(
        F.count("*").alias("shared"), F.collect_list("product").alias("products")
    )
    # A pair with fewer shared terms never links (`strong_links`): not worth summing.
    grouped = grouped.where(F.col("shared") >= params.related_min_terms)
    in_rank_order = F.array_sort("products")
    sums = F.aggregate(in_rank_order, F.lit(0.0), lambda total, product: total + product["p"])
    return grouped.select("doc_i", "sent_i", "doc_j", "sent_j", "shared", sums.alias("sums"))


def strong_pairs(
    params: Params, rows: Iterable[Any]
) -> Iterator[tuple[int, tuple[int, int, int, float]]]:
    """The pairs that link (`related.strong_links`), keyed by doc_j: (sent_i, doc_i, sent_j,
    score rounded as the local tier rounds it)."""
    batch = list(rows)
    if not batch:
        return
    shared = np.array([row.shared for row in batch], dtype=np.int64)
    sums = np.array([row.sums for row in batch], dtype=np.float64)
    wanted, score = strong_links(shared, sums, params)
    for row, value in zip(
        (row for row, keep in zip(batch, wanted.tolist(), strict=True) if keep),
        score[wanted].tolist(),
        strict=True,
    ):
        yield row.doc_j, (row.doc_i, row.sent_i, row.sent_j, round(value, 3))


def with_far_side(
    item: tuple[int, tuple[tuple[int, int, int, float], PreparedRecord]],
) -> tuple[int, tuple[int, int, float, Span, tuple[str, ...]]]:
    """A strong pair with its doc_j sentence's span and terms, keyed by doc_i."""
    _, ((doc_i, sent_i, sent_j, score), record) = item
    kept = kept_sentences(record)
    index = int(kept.index[sent_j])
    span = Span(record.document.id, *kept.sentences.spans[index])
    return doc_i, (sent_i, sent_j, score, span, kept.sentences.terms[index])


def links_of(
    params: Params,
    stats: Broadcast[TermStats],
    item: tuple[int, tuple[tuple[int, int, float, Span, tuple[str, ...]], PreparedRecord]],
) -> Related:
    """The link of a strong pair: its doc_i sentence's span, the shared terms ranked."""
    _, ((sent_i, _, score, span_j, terms_j), record) = item
    kept = kept_sentences(record)
    index = int(kept.index[sent_i])
    span_i = Span(record.document.id, *kept.sentences.spans[index])
    terms_i = kept.sentences.terms[index]
    ranked = shared_terms(terms_i, terms_j, stats.value.idf_of(set(terms_i) & set(terms_j)))
    return related_link(record.tokens, span_i, span_j, score, ranked, params)


def candidate_links(
    session: SparkSession,
    records: RDD[tuple[int, PreparedRecord]],
    n_documents: int,
    params: Params,
) -> list[Related]:
    """Every same-fact link between sentences of different documents, before reuse is set
    aside (`related.candidate_links`, as Spark jobs)."""
    context = session.sparkContext
    stats = context.broadcast(term_stats(records, n_documents, params))
    postings = records.flatMap(lambda item: postings_of(item[1], stats.value))
    pairs = sentence_pairs(session, postings, params)
    strong = pairs.rdd.mapPartitions(lambda rows: strong_pairs(params, rows)).cache()
    needed = context.broadcast(
        set(strong.keys().collect()) | set(strong.map(lambda item: item[1][0]).collect())
    )
    wanted = records.filter(lambda item: item[0] in needed.value)
    far = strong.join(wanted).map(with_far_side)
    links = far.join(wanted).map(lambda item: links_of(params, stats, item)).collect()
    strong.unpersist()
    stats.unpersist()
    needed.unpersist()
    return links
