"""Page furniture of one outlet: text at the edges of many of its articles, and its widget
labels, found by recurrence (not by a list of phrases) and reported with a reason; text that
other outlets run too, or that articles on one subject share, is never furniture."""

from __future__ import annotations

import json
import random
from pathlib import Path

from tui.engine.outlet_furniture import outlet_furniture
from tui.engine.prepare import prepare
from tui.engine.segment import segment
from tui.engine.tokens import tokenize
from tui.index.export import from_dict, render, to_dict
from tui.index.store import ScanStore
from tui.model import Document, Furniture
from tui.params import Params
from tui.runners.local import scan

DISCLAIMER = (
    "The views expressed in this column are the writer's own and do not reflect the "
    "Gazette's editorial line."
)
WIRE = (
    "The regional assembly approved the harbour budget after a session that lasted until "
    "midnight, officials confirmed."
)
LEAD = (
    "The mayor of Tessaly resigned on Tuesday after the inquiry into the Valmora bridge "
    "contracts reported its findings."
)
HEADLINE = "Flood defences fail the coastal towns again"

_SYLLABLES = ("ba", "ko", "ri", "ne", "tu", "sa", "lo", "mi", "ve", "da", "zu", "pe")


def _word(number: int) -> str:
    """A made-up word, different for every number: the subject words of one article."""
    letters = []
    for _ in range(4):
        number, k = divmod(number, len(_SYLLABLES))
        letters.append(_SYLLABLES[k])
    return "".join(letters)


def _body(subject: int, sentences: int = 6) -> str:
    """An article's own text: sentences made of its subject's words, which no other
    subject uses and no two sentences repeat in the same order."""
    out = []
    for k in range(sentences):
        words = [_word(subject * 100 + k * 10 + j) for j in range(9)]
        out.append(f"{words[0].capitalize()} {' '.join(words[1:])}.")
    return " ".join(out)


def _retold(subject: int, telling: int) -> str:
    """The words of one subject's sentences in another order for each telling: the same
    story written again, sharing its words but no run of five of them."""
    out = []
    for k in range(4):
        words = [_word(subject * 100 + k * 10 + j) for j in range(9)]
        random.Random(telling * 10 + k).shuffle(words)
        out.append(f"{words[0].capitalize()} {' '.join(words[1:])}.")
    return " ".join(out)


def _corpus() -> list[Document]:
    documents = []
    # six Gazette columns on unrelated subjects, each closed by the Gazette's disclaimer,
    # and holding the widget that links to another Gazette story
    for k in range(6):
        text = f"{_body(k)} READ MORE: {HEADLINE} {_body(40 + k, 2)} {DISCLAIMER}"
        documents.append(Document(f"gazette-{k}", text, source="Gazette"))
    documents.append(Document("gazette-flood", _body(60), title=HEADLINE, source="Gazette"))
    # five Gazette updates of one story: the same lead, then the story in other words
    for k in range(5):
        text = f"{LEAD} {_retold(70, k)} {_body(80 + k, 3)}"
        documents.append(Document(f"gazette-update-{k}", text, source="Gazette"))
    # a wire paragraph that five Gazette and two Courier articles close with
    for k in range(5):
        documents.append(Document(f"gazette-wire-{k}", f"{_body(90 + k)} {WIRE}", source="Gazette"))
    for k in range(2):
        documents.append(Document(f"courier-wire-{k}", f"{_body(95 + k)} {WIRE}", source="Courier"))
    # enough Courier articles of their own that the Gazette is at most half of the corpus
    for k in range(16):
        documents.append(Document(f"courier-{k}", _body(120 + k), source="Courier"))
    return documents


def _furniture_of(documents: list[Document]) -> dict[str, list[Furniture]]:
    prepared = prepare(documents, Params())
    return {p.document.id: list(p.boilerplate) for p in prepared}


def _texts(document: Document, spans: list[Furniture]) -> list[str]:
    return [document.text[f.start : f.end] for f in spans]


def test_the_disclaimer_closing_many_columns_of_one_outlet_is_furniture_with_its_reason() -> None:
    documents = _corpus()
    found = _furniture_of(documents)
    for document in documents[:6]:
        closing = [f for f in found[document.id] if f.end == len(document.text)]
        assert _texts(document, closing) == [DISCLAIMER]
        assert closing[0].reason == "recurs at the end of 6 Gazette articles"


