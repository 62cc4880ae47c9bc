"""Every copy of a passage in date order, and who had it first, on the seeds with dates.

The dated seeds (tests/conftest.py): the Carter quote runs in Al Jazeera on 30 September, in
the Irish Times on 1 October; the Ash Carter paragraph of 003 and 004 runs the same day in
both; the plain seeds have no dates at all.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SEED_FACTS
from tui.index.indexer import open_corpus
from tui.index.queries import ReuseIndex

AL_JAZEERA = "000_7286a1352e34bfc5"
IRISH_TIMES = "002_4e7ccc9cad03257e"


@pytest.fixture
def dated(dated_seeds: Path) -> ReuseIndex:
    return ReuseIndex(open_corpus([dated_seeds], use_cache=False).result)


@pytest.fixture(scope="module")
def undated() -> ReuseIndex:
    return ReuseIndex(open_corpus([], use_cache=False).result)


def cluster_with(index: ReuseIndex, words: str) -> int:
    for cluster in index.clusters_by_spread():
        for span in cluster.passages:
            if words in index.document(span.doc).text[span.start : span.end]:
                return cluster.id
    raise AssertionError(f"no cluster holds {words!r}")


def test_the_carter_quote_ran_first_in_al_jazeera_the_day_before(dated: ReuseIndex) -> None:
    cluster = cluster_with(dated, "Carter later said of the strikes")
    origin = dated.provenance(cluster)
    assert origin.claim == "source" and origin.first.doc == AL_JAZEERA
    assert dated.likely_source(cluster) == origin.first
    copies = dated.copies(cluster)
    assert [c.document.source for c in copies] == ["Al Jazeera", "Irish Times"]
    assert [c.earliest for c in copies] == [True, False]
    echo = dated.echoes(IRISH_TIMES, copies[1].span.start, copies[1].span.end)[0]
    assert echo.likely_source and not echo.same_day


def test_a_same_day_tie_claims_no_direction(dated: ReuseIndex) -> None:
    cluster = cluster_with(dated, "Ash Carter said the Russians appeared")
    origin = dated.provenance(cluster)
    assert SEED_FACTS[origin.first.doc][1] == SEED_FACTS[origin.tied[0].doc][1]
    assert origin.claim == "same-day"
    assert dated.likely_source(cluster) is None
    here = dated.cluster(cluster).passages[0]
    [echo] = dated.echoes(here.doc, here.start, here.end)
    assert echo.same_day and not echo.likely_source


def test_undated_copies_claim_no_direction(undated: ReuseIndex) -> None:
    cluster = cluster_with(undated, "Carter later said of the strikes")
    assert undated.provenance(cluster).claim == "undated"
    assert undated.likely_source(cluster) is None
    # the earliest is still the first in corpus order: where the Clusters view opens
    assert undated.earliest(cluster).doc == AL_JAZEERA


def test_a_passage_repeated_in_one_article_is_repetition(undated: ReuseIndex) -> None:
    cluster = cluster_with(undated, "MOSCOW (AP) — As Russian warplanes")
    assert undated.provenance(cluster).claim == "one-article"
    assert undated.likely_source(cluster) is None


def test_each_copy_shows_what_it_added_and_dropped_against_the_earliest(
    dated: ReuseIndex,
) -> None:
    cluster = cluster_with(dated, "Carter later said of the strikes")
    first, copy = dated.copies(cluster)
    text = copy.document.text
    assert [text[s:e] for s, e in copy.added] == ["Mr", "that", "whole"]
    assert [dropped for _, dropped in copy.dropped] == ["later"]
    position = copy.dropped[0][0]
    assert text[position:].startswith("said of the strikes"), "placed where it would stand"
    assert [d.kind for d in copy.drift] == ["quote", "quote"]
    [echo] = dated.echoes(AL_JAZEERA, first.span.start, first.span.end)
    assert copy.similarity == echo.similarity, "the scan's own figure, as in the Echoes pane"
    # words every copy shares: the earliest's and this copy's runs say the same words
    common_first = " ".join(first.document.text[s:e] for s, e in first.common).split()
    common_copy = " ".join(text[s:e] for s, e in copy.common).split()
    assert [w.strip('[]".,“”').casefold() for w in common_first] == [
        w.strip('[]".,“”').casefold() for w in common_copy
    ]
    assert "does" in common_copy and "later" not in common_first and "Mr" not in common_copy


def test_drift_is_counted_per_cluster(dated: ReuseIndex) -> None:
    counts = {c.id: dated.drift_count(c.id) for c in dated.clusters_by_spread()}
    assert counts[cluster_with(dated, "Carter later said of the strikes")] == 2
    assert counts[cluster_with(dated, "MOSCOW (AP) — As Russian warplanes")] == 0
