"""The prepare stage on Spark: a map over documents, then the furniture reduction.

Each document is prepared where it lies (`tui.engine.prepare.text_parts`, its word codes,
its shingles); furniture needs the whole corpus, so the paragraph keys of every document are
counted in a reduction and the keys found in `boilerplate_min_docs` documents come back to
every task as a broadcast set. An outlet's furniture (`tui.engine.outlet_furniture`) is found
on the driver, over every document's words and segments, when the corpus has an outlet to
contrast (none has at most half of it: nothing to find, and nothing is collected); its spans
come back to their documents as a broadcast. Term numbers are not given here: a task that compares
documents numbers their terms in a vocabulary of its own (numbers only need to agree among
the documents compared together; they never change an answer).
"""

from __future__ import annotations

import pickle
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from operator import add
from typing import TYPE_CHECKING

import numpy as np

from tui.engine.fingerprint import build_index, word_codes
from tui.engine.furniture import ParagraphFacts, counted_keys, find_boilerplate, merged
from tui.engine.outlet_furniture import outlet_furniture
from tui.engine.prepare import DocumentParts, PreparedDocument, prepared_document, text_parts
from tui.engine.rarity import DocumentRarity
from tui.engine.segment import Segments
from tui.engine.sentences import Ints, SentenceBags, SentenceTerms, TermsOfWords, TermVocabulary
from tui.engine.tokens import Tokens
from tui.model import Document, Furniture
from tui.params import Params

if TYPE_CHECKING:
    from pyspark import RDD
    from pyspark.sql import DataFrame
    from pyspark.sql.types import StructType


@dataclass(frozen=True, slots=True)
class PreparedRecord:
    """One document as the Spark stages hold it: numbered in corpus order, with what it gives
    alone (words, segments, paragraph facts, sentence bags, quoted words, word codes) and its
    furniture."""

    number: int
    document: Document
    tokens: Tokens
    segments: Segments
    facts: ParagraphFacts
    bags: SentenceBags
    quoted: bytes
    codes: Ints
    boilerplate: tuple[Furniture, ...] = ()

    def prepared(
        self, params: Params, vocabulary: TermVocabulary, rarity: DocumentRarity | None = None
    ) -> PreparedDocument:
        """The document as the align and related stages read it, its terms numbered in
        `vocabulary` (one per task: every document a task compares shares it), with its
        words' and shingles' `rarity` in the corpus."""
        sentences = SentenceTerms.of(*self.bags, vocabulary)
        part = DocumentParts(self.tokens, self.segments, self.facts, sentences, self.quoted)
        prepared = prepared_document(self.document, part, self.boilerplate, params, vocabulary)
        return prepared if rarity is None else replace(prepared, rarity=rarity)

    def distinct_codes(self) -> tuple[int, list[int]]:
        """The document's number and its distinct word codes (for counting documents)."""
        return self.number, sorted(set(self.codes.tolist()))


def prepare_partition(
    params: Params, documents: Iterable[tuple[Document, int]]
) -> Iterator[tuple[int, PreparedRecord]]:
    """Every document of a partition prepared (its words' terms memoised across it)."""
    terms_of = TermsOfWords()
    for document, number in documents:
        tokens, segments, facts, bags, quoted = text_parts(document.text, params, terms_of)
        codes = word_codes([tokens.words])
        record = PreparedRecord(
            number,
            document,
            tokens,
            segments,
            facts,
            bags,
            quoted,
            codes[0] if codes else np.zeros(0, np.int64),
        )
        yield number, record


def shingles_of(record: PreparedRecord, shingle_words: int) -> tuple[int, list[int], list[int]]:
    """The document's shingles (`fingerprint.build_index` of its word codes alone: a shingle
    never crosses documents), as its number, their hashes (as signed 64-bit integers, the
    same bits) and their positions."""
    index = build_index([record.codes], shingle_words)
    return record.number, index.hashes.view(np.int64).tolist(), index.positions.tolist()


# A document's counts from the corpus, as the candidate stage sends them: (position, documents)
# of its shingles and (code, documents) of its words that two documents or more hold.
RarityCounts = tuple[list[tuple[int, int]], list[tuple[int, int]]]


