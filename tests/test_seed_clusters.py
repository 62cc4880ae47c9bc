"""The engine on the real seed articles: the reuse a reader of these five articles can verify."""

from __future__ import annotations

import pytest

from tui.model import Cluster, Document, ScanResult
from tui.runners.local import scan

AL_JAZEERA = "000_7286a1352e34bfc5"
BREITBART = "001_1e6aa355d022f1a8"
IRISH_TIMES = "002_4e7ccc9cad03257e"
NEWS_DESK = "003_99e24934e41de514"
AP = "004_6ccb1f5dfee232b0"


@pytest.fixture(scope="module")
def result(seed_documents: dict[str, Document]) -> ScanResult:
    return scan(list(seed_documents.values()))


def _clusters_containing(result: ScanResult, doc: str, offset: int) -> list[Cluster]:
    return [
        c
        for c in result.clusters
        if any(p.doc == doc and p.start <= offset < p.end for p in c.passages)
    ]


def _only_cluster_at(result: ScanResult, doc: str, text: str, needle: str) -> Cluster:
    offset = text.index(needle)
    found = _clusters_containing(result, doc, offset)
    assert len(found) == 1, f"expected one cluster at {needle!r}, found {len(found)}"
    return found[0]


def test_carter_quote_is_one_cluster(
    result: ScanResult, seed_documents: dict[str, Document]
) -> None:
    aj = seed_documents[AL_JAZEERA].text
    it = seed_documents[IRISH_TIMES].text
    cluster = _only_cluster_at(result, AL_JAZEERA, aj, "[It] does appear they were")
    assert cluster.documents == (AL_JAZEERA, IRISH_TIMES)
    assert cluster.kind == "edited"
    by_doc = {p.doc: p for p in cluster.passages}
    # Each passage holds the whole quote and stays within its sentence.
    quote_aj = (
        aj.index("[It] does appear"),
        aj.index("with this approach.") + len("with this approach."),
    )
    quote_it = (
        it.index("It does appear that"),
        it.index("this whole approach.") + len("this whole approach."),
    )
    for doc, (start, end), sentence_start in (
        (AL_JAZEERA, quote_aj, aj.index("Carter later said")),
        (IRISH_TIMES, quote_it, it.index("Mr Carter said of")),
    ):
        passage = by_doc[doc]
        assert passage.start <= start and end <= passage.end
        assert passage.start == sentence_start
        text = seed_documents[doc].text
        assert "\n" not in text[passage.start : passage.end].strip()


def test_homs_tartous_paragraph_is_one_cluster_of_two_sentences(
    result: ScanResult, seed_documents: dict[str, Document]
) -> None:
    aj = seed_documents[AL_JAZEERA].text
    it = seed_documents[IRISH_TIMES].text
    cluster = _only_cluster_at(result, AL_JAZEERA, aj, "The Homs area is important")
    assert cluster.documents == (AL_JAZEERA, IRISH_TIMES)
    by_doc = {p.doc: p for p in cluster.passages}
    aj_passage = aj[by_doc[AL_JAZEERA].start : by_doc[AL_JAZEERA].end]
    it_passage = it[by_doc[IRISH_TIMES].start : by_doc[IRISH_TIMES].end]
    for passage, first, second in (
        (aj_passage, "The Homs area is important", "Armed groups’ control"),
        (it_passage, "The Homs area is crucial", "Insurgent control"),
    ):
        assert passage.startswith(first)
        assert second in passage
        assert passage.endswith("where Russia operates a naval facility.")


def test_ap_lead_repeated_inside_one_article_is_found(
    result: ScanResult, seed_documents: dict[str, Document]
) -> None:
    ap = seed_documents[AP].text
    lead_end = ap.index("\n")
    cluster = _only_cluster_at(result, AP, ap, "MOSCOW (AP)")
    assert cluster.documents == (AP,)
    assert cluster.kind == "verbatim"
    assert [(p.start, p.end) for p in cluster.passages] == [
        (0, lead_end),
        (lead_end + 1, 2 * lead_end + 1),
    ]


def test_every_passage_text_is_the_document_slice(result: ScanResult) -> None:
    texts = {d.id: d.text for d in result.documents}
    for cluster in result.clusters:
        for p in cluster.passages:
            assert 0 <= p.start < p.end <= len(texts[p.doc])
            passage = texts[p.doc][p.start : p.end]
            assert passage == passage.strip()
    for _, alignment in result.alignments:
        for a_start, a_end, b_start, b_end in alignment.shared:
            assert alignment.a.start <= a_start < a_end <= alignment.a.end
            assert alignment.b.start <= b_start < b_end <= alignment.b.end


def test_sentences_sharing_only_kerrys_name_and_title_are_not_linked(
    result: ScanResult, seed_documents: dict[str, Document]
) -> None:
    kerry_sentences = [
        (AL_JAZEERA, "U.S. Secretary of State John Kerry said that the U.S. would"),
        (AP, "U.S. Secretary of State John Kerry said: “Well, in concept.”"),
        (BREITBART, "Secretary of State John Kerry expressed concerns"),
        (NEWS_DESK, "US Secretary of State John Kerry said Russia and the US"),
    ]
    for doc, needle in kerry_sentences:
        offset = seed_documents[doc].text.index(needle)
        assert _clusters_containing(result, doc, offset) == [], needle


def test_comment_form_error_is_boilerplate_not_reuse(
    result: ScanResult, seed_documents: dict[str, Document]
) -> None:
    aj = seed_documents[AL_JAZEERA].text
    error = aj.index("Sorry, your comment was not saved")
    spans = [b for b in result.boilerplate if b.doc == AL_JAZEERA]
    assert any(b.start <= error and aj.index("different browser.") < b.end for b in spans)
    assert any(aj[b.start : b.end].startswith("Error") for b in spans)
    assert _clusters_containing(result, AL_JAZEERA, error) == []


def test_sharing_prompts_of_the_news_desk_page_are_boilerplate(
    result: ScanResult, seed_documents: dict[str, Document]
) -> None:
    text = seed_documents[NEWS_DESK].text
    flagged = "".join(text[b.start : b.end] for b in result.boilerplate if b.doc == NEWS_DESK)
    assert flagged.count("Share this article") == 2
    assert "Your email address will not be published" in flagged
    assert "Khaled Khoja" not in flagged
