"""The second tier: sentences of different articles that state the same fact in other words.

Reuse shares text; related sentences share what the text is about: the same rare names,
numbers and content words. Every sentence becomes a tf-idf vector whose idf counts documents
of the whole corpus, so a word most articles use ("Syria" in a corpus about Syria) weighs
little and a rare one ("Khoja", "36") weighs much. Candidate pairs come from an inverted index
of terms (a term in more than `max_shingle_docs` documents indexes nothing), never from all
pairs; pairs already aligned as reuse are left to the first tier.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any

import numpy as np
import numpy.typing as npt

from tui.engine.embeddings import meaning_similarity
from tui.engine.prepare import PreparedDocument
from tui.engine.sentences import SentenceTerms, TermVocabulary, word_term
from tui.engine.tokens import Tokens
from tui.model import Alignment, Related, Span
from tui.params import Params

Ints = npt.NDArray[np.int64]
Int32s = npt.NDArray[np.int32]
AnyInts = npt.NDArray[np.int32] | npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
Floats = npt.NDArray[np.float64]

# Sentence pairs examined at once; bounds the related tier's memory (about 100 bytes each).
_PAIRS_PER_BLOCK = 500_000
_YEARS = (1900, 2099)  # a number in this range dates a fact rather than pinning it down
# A line that opens with a label in capitals and a colon: a widget ("READ MORE:"), a speaker.
_LABEL = re.compile(r"\W*[A-Z][A-Z'’&]+(?:[ \t]+[A-Z][A-Z'’&]+){0,2}[ \t]?:")


@dataclass(frozen=True)
class SentenceTable:
    """Every document's sentences in a few flat arrays: how many each document has, each
    sentence's character span, and their (sentence, term, count) entries, sentences
    numbered across the table and terms by their corpus-wide numbers (`TermVocabulary`), in
    document and sentence order.

    A scan builds it as prepared documents arrive, so that the related tier scores every
    sentence with a few array operations rather than a loop over every document's objects.
    """

    sizes: Int32s
    starts: Int32s
    ends: Int32s
    rows: Int32s
    columns: Int32s
    counts: Int32s


def sentence_table(sentences: Sequence[SentenceTerms]) -> SentenceTable:
    """The table of these documents' sentences (their term numbers are taken, or made)."""
    rows, columns, counts = [], [], []
    total = 0
    for document in sentences:
        entries = document.entries
        rows.append(entries.rows + total)
        columns.append(document.numbers[entries.columns])
        counts.append(entries.counts)
        total += len(document)
    spans = np.fromiter(
        chain.from_iterable(chain.from_iterable(d.spans for d in sentences)),
        dtype=np.int32,
        count=2 * total,
    )
    return SentenceTable(
        sizes=np.fromiter(map(len, sentences), dtype=np.int32, count=len(sentences)),
        starts=spans[0::2].copy(),
        ends=spans[1::2].copy(),
        rows=_joined(rows),
        columns=_joined(columns),
        counts=_joined(counts),
    )


def joined_tables(tables: Sequence[SentenceTable]) -> SentenceTable:
    """One table of the documents of `tables`, in order."""
    offsets = np.cumsum([0, *(len(t.starts) for t in tables)])
    return SentenceTable(
        sizes=_joined([t.sizes for t in tables]),
        starts=_joined([t.starts for t in tables]),
        ends=_joined([t.ends for t in tables]),
        rows=_joined([t.rows + o for t, o in zip(tables, offsets.tolist(), strict=False)]),
        columns=_joined([t.columns for t in tables]),
        counts=_joined([t.counts for t in tables]),
    )


def _joined(parts: Sequence[npt.NDArray[Any]]) -> Int32s:
    return np.concatenate(parts).astype(np.int32) if parts else np.zeros(0, np.int32)