def test_a_wire_paragraph_that_two_outlets_run_is_never_furniture() -> None:
    documents = _corpus()
    found = _furniture_of(documents)
    for document in documents:
        if "wire" in document.id:
            assert found[document.id] == [], document.id


def test_the_lead_that_updates_of_one_story_share_is_not_furniture() -> None:
    documents = _corpus()
    found = _furniture_of(documents)
    updates = [d for d in documents if d.id.startswith("gazette-update")]
    assert len(updates) == 5 and all(d.text.startswith(LEAD) for d in updates)
    assert all(found[d.id] == [] for d in updates)


def test_a_widget_label_and_its_headline_are_furniture_but_not_the_sentence_after() -> None:
    documents = _corpus()
    found = _furniture_of(documents)
    for document in documents[:6]:
        labels = [f for f in found[document.id] if f.reason.startswith("widget label")]
        assert _texts(document, labels) == [f"READ MORE: {HEADLINE}"]
        assert labels[0].reason == "widget label READ MORE: in 6 Gazette articles"


def test_capitals_before_a_question_that_name_the_interviewer_are_no_widget() -> None:
    documents = _corpus()
    for k in range(6):
        text = f"{_body(200 + k)} GZ: {_body(210 + k, 1)} {_body(220 + k)}"
        documents.append(Document(f"gazette-interview-{k}", text, source="Gazette"))
    documents.extend(
        Document(f"courier-more-{k}", _body(230 + k), source="Courier") for k in range(6)
    )
    found = _furniture_of(documents)
    assert all(found[f"gazette-interview-{k}"] == [] for k in range(6))


def test_a_corpus_of_one_outlet_has_no_outlet_furniture() -> None:
    """Against no other outlet, an outlet's furniture cannot be told from its house style."""
    documents = [d for d in _corpus() if d.source == "Gazette"]
    tokens = [tokenize(d.text) for d in documents]
    segments = [segment(d.text) for d in documents]
    assert outlet_furniture(documents, tokens, segments, Params()) == [[] for _ in documents]


def test_furniture_reasons_reach_the_json_export_the_text_report_and_the_store(
    tmp_path: Path,
) -> None:
    documents = _corpus()
    result = scan(documents, Params(), workers=1)
    exported = to_dict(result)
    reasons = {b["reason"] for b in exported["boilerplate"]}
    assert "recurs at the end of 6 Gazette articles" in reasons
    assert all(b["text"] for b in exported["boilerplate"])
    texts = {d.id: d.text for d in documents}
    assert from_dict(json.loads(json.dumps(exported)), texts).boilerplate == result.boilerplate
    assert "    why: recurs at the end of 6 Gazette articles" in render(result, "text").splitlines()
    store = ScanStore(tmp_path)
    store.save("key", result, {})
    stored = store.load("key", result.documents)
    assert stored is not None and stored.boilerplate == result.boilerplate


def test_an_export_made_before_reasons_reads_with_empty_reasons() -> None:
    documents = _corpus()[:1]
    data = {
        "documents": [{"id": documents[0].id, "path": "", "title": "", "source": "", "date": ""}],
        "clusters": [],
        "alignments": [],
        "boilerplate": [{"doc": documents[0].id, "start": 0, "end": 5, "text": "xxxxx"}],
    }
    result = from_dict(data, {documents[0].id: documents[0].text})
    assert result.boilerplate == (Furniture(documents[0].id, 0, 5, ""),)


FLOOD_DECK = (
    "Flood defences failed along the coast for the third winter running. Residents of "
    "Tessaly ask who signed off on the Valmora sea wall."
)