def document_rarity(
    record: PreparedRecord, counts: RarityCounts | None, n_documents: int, shingle_words: int
) -> DocumentRarity:
    """How many documents hold each of the document's words and shingles
    (`rarity.DocumentRarity`, as `word_document_counts` and the candidate stage count them):
    1 for what only it holds, 0 where no shingle starts."""
    shingle_counts, word_counts = counts or ([], [])
    held = dict(word_counts)
    codes = record.codes.tolist()
    words = np.fromiter((held.get(c, 1) for c in codes), dtype=np.int32, count=len(codes))
    shingles = np.zeros(len(codes), dtype=np.int32)
    shingles[build_index([record.codes], shingle_words).positions] = 1
    for position, documents in shingle_counts:
        shingles[position] = documents
    return DocumentRarity(words, shingles, n_documents)


def repeated_paragraph_keys(records: RDD[tuple[int, PreparedRecord]], min_docs: int) -> set[str]:
    """`furniture.repeated_keys` as a reduction: paragraph keys in `min_docs` documents."""
    counts = (
        records.flatMap(lambda item: counted_keys(item[1].facts.keys))
        .map(lambda key: (key, 1))
        .reduceByKey(add)
        .filter(lambda item: item[1] >= min_docs)
        .keys()
    )
    return set(counts.collect())


def outlet_spans(
    records: RDD[tuple[int, PreparedRecord]], documents: Sequence[Document], params: Params
) -> dict[int, list[Furniture]]:
    """`outlet_furniture.outlet_furniture` of the corpus, by document number (those with
    any), found on the driver from every document's words and segments; nothing is
    collected when no outlet has at most half of the corpus (it would find nothing)."""
    sizes = Counter(d.source for d in documents)
    if not any(2 * count <= len(documents) for count in sizes.values()):
        return {}
    parts = sorted(records.map(lambda item: (item[0], item[1].tokens, item[1].segments)).collect())
    tokens, segments = [p[1] for p in parts], [p[2] for p in parts]
    found = outlet_furniture(documents, tokens, segments, params)
    return {k: spans for k, spans in enumerate(found) if spans}


def with_furniture(
    params: Params,
    repeated: set[str],
    outlets: dict[int, list[Furniture]],
    item: tuple[int, PreparedRecord],
) -> tuple[int, PreparedRecord]:
    """The record with its furniture spans (`furniture.corpus_furniture`: its paragraphs'
    and its outlet's, spans that overlap joined)."""
    number, record = item
    spans = find_boilerplate(record.document, record.segments, repeated, params, record.facts)
    outlet = outlets.get(number)
    return number, replace(record, boilerplate=merged(spans + outlet) if outlet else tuple(spans))


def pickled(item: tuple[int, PreparedRecord]) -> tuple[int, bytes]:
    """A record as a row of the documents' table (`RECORD_TABLE`): number, pickled record."""
    return item[0], pickle.dumps(item[1], protocol=pickle.HIGHEST_PROTOCOL)


def records_of(table: DataFrame) -> RDD[tuple[int, PreparedRecord]]:
    """The documents' table as records again, unpickled where they are read."""
    return table.rdd.map(lambda row: (row.doc, pickle.loads(row.record)))


def _tables() -> tuple[StructType, StructType, StructType]:
    from pyspark.sql.types import (
        ArrayType,
        BinaryType,
        IntegerType,
        LongType,
        StructField,
        StructType,
    )

    doc = StructField("doc", IntegerType(), False)
    records = StructType([doc, StructField("record", BinaryType(), False)])
    shingles = StructType(
        [
            doc,
            StructField("hashes", ArrayType(LongType(), False), False),
            StructField("positions", ArrayType(IntegerType(), False), False),
        ]
    )
    words = StructType([doc, StructField("codes", ArrayType(LongType(), False), False)])
    return records, shingles, words


# The tables of documents as Spark holds them: pickled records, each document's shingles
# (`shingles_of`) and its distinct word codes (`PreparedRecord.distinct_codes`).
RECORD_TABLE, SHINGLE_TABLE, WORD_TABLE = _tables()