def sentences_in_furniture(furniture: Sequence[Sequence[Span]], table: SentenceTable) -> BoolArray:
    """Which sentences of the table overlap their document's page `furniture`. A document's
    sentences follow one another, so those overlapping one furniture span are a run: the
    first one ending after the span starts up to the last one starting before it ends."""
    document_of = np.repeat(np.arange(len(table.sizes), dtype=np.int64), table.sizes)
    # (document, offset) as one sortable number per sentence start and end
    shift = 32
    starts = (document_of << shift) | table.starts
    ends = (document_of << shift) | table.ends
    flat = [(number, b.start, b.end) for number, spans in enumerate(furniture) for b in spans]
    marks = np.zeros(len(starts) + 1, dtype=np.int64)
    if flat:
        spans = np.asarray(flat, dtype=np.int64)
        first = np.searchsorted(ends, (spans[:, 0] << shift) | spans[:, 1], side="right")
        last = np.searchsorted(starts, (spans[:, 0] << shift) | spans[:, 2], side="left")
        hit = first < last
        np.add.at(marks, first[hit], 1)
        np.add.at(marks, last[hit], -1)
    return np.cumsum(marks[:-1]) > 0


@dataclass(frozen=True)
class _Sentences:
    """The sentences outside page furniture, numbered in document order, with their spans
    and their entries (as in `SentenceTable`: rows in sentence order, 32-bit like the
    table's, which a corpus's sentences and terms fit; counts are exact in any type)."""

    document: Ints  # document number of each sentence
    starts: Int32s
    ends: Int32s
    rows: Int32s
    columns: Int32s
    counts: Int32s

    def __len__(self) -> int:
        return len(self.document)

    def span(self, i: int) -> tuple[int, int]:
        """Sentence `i`'s character span in its document."""
        return int(self.starts[i]), int(self.ends[i])

    def terms(self, i: int, spellings: Sequence[str]) -> list[str]:
        """Sentence `i`'s distinct terms, each once (`spellings` holds each term at its
        number): the same set of terms as its document's `SentenceTerms.terms` holds."""
        # keys of the rows' own type: other keys would have numpy convert all the rows
        keys = np.array((i, i + 1), dtype=self.rows.dtype)
        first, last = np.searchsorted(self.rows, keys).tolist()
        return [spellings[n] for n in self.columns[first:last].tolist()]


def _sentences(in_furniture: BoolArray, table: SentenceTable) -> _Sentences:
    sizes = table.sizes.astype(np.int64)
    kept = ~in_furniture
    numbers = np.cumsum(kept, dtype=np.int32) - 1  # each kept sentence's number, furniture gone
    entry_kept = kept[table.rows]
    document_of = np.repeat(np.arange(len(sizes), dtype=np.int64), sizes)
    return _Sentences(
        document=document_of[kept],
        starts=table.starts[kept],
        ends=table.ends[kept],
        rows=numbers[table.rows[entry_kept]],
        columns=table.columns[entry_kept],
        counts=table.counts[entry_kept],
    )


def _covered(span: Span, other: Span, reuse: dict[tuple[str, str], list[Alignment]]) -> bool:
    """Whether the two sentences are already inside one reuse alignment of their documents."""
    for al in reuse.get((span.doc, other.doc), ()):
        if span.overlap(al.a) and other.overlap(al.b):
            return True
    for al in reuse.get((other.doc, span.doc), ()):
        if other.overlap(al.a) and span.overlap(al.b):
            return True
    return False


def is_specific_number(term: str, smallest: int) -> bool:
    """A number that pins down a fact ("36 civilians"): not a small count, which any two
    reports share by chance, and not a year, which dates rather than identifies."""
    if not term.isdigit():
        return False
    value = int(term)
    return value >= smallest and not _YEARS[0] <= value <= _YEARS[1]


def _by_first_appearance(sentences: _Sentences, spellings: Sequence[str]) -> tuple[list[str], Ints]:
    """The distinct terms in order of first appearance (`spellings` holds each term at its
    number), and each entry's term numbered in that order (the order fixes how scores are
    summed, so it is the same on every run, whatever numbers the terms were given)."""
    numbers, first, inverse = np.unique(sentences.columns, return_index=True, return_inverse=True)
    by_appearance = np.argsort(first, kind="stable")
    rank = np.empty(len(first), dtype=np.int64)
    rank[by_appearance] = np.arange(len(first))
    terms = [spellings[n] for n in numbers[by_appearance].tolist()]
    return terms, rank[inverse.ravel()]