def _stamped_corpus() -> list[Document]:
    """Gazette articles whose bodies are followed by teasers of other Gazette stories, each
    closed by that story's date in parentheses; one teaser is the flood story's deck."""
    documents = [
        Document("gazette-flood", f"{FLOOD_DECK}\n\n{_body(300)}", source="Gazette"),
        Document(
            "gazette-ruling",
            f"{_body(301, 3)} The court has decided today (06.02.2017) by majority that "
            f"{_body(302, 1)}",
            source="Gazette",
        ),
    ]
    for k in range(6):
        # the flood story is promoted in two articles: too few for its deck to recur as
        # furniture of its own
        promoted = FLOOD_DECK if k < 2 else _body(350 + k, 2)
        teasers = f"{_body(310 + k, 2)} (0{k + 1}.02.2017) {promoted} (07.02.2017)"
        text = f"{_body(320 + k)} {teasers} {_body(330 + k, 1)} (11.01.2017)"
        documents.append(Document(f"gazette-{k}", text, source="Gazette"))
    documents.extend(Document(f"courier-{k}", _body(340 + k), source="Courier") for k in range(9))
    return documents


def test_teasers_closed_by_a_date_stamp_are_furniture_and_link_no_story() -> None:
    documents = _stamped_corpus()
    found = _furniture_of(documents)
    teaser_of = {d.id: d for d in documents}
    texts = _texts(teaser_of["gazette-0"], found["gazette-0"])
    assert len(texts) == 3  # three teasers in a row, each to its stamp
    assert texts[0] == f"{_body(310, 2)} (01.02.2017)"
    assert texts[1] == f"{FLOOD_DECK} (07.02.2017)"
    assert texts[2] == f"{_body(330, 1)} (11.01.2017)"
    assert "related-story teaser" in found["gazette-0"][0].reason
    # the body before the first teaser is the article's own
    assert not any(f.start < len(_body(320)) for f in found["gazette-0"])
    # a date in parentheses inside a sentence is no stamp
    assert found["gazette-ruling"] == []
    assert found["gazette-flood"] == []
    result = scan(documents, Params(), workers=1)
    linked = [set(c.documents) for c in result.clusters]
    assert not any("gazette-flood" in docs for docs in linked)


BIO = "The author is a visiting professor of maritime law at the Tessaly Institute."
LAST_WORD = (
    "Harbour dredging will resume in the spring once the Valmora council signs the "
    "contract, the port authority said."
)


def _credited_corpus(bios: int) -> list[Document]:
    """The Gazette's columns closed by its disclaimer; `bios` of them by one columnist,
    on unrelated subjects, with the columnist's bio just before it; two reports of one
    story closing with the same sentence before the disclaimer; three updates of another
    story, each closing with the same background paragraph before it."""
    documents = _corpus()
    for k in range(bios):
        text = f"{_body(400 + k)} {BIO} {DISCLAIMER}"
        documents.append(Document(f"gazette-column-{k}", text, source="Gazette"))
    for k in range(2):
        text = f"{_body(420 + k)} {LAST_WORD} {DISCLAIMER}"
        documents.append(Document(f"gazette-report-{k}", text, source="Gazette"))
    for k in range(3):
        text = f"{_retold(430, k)} {_body(440 + k, 2)} {_body(450, 1)} {DISCLAIMER}"
        documents.append(Document(f"gazette-follow-{k}", text, source="Gazette"))
    documents.extend(
        Document(f"courier-extra-{k}", _body(460 + k), source="Courier") for k in range(12)
    )
    return documents


def test_a_columnists_bio_before_the_disclaimer_is_furniture_though_few_columns_hold_it() -> None:
    documents = _credited_corpus(bios=3)
    found = _furniture_of(documents)
    for k in range(3):
        document = next(d for d in documents if d.id == f"gazette-column-{k}")
        closing = [f for f in found[document.id] if f.end == len(document.text)]
        assert _texts(document, closing) == [f"{BIO} {DISCLAIMER}"]
    result = scan(documents, Params(), workers=1)
    assert not any(
        "gazette-column-0" in c.documents and "gazette-column-1" in c.documents
        for c in result.clusters
    )


def test_a_sentence_two_reports_or_one_storys_updates_close_with_is_no_credit() -> None:
    documents = _credited_corpus(bios=3)
    found = _furniture_of(documents)
    for name in ("gazette-report-0", "gazette-report-1", "gazette-follow-0", "gazette-follow-2"):
        document = next(d for d in documents if d.id == name)
        closing = [f for f in found[document.id] if f.end == len(document.text)]
        assert _texts(document, closing) == [DISCLAIMER], name
