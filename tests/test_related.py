"""The related tier: sentences that state the same fact in other words, with the terms why."""

from __future__ import annotations

import tui.runners.local
from tui.engine.fingerprint import word_codes
from tui.engine.prepare import prepare
from tui.engine.related import is_specific_number, sentence_table, sentences_in_furniture
from tui.engine.segment import segment
from tui.engine.sentences import SentenceTerms, TermVocabulary, sentence_bags, sentence_terms
from tui.engine.tokens import tokenize
from tui.index.export import from_dict, to_dict
from tui.model import Document
from tui.params import Params
from tui.runners.local import prepare_on_cores, scan

FACT_A = Document(
    "a",
    "Rescue teams worked through the night in the mountains. "
    "Officials in Kandahar said 36 civilians died when floodwaters swept away the Zharey bridge "
    "on Tuesday. Schools will stay closed this week.",
)
FACT_B = Document(
    "b",
    "The Zharey bridge collapse under floodwaters on Tuesday killed 36 civilians, according to "
    "Kandahar officials. Farmers lost most of their crops to the rains.",
)
UNRELATED = Document(
    "c",
    "The central bank kept interest rates unchanged on Thursday and signalled that inflation "
    "would fall next year. Markets rose slightly after the decision.",
)


def test_same_fact_in_other_words_is_related_with_its_rare_terms() -> None:
    result = scan([FACT_A, FACT_B, UNRELATED])
    assert not result.clusters  # not reuse: hardly a phrase in common
    assert len(result.related) == 1
    link = result.related[0]
    assert (link.a.doc, link.b.doc) == ("a", "b")
    assert FACT_A.text[link.a.start : link.a.end].startswith("Officials in Kandahar said 36")
    assert FACT_B.text[link.b.start : link.b.end].startswith("The Zharey bridge collapse")
    assert {"36", "zharey", "kandahar"} <= set(link.terms)
    assert 0 < link.score <= 1


def test_reuse_is_not_repeated_as_related() -> None:
    copy = Document("copy", FACT_A.text)
    result = scan([FACT_A, copy, FACT_B])
    assert result.clusters
    reused = [(al.a, al.b) for _, al in result.alignments]
    for link in result.related:
        assert not any(link.a.overlap(a) and link.b.overlap(b) for a, b in reused)
        assert not any(link.a.overlap(b) and link.b.overlap(a) for a, b in reused)


def test_related_links_on_the_seeds_are_sentences_of_different_articles(seed_documents) -> None:
    result = scan(list(seed_documents.values()))
    texts = {d.id: d.text for d in result.documents}
    for link in result.related:
        assert link.a.doc != link.b.doc
        assert link.terms
        for span in (link.a, link.b):
            passage = texts[span.doc][span.start : span.end]
            assert passage and passage == passage.strip()


def test_related_links_survive_the_export_round_trip(seed_documents) -> None:
    result = scan([FACT_A, FACT_B, UNRELATED])
    data = to_dict(result)
    assert data["related"][0]["terms"]
    again = from_dict(data, {d.id: d.text for d in result.documents})
    assert again.related == result.related


def test_specific_numbers_are_evidence_but_years_and_small_counts_are_not() -> None:
    smallest = Params().related_specific_number
    assert is_specific_number("36", smallest)
    assert is_specific_number("250", smallest)
    assert not is_specific_number("2015", smallest)
    assert not is_specific_number("3", smallest)
    assert not is_specific_number("civilians", smallest)


NUMBER_A = Document(
    "na",
    "Heavy fighting continued near the border overnight. The opposition council said 47 "
    "villagers were killed as a result of the shelling. Aid convoys were turned back at the "
    "checkpoint.",
)
NUMBER_B = Document(
    "nb",
    "Hamid said 47 villagers had been killed in areas held by neither army. Talks are due to "
    "resume next week.",
)
OTHER_REPORTS = [
    Document(
        f"other{k}",
        f"Officials said {k + 2} people were killed on {day} in the region. The council met "
        "to discuss the budget and the villagers asked for new roads.",
    )
    for k, day in enumerate(("Monday", "Tuesday", "Friday"))
]


def test_a_shared_specific_number_links_one_fact_told_in_other_words() -> None:
    documents = [NUMBER_A, NUMBER_B, *OTHER_REPORTS]
    linked = scan(documents).related
    assert [(r.a.doc, r.b.doc) for r in linked if "47" in r.terms] == [("na", "nb")]
    unweighted = scan(documents, Params(related_number_weight=1.0)).related
    assert not any("47" in r.terms for r in unweighted)


def _terms_of(text: str) -> list[str]:
    """The distinct terms of the text's sentences, as the related tier reads them."""
    entries = sentence_terms(
        text, tokenize(text), segment(text), Params().sentence_min_terms, TermVocabulary()
    ).entries
    return list(entries.distinct)


def test_a_number_written_in_groups_is_one_term() -> None:
    terms = _terms_of("Police said 5,000 people called 1800 666 111 after the 53.5 km race.")
    assert "5000" in terms and "1800666111" in terms and "535" in terms
    # its groups are not numbers of their own: "53" must not match "53 people" elsewhere
    assert not {"5", "000", "1800", "666", "111", "53"} & set(terms)


def test_numbers_side_by_side_stay_apart() -> None:
    terms = _terms_of("In 2015 50 people were hurt on March 3 2016 in the stampede near Kabul.")
    assert {"2015", "50", "2016"} <= set(terms)