def _related_pairs(
    prepared: Sequence[PreparedDocument],
    sentences: _Sentences,
    params: Params,
    spellings: Sequence[str],
) -> list[tuple[int, int, float, list[str]]]:
    """Every pair of sentences of different documents with a tf-idf cosine of at least
    `related_min_score`: (sentence, sentence, score, shared terms rarest first), numbered as
    in `sentences`."""
    if not len(sentences.rows):
        return []
    terms, column_of = _by_first_appearance(sentences, spellings)
    frequency, idf = _document_frequency(sentences, column_of, len(terms), len(prepared))
    postings = _postings(sentences, terms, column_of, frequency, idf, params)
    if postings is None:
        return []
    post_rows, post_weights, partners = postings
    n_sentences = len(sentences)
    keys, score = linked_sentences(
        post_rows, post_weights, partners, sentences.document, n_sentences, params
    )
    idf_of = dict(zip(terms, idf.tolist(), strict=True))
    # A sentence of a story run by many outlets links to each of them: its terms and its
    # shape are found once.
    terms_of: dict[int, list[str]] = {}
    shape_of: dict[int, SentenceShape] = {}

    def terms_and_shape(i: int) -> tuple[list[str], SentenceShape]:
        if i not in shape_of:
            terms_of[i] = sentences.terms(i, spellings)
            shape_of[i] = _shape(prepared, sentences, i)
        return terms_of[i], shape_of[i]

    found = []
    for key, value in zip(keys.tolist(), score.tolist(), strict=True):
        i, j = divmod(key, n_sentences)
        (terms_i, shape_i), (terms_j, shape_j) = terms_and_shape(i), terms_and_shape(j)
        shapes = (shape_i, shape_j)
        if not states_one_fact(shapes, (terms_i, terms_j), idf_of, params):
            continue
        found.append((i, j, round(value, 3), shared_terms(terms_i, terms_j, idf_of)))
    return found


def linked_sentences(
    post_rows: Ints,
    post_weights: Floats,
    partners: Ints,
    document_of: Ints,
    n_sentences: int,
    params: Params,
    within: range | None = None,
) -> tuple[Ints, Floats]:
    """Pair keys (`i * n_sentences + j`, `i < j`, sorted) and cosines of the sentence pairs
    of different documents that link, from the postings (`posting_partners`); only the pairs
    whose lower sentence `i` is `within`, when given. A pair's products are added in the
    order of its terms in the postings."""
    keys_found: list[Ints] = [np.zeros(0, np.int64)]
    scores_found: list[Floats] = [np.zeros(0, np.float64)]
    for rows in _row_blocks(post_rows, partners, n_sentences, _PAIRS_PER_BLOCK):
        if within is not None:
            rows = range(max(rows.start, within.start), min(rows.stop, within.stop))
            if not rows:
                continue
        block_keys, block_scores = _block_pairs(
            rows, post_rows, post_weights, partners, document_of, n_sentences, params
        )
        keys_found.append(block_keys)
        scores_found.append(block_scores)
    return np.concatenate(keys_found), np.concatenate(scores_found)


def shared_terms(
    terms_a: Sequence[str], terms_b: Sequence[str], idf_of: Mapping[str, float]
) -> list[str]:
    """The terms two linked sentences share, rarest first (by `idf_of`), then by spelling."""
    return sorted(set(terms_a) & set(terms_b), key=lambda t: (-idf_of[t], t))


