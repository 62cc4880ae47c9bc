"""Preparing documents for the reuse stages: words, sentences, paragraph facts and furniture.

A document's words, segments, paragraph facts and sentence bags depend on its text alone
(`prepare_parts`), so a runner may compute them anywhere; furniture needs the whole corpus
(a paragraph repeated in many documents), so `assemble` joins the parts in corpus order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from tui.engine.furniture import ParagraphFacts, corpus_furniture, paragraph_facts
from tui.engine.quotes import quoted_words
from tui.engine.rarity import DocumentRarity
from tui.engine.segment import Segments, segment
from tui.engine.sentences import (
    SentenceBags,
    SentenceTerms,
    TermsOfWords,
    TermVocabulary,
    sentence_bags,
    whole_numbers,
    word_term,
)
from tui.engine.tokens import Tokens, tokenize
from tui.model import Document, Furniture
from tui.params import Params


@dataclass(frozen=True)
class PreparedDocument:
    """A document with everything alignment needs: its words, sentences and furniture.

    `comparable` are its sentences as the sentence passes compare them: `sentences`, or,
    with `sentence_max_words`, the same with every longer sentence cut into pieces.
    `rarity`, once the candidate stage has counted it, is how many documents of the corpus
    hold each of its words and shingles; None for documents compared alone, whose rarity is
    unknown."""

    document: Document
    tokens: Tokens
    segments: Segments
    boilerplate: tuple[Furniture, ...]
    sentences: SentenceTerms
    comparable: SentenceTerms
    quoted: bytes  # one byte per word, 1 inside a quotation (`quotes.quoted_words`)
    rarity: DocumentRarity | None = None


@dataclass(frozen=True, slots=True)
class DocumentParts:
    """What one document gives without the rest of the corpus."""

    tokens: Tokens
    segments: Segments
    facts: ParagraphFacts
    sentences: SentenceTerms
    quoted: bytes


@dataclass(frozen=True)
class PreparedCorpus:
    """Prepared documents and the vocabulary their sentence terms are numbered in."""

    documents: list[PreparedDocument]
    vocabulary: TermVocabulary


def text_parts(
    text: str, params: Params, terms_of: TermsOfWords
) -> tuple[Tokens, Segments, ParagraphFacts, SentenceBags, bytes]:
    """Words, segments, paragraph facts, sentence bags and quoted words of one text: what it
    gives alone, before its terms are numbered in the corpus's vocabulary (computable in any
    process)."""
    segments, tokens = segment(text), tokenize(text)
    facts = paragraph_facts(text, segments, params, tokens)
    bags = sentence_bags(text, tokens, segments, params.sentence_min_terms, terms_of)
    return tokens, segments, facts, bags, quoted_words(text, segments, tokens)


def prepare_parts(
    text: str, params: Params, vocabulary: TermVocabulary, terms_of: TermsOfWords
) -> DocumentParts:
    """`text_parts`, with the sentences' terms numbered in `vocabulary`."""
    tokens, segments, facts, bags, quoted = text_parts(text, params, terms_of)
    sentences = SentenceTerms.of(*bags, vocabulary)
    return DocumentParts(tokens, segments, facts, sentences, quoted)


def assemble(
    documents: Sequence[Document],
    parts: Sequence[DocumentParts],
    params: Params,
    vocabulary: TermVocabulary,
) -> list[PreparedDocument]:
    """The prepared documents, in corpus order: each one's parts, its furniture (found
    across the corpus) and its comparable sentences."""
    furniture: list[tuple[Furniture, ...]] = [()] * len(parts)
    if params.page_furniture:
        segments, paragraphs = [p.segments for p in parts], [p.facts for p in parts]
        tokens = [p.tokens for p in parts]
        furniture = corpus_furniture(documents, segments, paragraphs, params, tokens)
    return [
        prepared_document(document, part, spans, params, vocabulary)
        for document, part, spans in zip(documents, parts, furniture, strict=True)
    ]


def prepared_document(
    document: Document,
    part: DocumentParts,
    furniture: tuple[Furniture, ...],
    params: Params,
    vocabulary: TermVocabulary,
) -> PreparedDocument:
    """One document prepared from its parts and its furniture (found across the corpus):
    what `assemble` gives it, for a runner that finds the furniture elsewhere."""
    comparable = comparable_sentences(document.text, part, params.sentence_max_words, vocabulary)
    return PreparedDocument(
        document, part.tokens, part.segments, furniture, part.sentences, comparable, part.quoted
    )


def prepare_corpus(
    documents: Sequence[Document], params: Params, vocabulary: TermVocabulary | None = None
) -> PreparedCorpus:
    """Every document prepared here, one after another, in document order, their terms
    numbered in `vocabulary` (a new one unless given: documents prepared in several calls
    can be compared only if the calls share one)."""
    vocabulary = TermVocabulary() if vocabulary is None else vocabulary
    terms_of = TermsOfWords()
    parts = [prepare_parts(d.text, params, vocabulary, terms_of) for d in documents]
    return PreparedCorpus(assemble(documents, parts, params, vocabulary), vocabulary)


def prepare(
    documents: Sequence[Document], params: Params, vocabulary: TermVocabulary | None = None
) -> list[PreparedDocument]:
    """Words, sentences and boilerplate of every document, in document order (see
    `prepare_corpus`)."""
    return prepare_corpus(documents, params, vocabulary).documents


def comparable_sentences(
    text: str, parts: DocumentParts, max_words: int, vocabulary: TermVocabulary
) -> SentenceTerms:
    """The sentences, with every sentence longer than `max_words` words cut into nearly
    equal pieces no longer than that (none are cut when `max_words` is 0). Text whose
    punctuation was garbled reads as a few "sentences" of hundreds of words, whose bags of
    words are too big to match a reworded counterpart; pieces of a sentence's length can."""
    sentences, tokens = parts.sentences, parts.tokens
    if max_words <= 0 or all(last - first <= max_words for first, last in sentences.words):
        return sentences
    # Each piece's terms, as `sentence_bags` finds a sentence's: the terms of its words.
    word_terms = [word_term(word) for word in whole_numbers(text, tokens)]
    spans: list[tuple[int, int]] = []
    words: list[tuple[int, int]] = []
    terms: list[tuple[str, ...]] = []
    for span, (first, last) in zip(sentences.spans, sentences.words, strict=True):
        count = last - first
        if count <= max_words:
            spans.append(span)
            words.append((first, last))
            terms.append(tuple(filter(None, word_terms[first:last])))
            continue
        parts_count = -(-count // max_words)
        cuts = [first + count * k // parts_count for k in range(parts_count + 1)]
        for lo, hi in pairwise(cuts):
            words.append((lo, hi))
            spans.append((tokens.starts[lo], tokens.ends[hi - 1]))
            terms.append(tuple(filter(None, word_terms[lo:hi])))
    return SentenceTerms.of(tuple(spans), tuple(words), tuple(terms), vocabulary)
