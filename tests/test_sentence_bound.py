"""The bound in front of the sentence passes sets aside only comparisons that cannot change a
pair's passages: `finish_pair` finds the same passages from what is left, on made-up pairs
that copy, reword and repeat sentences, and on real news, in both presets."""

from __future__ import annotations

import dataclasses

import pytest
from conftest import SHARED_BENCH, candidates_of
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.engine.align import finish_pair, shingle_alignments, wants_sentences
from tui.engine.load import load_corpus
from tui.engine.prepare import PreparedDocument, prepare
from tui.engine.sentence_bound import sentences_to_compare
from tui.engine.similarity import similar_sentences_many
from tui.model import Document
from tui.params import PRESETS, Params

# Sentences drawn from a small pool, so that documents copy some, reword some (a word
# changed or dropped) and repeat some: precise passages, loose ones and neither.
_POOL = [
    "The central bank raised interest rates by half a point on Tuesday",
    "Oil exports from the northern fields fell sharply in the first quarter",
    "The minister said the harvest would recover once the rains returned",
    "Shareholders approved the merger of the two largest grain traders",
    "Police said three people were injured when the bridge collapsed",
    "The company expects quarterly profit to double from a year earlier",
    "Flooding closed the main railway line between the port and the capital",
]
_EDIT = st.sampled_from(["", "drop", "swap", "word"])


def _sentence(index: int, edit: str) -> str:
    words = _POOL[index].split()
    if edit == "drop":
        del words[3]
    elif edit == "swap":
        words[2], words[3] = words[3], words[2]
    elif edit == "word":
        words[-1] = "yesterday"
    return " ".join(words) + "."


_DOCUMENT = st.lists(
    st.tuples(st.integers(0, len(_POOL) - 1), _EDIT).map(lambda pair: _sentence(*pair)),
    min_size=1,
    max_size=7,
).map(" ".join)

SETTINGS = {
    "default": Params(),
    "pan": PRESETS["pan"],
    # both rules that turn passes off, on: the copy rule and the summary pass
    "copy and summary": dataclasses.replace(
        Params(), copy_similarity=95.0, summary_max_gap=3, sentence_min_seeds=1
    ),
}


def _check_pairs(prepared: list[PreparedDocument], params: Params) -> tuple[int, int]:
    """Asserts, for every candidate pair whose sentences are compared, that the bounded
    comparison gives the same passages; returns how many pairs were wanted and how many the
    bound spared any comparison or some of it."""
    pairs = candidates_of(prepared, params)
    firsts = []
    for k in range(len(pairs)):
        a, b = prepared[pairs.doc_a[k]], prepared[pairs.doc_b[k]]
        seeds_a, seeds_b = (s.tolist() for s in pairs.seeds(k))
        found = shingle_alignments(a, b, seeds_a, seeds_b, params)
        if wants_sentences(a, b, found, len(seeds_a), params):
            firsts.append((a, b, found, sentences_to_compare(a, b, found, params)))
    cosine, dice = params.sentence_min_cosine, params.sentence_min_dice
    every = similar_sentences_many(
        [(a.comparable, b.comparable) for a, b, _, _ in firsts], cosine, dice
    )
    asked = [(k, first) for k, first in enumerate(firsts) if first[3] is not None]
    bounded_lists = similar_sentences_many(
        [(a.comparable, b.comparable) for _, (a, b, _, _) in asked],
        cosine,
        dice,
        [(c.rows_a, c.rows_b) for _, (_, _, _, c) in asked if c is not None],
    )
    bounded: dict[int, list[tuple[int, int]]] = {
        k: found for (k, _), found in zip(asked, bounded_lists, strict=True)
    }
    spared = 0
    for k, (a, b, found, compared) in enumerate(firsts):
        similar = bounded.get(k, [])
        if compared is None or compared.rows_a is not None:
            spared += 1
        if compared is not None:
            rows_a, rows_b = compared.rows_a, compared.rows_b
            # the batch reports exactly the similar pairs both masks hold
            assert similar == [
                (i, j)
                for i, j in every[k]
                if (rows_a is None or rows_a[i]) and (rows_b is None or rows_b[j])
            ]
        full = finish_pair(a, b, list(found), params, sentences=True, similar=every[k])
        cut = finish_pair(a, b, list(found), params, sentences=True, similar=similar)
        assert cut == full, (a.document.id, b.document.id, every[k], similar)
    return len(firsts), spared


@pytest.mark.parametrize("name", sorted(SETTINGS))
@settings(max_examples=60, deadline=None)
@given(st.lists(_DOCUMENT, min_size=2, max_size=5))
def test_bounded_comparisons_give_the_same_passages(name: str, texts: list[str]) -> None:
    params = SETTINGS[name]
    documents = [Document(f"d{k}", text) for k, text in enumerate(texts)]
    _check_pairs(prepare(documents, params), params)


def test_a_copied_pair_needs_no_sentence_comparison() -> None:
    text = " ".join(_sentence(k, "") for k in range(len(_POOL)))
    a, b = prepare([Document("a", text), Document("b", text)], Params())
    pairs = candidates_of([a, b], Params())
    seeds = [s.tolist() for s in pairs.seeds(0)]
    found = shingle_alignments(a, b, *seeds, Params())
    assert found and sentences_to_compare(a, b, found, Params()) is None


@pytest.mark.skipif(
    not (SHARED_BENCH / "newsarticles.jsonl").exists(),
    reason="the shared benchmark data (../shared/bench) is not present",
)
@pytest.mark.parametrize("name", ["default", "pan"])
def test_bounded_comparisons_on_real_news(name: str) -> None:
    params = SETTINGS[name]
    documents = load_corpus([SHARED_BENCH / "newsarticles.jsonl"]).documents[:500]
    wanted, spared = _check_pairs(prepare(documents, params), params)
    assert wanted > 100
    if name == "default":  # (pan's summary pass reads every pair it does not rule out)
        assert spared > wanted // 10  # the bound spares work on news, not only in theory