def states_one_fact(
    shapes: tuple[SentenceShape, SentenceShape],
    terms: tuple[Sequence[str], Sequence[str]],
    idf: Mapping[str, float],
    params: Params,
) -> bool:
    """Whether two sentences that share rare terms can state one fact: both read as
    sentences (not a label or a fragment), and what
    they share is more than names: rare content words or specific numbers that weigh
    `related_min_evidence` (idf summed) and are `related_min_cover` of the lighter
    sentence's own content. Two reports that name the same people state different facts."""
    if not all(shape.reads_as_sentence(params) for shape in shapes):
        return False
    # a name: written capitalised (after a sentence's first word) and never in lower case
    names = (shapes[0].capitalised_terms | shapes[1].capitalised_terms) - (
        shapes[0].lower_terms | shapes[1].lower_terms
    )

    def content(bag: Sequence[str]) -> set[str]:
        return {
            t
            for t in bag
            if t not in names
            and (not t.isdigit() or is_specific_number(t, params.related_specific_number))
        }

    def weight(bag: set[str]) -> float:  # a specific number weighs as in the score
        boost = params.related_number_weight
        return sum(idf.get(t, 0.0) * (boost if t.isdigit() else 1.0) for t in bag)

    own_a, own_b = content(terms[0]), content(terms[1])
    shared = weight(own_a & own_b)
    lighter = min(weight(own_a), weight(own_b))
    return shared >= params.related_min_evidence and shared >= params.related_min_cover * lighter


@dataclass(frozen=True)
class SentenceShape:
    """How one sentence reads: its words, whether it opens with a label, and the terms it
    writes capitalised and in lower case after its first word."""

    words: int
    label: bool
    capitalised_terms: frozenset[str]
    lower_terms: frozenset[str]

    def reads_as_sentence(self, params: Params) -> bool:
        return self.words >= params.related_min_words and not self.label


def sentence_shape(tokens: Tokens, text: str, span: tuple[int, int]) -> SentenceShape:
    """The shape of the sentence at `span` of `text`, whose words are `tokens`."""
    start, end = span
    first, last = bisect_left(tokens.starts, start), bisect_left(tokens.starts, end)
    lower: set[str] = set()
    upper: set[str] = set()
    for k in range(first + 1, last):
        term = word_term(tokens.words[k])
        if term:
            (upper if text[tokens.starts[k]].isupper() else lower).add(term)
    label = _LABEL.match(text, start, end) is not None
    return SentenceShape(last - first, label, frozenset(upper), frozenset(lower))


def _shape(prepared: Sequence[PreparedDocument], sentences: _Sentences, i: int) -> SentenceShape:
    document = prepared[int(sentences.document[i])]
    return sentence_shape(document.tokens, document.document.text, sentences.span(i))