def test_a_shared_phone_number_counts_as_one_number_not_three() -> None:
    appeal_a = Document(
        "appeal-a",
        "Gardai are appealing for witnesses to a collision on the N7 near Naas on Sunday night. "
        "Anyone with information is asked to contact the confidential line on 1800 666 111.",
    )
    appeal_b = Document(
        "appeal-b",
        "A teenager was reported missing from his home in Tallaght last Friday evening. "
        "His family urged anyone who saw him to ring the garda line on 1800 666 111 at once.",
    )
    links = scan([appeal_a, appeal_b, UNRELATED]).related
    shared = {term for link in links for term in link.terms}
    assert not {"1800", "666", "111"} & shared
    # weighed once, the number alone leaves the two appeals barely above the threshold
    assert all(link.score < 0.55 for link in links)


def _documents_with_furniture() -> list[Document]:
    """Articles with page furniture between and after their sentences, and one without any
    sentence at all, in several prepare chunks."""
    furniture = "Share this article\n\nFollow us on Twitter for more local news."
    texts = [
        f"{FACT_A.text}\n\n{furniture}\n\nThe bridge reopened on Friday, officials said.",
        f"{FACT_B.text}\n\n{furniture}",
        "Hi.",
        UNRELATED.text,
        f"{furniture}\n\n{FACT_B.text} The Zharey bridge was rebuilt in 1998.",
    ]
    return [Document(f"d{k}", text) for k, text in enumerate(texts)]


def test_sentence_table_and_word_codes_built_chunk_by_chunk_are_those_built_here(
    monkeypatch,
) -> None:
    monkeypatch.setattr(tui.runners.local, "PREPARE_CHUNK", 2)  # three chunks, two of them forked
    corpus = prepare_on_cores(_documents_with_furniture(), Params(), workers=2)
    prepared, table = corpus.corpus.documents, corpus.table
    assert table is not None
    assert any(p.boilerplate for p in prepared) and not len(prepared[2].sentences)
    here = sentence_table([p.sentences for p in prepared])
    # the word codes came with them too, as the candidate stage would compute them
    assert corpus.word_codes is not None
    expected_codes = word_codes([p.tokens.words for p in prepared])
    assert [c.tolist() for c in corpus.word_codes] == [c.tolist() for c in expected_codes]
    for field in ("sizes", "starts", "ends", "rows", "columns", "counts"):
        assert getattr(table, field).tolist() == getattr(here, field).tolist(), field
    # and the entries each document got from its chunk are the ones it would compute
    min_terms = Params().sentence_min_terms
    for document in prepared:
        shipped, text = document.sentences.entries, document.document.text
        bags = sentence_bags(text, document.tokens, document.segments, min_terms)
        assert (document.sentences.spans, document.sentences.words) == bags[:2]
        computed = SentenceTerms.of(*bags, TermVocabulary()).entries
        assert shipped.distinct == computed.distinct
        for mine, theirs in zip(shipped.arrays(), computed.arrays(), strict=True):
            assert mine.dtype == theirs.dtype and mine.tolist() == theirs.tolist()


def test_sentences_in_furniture_are_those_overlapping_a_furniture_span() -> None:
    prepared = prepare(_documents_with_furniture(), Params())
    table = sentence_table([p.sentences for p in prepared])
    expected = [
        any(b.start < end and start < b.end for b in document.boilerplate)
        for document in prepared
        for start, end in document.sentences.spans
    ]
    assert any(expected) and not all(expected)
    assert sentences_in_furniture([p.boilerplate for p in prepared], table).tolist() == expected


# Two reports that name the same people and places but state different facts.
NAMES_A = Document(
    "names-a",
    "Rescue teams worked through the night in the mountains. "
    "Governor Tooryalai Wesa and Police Chief Abdul Raziq opened the new Zharey school with "
    "pupils. "
    "Schools will stay closed this week.",
)
NAMES_B = Document(
    "names-b",
    "Farmers lost most of their crops to the rains. "
    "Governor Tooryalai Wesa sacked Police Chief Abdul Raziq over missing fuel money in Zharey.",
)


def test_sentences_that_share_only_names_are_not_related_but_a_shared_fact_still_is() -> None:
    result = scan([FACT_A, FACT_B, UNRELATED, NAMES_A, NAMES_B])
    pairs = {(r.a.doc, r.b.doc) for r in result.related}
    assert ("a", "b") in pairs
    assert ("names-a", "names-b") not in pairs
    # shared names alone made a link before the names were set aside
    loose = scan([FACT_A, FACT_B, UNRELATED, NAMES_A, NAMES_B], Params(related_min_cover=0.0))
    assert ("names-a", "names-b") in {(r.a.doc, r.b.doc) for r in loose.related}


def test_a_widget_label_links_nothing() -> None:
    teaser = "Officials in Kandahar say 36 civilians died as Zharey bridge was swept away"
    plain = Document("plain", f"Doctors asked for blood donors at the clinic. {teaser}")
    label = Document("label", f"Doctors asked for blood donors at the clinic. READ MORE: {teaser}")
    linked = {(r.a.doc, r.b.doc) for r in scan([FACT_A, UNRELATED, plain]).related}
    assert linked == {("a", "plain")}  # the headline alone states the fact
    linked = {(r.a.doc, r.b.doc) for r in scan([FACT_A, UNRELATED, label]).related}
    assert linked == set()  # behind a widget's label it is a link to another story
