"""The related tier on Spark: the sums of `tui.engine.related` as reductions and joins.

1. Per document, its sentences outside furniture and their (sentence, term, count) entries.
2. A reduction over terms: the documents holding each term, and where it first appears in
   corpus order (document, then entry); the driver ranks the terms by first appearance and
   weighs them (`related.term_idf`, `term_boost`) exactly as the local tier does, in one array.
3. Per document, each entry's posting weight (`related.posting_weights`, summed per sentence
   in entry order); the entries of indexable terms are the postings.
4. Each term's posting list goes to every part of the corpus (a range of documents) that
   holds one of its entries; there `related.linked_sentences` finds the part's sentences'
   links as the local tier finds them, products added in the order of the terms' ranks, so
   the scores are the same to the last bit.
5. Per strong pair, its sentences' spans, terms and shapes; the driver keeps the pairs that
   can state one fact (`related.states_one_fact`) and ranks their shared terms, rarest first;
   each earlier document then writes them as it spells them (`related.related_link`). The
   links come back in the local tier's order (by sentence pair).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from tui.engine.related import (
    SentenceShape,
    indexable_terms,
    linked_sentences,
    posting_partners,
    posting_weights,
    related_link,
    sentence_shape,
    sentence_table,
    sentences_in_furniture,
    shared_terms,
    states_one_fact,
    term_boost,
    term_idf,
)
from tui.engine.sentences import Floats, Ints, SentenceTerms, TermVocabulary
from tui.model import Related, Span
from tui.params import Params
from tui.runners.spark.prepare import PreparedRecord

if TYPE_CHECKING:
    from pyspark import RDD


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
    """The reduction over terms, ranked and weighed on the driver (`related.term_idf`,
    `related.term_boost`)."""
    found = records.flatMap(lambda item: first_appearances(item[1])).reduceByKey(_first_of)
    ranked = sorted(found.collect(), key=lambda item: (item[1][1], item[1][2]))
    terms = [term for term, _ in ranked]
    frequency = np.array([stats[0] for _, stats in ranked], dtype=np.float64)
    idf, boost = term_idf(frequency, n_documents), term_boost(terms, params)
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


def posting_lists(
    item: tuple[int, Iterable[tuple[int, int, float]]], bounds: Sequence[int]
) -> Iterator[tuple[int, tuple[int, list[tuple[int, int, float]]]]]:
    """A term's posting list (rank, entries sorted by document and sentence), sent to every
    part of the corpus holding one of its entries that has a partner in a later document:
    there, each of that part's sentences meets all of its terms' partners."""
    rank, entries = item
    ordered = sorted(entries)
    last = ordered[-1][0]
    parts = {bisect_right(bounds, doc) - 1 for doc, _, _ in ordered if doc < last}
    for part in sorted(parts):
        yield part, (rank, ordered)


def links_in_part(
    part: int,
    lists: Iterable[tuple[int, list[tuple[int, int, float]]]],
    bounds: Sequence[int],
    params: Params,
) -> Iterator[tuple[int, tuple[int, int, int, float]]]:
    """The strong pairs (`related.linked_sentences`) whose earlier sentence lies in documents
    `bounds[part]` to `bounds[part + 1]`, keyed by the later one's document: (doc_i, sent_i,
    sent_j, score). The postings are those of the whole corpus for every term the part's
    sentences hold, in rank order, so every sum is the local tier's."""
    ordered = sorted(lists, key=lambda item: item[0])
    sentences = sorted({(doc, sent) for _, entries in ordered for doc, sent, _ in entries})
    if not sentences:
        return
    number = {sentence: k for k, sentence in enumerate(sentences)}
    rows = [number[(doc, sent)] for _, entries in ordered for doc, sent, _ in entries]
    columns = np.array([rank for rank, entries in ordered for _ in entries], dtype=np.int64)
    weights = [weight for _, entries in ordered for _, _, weight in entries]
    document_of = np.array([doc for doc, _ in sentences], dtype=np.int64)
    within = range(
        bisect_left(sentences, (bounds[part], -1)), bisect_left(sentences, (bounds[part + 1], -1))
    )
    n = len(sentences)
    keys, scores = linked_sentences(
        np.array(rows, dtype=np.int64),
        np.array(weights, dtype=np.float64),
        posting_partners(columns),
        document_of,
        n,
        params,
        within,
    )
    for key, score in zip(keys.tolist(), scores.tolist(), strict=True):
        (doc_i, sent_i), (doc_j, sent_j) = sentences[key // n], sentences[key % n]
        yield doc_j, (doc_i, sent_i, sent_j, round(score, 3))


def strong_pairs(
    postings: RDD[tuple[int, int, int, float]], n_documents: int, parts: int, params: Params
) -> RDD[tuple[int, tuple[int, int, int, float]]]:
    """Every linked sentence pair, found part by part of the corpus (see `links_in_part`)."""
    bounds = [n_documents * k // parts for k in range(parts + 1)]
    by_term = postings.map(lambda p: (p[0], (p[1], p[2], p[3]))).groupByKey()
    by_part = by_term.flatMap(lambda item: posting_lists(item, bounds)).groupByKey(parts)
    return by_part.flatMap(lambda item: links_in_part(item[0], item[1], bounds, params))


# A linked sentence as the driver weighs it: its span, terms and shape.
_Wanted = tuple[Span, tuple[str, ...], SentenceShape]


def sentences_wanted(
    record: PreparedRecord, wanted: dict[int, set[int]]
) -> Iterator[tuple[tuple[int, int], _Wanted]]:
    """The span, terms and shape of each kept sentence of the document a link wants."""
    numbers = wanted.get(record.number)
    if not numbers:
        return
    kept = kept_sentences(record)
    for sent in sorted(numbers):
        index = int(kept.index[sent])
        where = kept.sentences.spans[index]
        shape = sentence_shape(record.tokens, record.document.text, where)
        yield (
            (record.number, sent),
            (Span(record.document.id, *where), record.bags[2][index], shape),
        )


# A link to finish in its earlier document: (its place in the local tier's order, its
# sentence's span, the other's, the score, the shared terms ranked).
_Unwritten = tuple[tuple[int, int, int, int], Span, Span, float, list[str]]


def links_written(
    record: PreparedRecord, unwritten: dict[int, list[_Unwritten]], params: Params
) -> Iterator[tuple[tuple[int, int, int, int], Related]]:
    """The document's links, their terms as it writes them (`related.related_link`)."""
    for place, span_i, span_j, score, ranked in unwritten.get(record.number, ()):
        yield place, related_link(record.tokens, span_i, span_j, score, ranked, params)


def candidate_links(
    records: RDD[tuple[int, PreparedRecord]],
    n_documents: int,
    params: Params,
    parts: int,
) -> list[Related]:
    """Every same-fact link between sentences of different documents, before reuse is set
    aside, in the local tier's order (`related.candidate_links`, as Spark jobs)."""
    context = records.context
    stats = context.broadcast(term_stats(records, n_documents, params))
    postings = records.flatMap(lambda item: postings_of(item[1], stats.value))
    strong = strong_pairs(postings, n_documents, parts, params).collect()
    # Two passes over the documents (no shuffle): the linked sentences' spans and terms,
    # then, with the shared terms ranked here, each link's terms as its document writes them.
    wanted: dict[int, set[int]] = {}
    for doc_j, (doc_i, sent_i, sent_j, _) in strong:
        wanted.setdefault(doc_i, set()).add(sent_i)
        wanted.setdefault(doc_j, set()).add(sent_j)
    asked = context.broadcast(wanted)
    found = dict(records.flatMap(lambda item: sentences_wanted(item[1], asked.value)).collect())
    unwritten: dict[int, list[_Unwritten]] = {}
    for doc_j, (doc_i, sent_i, sent_j, score) in strong:
        (span_i, terms_i, shape_i), (span_j, terms_j, shape_j) = (
            found[(doc_i, sent_i)],
            found[(doc_j, sent_j)],
        )
        idf_of = stats.value.idf_of(set(terms_i) | set(terms_j))
        if not states_one_fact((shape_i, shape_j), (terms_i, terms_j), idf_of, params):
            continue
        ranked = shared_terms(terms_i, terms_j, idf_of)
        place = (doc_i, sent_i, doc_j, sent_j)
        unwritten.setdefault(doc_i, []).append((place, span_i, span_j, score, ranked))
    links = context.broadcast(unwritten)
    written = records.flatMap(lambda item: links_written(item[1], links.value, params)).collect()
    for shared in (stats, asked, links):
        shared.unpersist()
    return [link for _, link in sorted(written, key=lambda item: item[0])]