def _document_frequency(
    sentences: _Sentences, column_of: Ints, n_terms: int, n_documents: int
) -> tuple[Floats, Floats]:
    """Each term's number of documents, and its idf over the corpus's documents."""
    # distinct (term, document) pairs by sorting: numpy 2's hash-based np.unique is ~50x
    # slower on a million spread-out integers
    in_documents = np.sort(column_of * n_documents + sentences.document[sentences.rows])
    in_documents = in_documents[np.r_[True, in_documents[1:] != in_documents[:-1]]]
    frequency = np.bincount(in_documents // n_documents, minlength=n_terms).astype(np.float64)
    return frequency, term_idf(frequency, n_documents)


def term_idf(frequency: Floats, n_documents: int) -> Floats:
    """Each term's idf, from how many of the corpus's `n_documents` hold it."""
    idf: Floats = np.log((n_documents + 1) / frequency) + 1.0
    return idf


def term_boost(terms: Sequence[str], params: Params) -> Floats:
    """Each term's weight in a link: `related_number_weight` for a specific number, else 1."""
    boost = np.ones(len(terms), dtype=np.float64)
    for column, term in enumerate(terms):
        if is_specific_number(term, params.related_specific_number):
            boost[column] = params.related_number_weight
    return boost


def indexable_terms(frequency: Floats, params: Params) -> BoolArray:
    """Terms that index sentences: rare enough to be evidence, present in two documents."""
    indexable: BoolArray = (frequency >= 2) & (frequency <= params.max_shingle_docs)
    return indexable


def posting_weights(
    rows: AnyInts,
    columns: Ints,
    counts: npt.NDArray[np.int32 | np.float64],
    idf: Floats,
    boost: Floats,
    n_sentences: int,
) -> Floats:
    """Each (sentence, term) entry's weight in a link's score: tf-idf, unit-normalised per
    sentence over all its terms (summed in entry order), times the root of the term's boost:
    a specific number counts `related_number_weight` times when both sentences hold it, and
    one held by a sentence alone costs no more than any other term."""
    weight = counts * idf[columns]
    norms = np.sqrt(np.bincount(rows, weights=weight * weight, minlength=n_sentences))
    weight /= np.maximum(norms[rows], 1e-12)
    posted: Floats = weight * np.sqrt(boost[columns])
    return posted


def posting_partners(post_columns: Ints) -> Ints:
    """How many entries follow each posting in its term's list (postings sorted by term,
    then sentence): each sentence pair is met once per shared term, from its lower-numbered
    sentence."""
    group_starts = np.flatnonzero(np.r_[True, post_columns[1:] != post_columns[:-1]])
    group_ends = np.r_[group_starts[1:], len(post_columns)]
    group_of = np.cumsum(np.r_[True, post_columns[1:] != post_columns[:-1]]) - 1
    partners: Ints = group_ends[group_of] - np.arange(len(post_columns)) - 1
    return partners


def _postings(
    sentences: _Sentences,
    terms: Sequence[str],
    column_of: Ints,
    frequency: Floats,
    idf: Floats,
    params: Params,
) -> tuple[Ints, Floats, Ints] | None:
    """The posting lists of indexable terms (rare enough to be evidence, present in two
    documents), end to end by term: each entry's sentence, its unit tf-idf weight (a
    specific number's boosted), and how many entries follow it in its term's list (each
    sentence pair is met once per shared term, from its lower-numbered sentence)."""
    row_of, counts = sentences.rows, sentences.counts
    boost = term_boost(terms, params)
    weight = posting_weights(row_of, column_of, counts, idf, boost, len(sentences))
    keep = indexable_terms(frequency, params)[column_of]
    order = np.lexsort((row_of[keep], column_of[keep]))
    # 64-bit again: pair keys multiply sentence numbers
    post_rows, post_columns = row_of[keep][order].astype(np.int64), column_of[keep][order]
    post_weights = weight[keep][order]
    if not len(post_rows):
        return None
    return post_rows, post_weights, posting_partners(post_columns)


def _row_blocks(post_rows: Ints, partners: Ints, n_sentences: int, budget: int) -> list[range]:
    """Ranges of sentence numbers whose pairs (counted from their lower sentence) number at
    most about `budget` each: the pairs of one range at a time are all that is ever held."""
    per_row = np.bincount(post_rows, weights=partners, minlength=n_sentences)
    running = np.cumsum(per_row)
    blocks, start = [], 0
    while start < n_sentences:
        done = running[start - 1] if start else 0.0
        stop = int(np.searchsorted(running, done + budget, side="right"))
        stop = max(stop, start + 1)
        blocks.append(range(start, min(stop, n_sentences)))
        start = stop
    return blocks


def _block_pairs(
    rows: range,
    post_rows: Ints,
    post_weights: Floats,
    partners: Ints,
    document_of: Ints,
    n_sentences: int,
    params: Params,
) -> tuple[Ints, Floats]:
    """Pair keys (`i * n_sentences + j`, sorted) and cosines of the linked sentence pairs
    whose lower sentence `i` is in `rows`."""
    firsts = np.flatnonzero((post_rows >= rows.start) & (post_rows < rows.stop))
    counts = partners[firsts]
    total = int(counts.sum())
    if total == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.float64)
    first = np.repeat(firsts, counts)
    second = first + 1 + np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    different = document_of[post_rows[first]] != document_of[post_rows[second]]
    first, second = first[different], second[different]
    keys, inverse = np.unique(
        post_rows[first] * n_sentences + post_rows[second], return_inverse=True
    )
    shared = np.bincount(inverse)
    # cosine over the indexable terms: stock words add nothing to "the same fact"
    products = post_weights[first] * post_weights[second]
    score = np.minimum(1.0, np.bincount(inverse, weights=products))
    wanted = (shared >= params.related_min_terms) & (score >= params.related_min_score)
    return keys[wanted], score[wanted]


