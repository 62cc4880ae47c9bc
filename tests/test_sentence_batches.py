"""Sentence similarity computed for many document pairs at once must give exactly what the
one-pair functions give: the batch is a speed-up, never a different answer."""

from __future__ import annotations

from conftest import candidates_of
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.engine.align import align_pair
from tui.engine.prepare import prepare
from tui.engine.sentences import SentenceTerms, TermVocabulary
from tui.engine.similarity import similar_sentences, similar_sentences_many, vectorise
from tui.model import Document
from tui.params import PRESETS, Params
from tui.runners.local import align_range, prepare_on_cores

# A small vocabulary, so that random sentences share terms often and in many ways.
_TERMS = st.sampled_from([f"t{k}" for k in range(12)])
_SENTENCE = st.lists(_TERMS, min_size=1, max_size=8).map(tuple)
_DOCUMENT = st.lists(_SENTENCE, min_size=0, max_size=7)
# One vocabulary for all the made-up sentences: only sentences numbered in one are compared.
_VOCABULARY = TermVocabulary()


def _sentence_terms(sentences: list[tuple[str, ...]]) -> SentenceTerms:
    """Sentences of made-up terms, with made-up but consistent spans and word ranges."""
    spans = tuple((10 * k, 10 * k + 9) for k in range(len(sentences)))
    words = tuple((8 * k, 8 * k + len(s)) for k, s in enumerate(sentences))
    return SentenceTerms.of(spans, words, tuple(sentences), _VOCABULARY)


def _one_by_one(
    pairs: list[tuple[SentenceTerms, SentenceTerms]], cosine: float, dice: float
) -> list[list[tuple[int, int]]]:
    return [
        similar_sentences(vectorise(a, b), cosine, dice) if len(a) and len(b) else []
        for a, b in pairs
    ]


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(_DOCUMENT, _DOCUMENT), min_size=1, max_size=6),
    st.sampled_from([0.0, 0.2, 0.33, 0.6]),
    st.sampled_from([0.0, 0.33, 0.5]),
)
def test_a_batch_finds_the_same_sentence_pairs_as_one_pair_at_a_time(
    documents: list[tuple[list[tuple[str, ...]], list[tuple[str, ...]]]],
    cosine: float,
    dice: float,
) -> None:
    pairs = [(_sentence_terms(a), _sentence_terms(b)) for a, b in documents]
    assert similar_sentences_many(pairs, cosine, dice) == _one_by_one(pairs, cosine, dice)


def test_one_document_in_several_pairs_of_a_batch_is_compared_with_each() -> None:
    shared = _sentence_terms([("flood", "river", "bridge"), ("levy", "water", "bills")])
    other = _sentence_terms([("levy", "water", "bills", "pensioners")])
    unrelated = _sentence_terms([("match", "goal", "striker")])
    empty = _sentence_terms([])
    pairs = [(shared, other), (shared, unrelated), (empty, shared), (other, shared)]
    found = similar_sentences_many(pairs, 0.33, 0.33)
    assert found == [[(1, 0)], [], [], [(0, 1)]]
    assert found == _one_by_one(pairs, 0.33, 0.33)


def _pairs_of(documents: list[Document], params: Params) -> list[list[object]]:
    """Every candidate pair's alignments, by the scan's two-phase tasks and by `align_pair`."""
    prepared = prepare(documents, params)
    pairs = candidates_of(prepared, params)
    todo = list(range(len(pairs)))
    batched = align_range((prepared, pairs, todo, params), (0, len(todo)))
    single = []
    for k in todo:
        seeds_a, seeds_b = pairs.seeds(k)
        a, b = prepared[pairs.doc_a[k]], prepared[pairs.doc_b[k]]
        single.append(align_pair(a, b, seeds_a.tolist(), seeds_b.tolist(), params))
    assert batched == single
    return [list(found) for found in batched]


def test_the_scan_tasks_align_the_seed_articles_as_align_pair_does(
    seed_documents: dict[str, Document],
) -> None:
    documents = list(seed_documents.values())
    found = _pairs_of(documents, Params())
    assert any(found), "the seed articles share passages"
    assert any(_pairs_of(documents, PRESETS["pan"]))


def test_documents_prepared_on_two_cores_align_as_those_prepared_here(
    seed_documents: dict[str, Document],
) -> None:
    documents = list(seed_documents.values())
    params = Params()
    here = prepare(documents, params)
    corpus = prepare_on_cores(documents, params, workers=2).corpus
    forked = corpus.documents
    for document in forked:
        # Numbered on arrival, chunk by chunk, in the corpus's vocabulary.
        sentences = document.sentences
        assert sentences.vocabulary is corpus.vocabulary
        expected = corpus.vocabulary.number(sentences.entries.distinct)
        assert sentences.numbers.tolist() == expected.tolist()
        assert sentences.numbers[sentences.number_order].tolist() == sorted(expected.tolist())
    pairs = candidates_of(here, params)
    todo = list(range(len(pairs)))
    forked_found = align_range((forked, pairs, todo, params), (0, len(todo)))
    assert any(forked_found)
    assert forked_found == align_range((here, pairs, todo, params), (0, len(todo)))