def _as_written(tokens: Tokens, span: tuple[int, int], terms: list[str]) -> list[str]:
    """Each stemmed term as the sentence writes it ("airspace", not the stem "airspac"), so
    the words that explain a link read as words."""
    first, last = bisect_left(tokens.starts, span[0]), bisect_left(tokens.starts, span[1])
    wanted, written = set(terms), {}
    for word in tokens.words[first:last]:
        term = word_term(word)
        if term in wanted and term not in written:
            written[term] = word
            if len(written) == len(wanted):
                break
    return [written.get(term, term) for term in terms]


def candidate_links(
    prepared: Sequence[PreparedDocument],
    params: Params,
    vocabulary: TermVocabulary,
    table: SentenceTable | None = None,
    in_furniture: BoolArray | None = None,
) -> list[Related]:
    """Every same-fact link between sentences of different documents, each with the shared
    terms that explain it (rarest first), before reuse is set aside. It needs no alignments,
    so a scan computes it before the reuse stages; `table` is the documents' sentence
    table, if the caller has it already; `vocabulary` numbered their terms. Sentences inside
    furniture link nothing: `in_furniture` says which of the table's sentences those are
    (`sentences_in_furniture`), if the caller has it."""
    if table is None:
        table = sentence_table([p.sentences for p in prepared])
    if in_furniture is None:
        in_furniture = sentences_in_furniture([p.boilerplate for p in prepared], table)
    sentences = _sentences(in_furniture, table)
    links = []
    spellings = vocabulary.spellings()
    for i, j, score, terms in _related_pairs(prepared, sentences, params, spellings):
        document_a, document_b = prepared[sentences.document[i]], prepared[sentences.document[j]]
        span_a = Span(document_a.document.id, *sentences.span(i))
        span_b = Span(document_b.document.id, *sentences.span(j))
        links.append(related_link(document_a.tokens, span_a, span_b, score, terms, params))
    if params.related_min_meaning > 0:
        texts = {p.document.id: p.document.text for p in prepared}
        links = same_meaning(texts, links, params.related_min_meaning)
    return links


def related_link(
    tokens_a: Tokens, span_a: Span, span_b: Span, score: float, terms: list[str], params: Params
) -> Related:
    """The link between sentence `span_a` (of the document whose words are `tokens_a`, the
    earlier of the two in the corpus) and `span_b`: its `related_shown_terms` rarest shared
    terms as `span_a` writes them, its two sentences in span order."""
    shown = _as_written(tokens_a, (span_a.start, span_a.end), terms[: params.related_shown_terms])
    if span_b < span_a:
        span_a, span_b = span_b, span_a
    return Related(span_a, span_b, score, tuple(shown))


def same_meaning(texts: Mapping[str, str], links: list[Related], least: float) -> list[Related]:
    """The links whose two sentences mean the same, by the embeddings extra's cosine (`texts`
    are the documents' texts by id)."""
    pairs = [
        (texts[r.a.doc][r.a.start : r.a.end], texts[r.b.doc][r.b.start : r.b.end]) for r in links
    ]
    similarity = meaning_similarity(pairs)
    return [r for r, value in zip(links, similarity, strict=True) if value >= least]


def without_reuse(links: Sequence[Related], alignments: Sequence[Alignment]) -> list[Related]:
    """The links whose two sentences are not already inside one reuse alignment, strongest
    first: copied text belongs to the first tier."""
    reuse: dict[tuple[str, str], list[Alignment]] = defaultdict(list)
    for al in alignments:
        reuse[(al.a.doc, al.b.doc)].append(al)
    kept = [link for link in links if not _covered(link.a, link.b, reuse)]
    return sorted(kept, key=lambda r: (-r.score, r.a, r.b))


def find_related(
    prepared: Sequence[PreparedDocument],
    alignments: Sequence[Alignment],
    params: Params,
    vocabulary: TermVocabulary,
) -> list[Related]:
    """Same-fact links between sentences of different documents that are not reuse, strongest
    first, each with the shared terms that explain it (rarest first)."""
    return without_reuse(candidate_links(prepared, params, vocabulary), alignments)
