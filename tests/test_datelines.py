"""Datelines as wire copy types them: the day is read whatever the case or the typing, and a
headline or a sentence naming a date is no dateline."""

from __future__ import annotations

from tui.engine.datelines import dateline, days_apart


def test_a_dateline_gives_where_the_story_starts_and_its_day() -> None:
    text = "SADDLE BROOK, N.J., April 7 - Michigan General Corp said"
    found = dateline(text)
    assert found is not None
    assert text[found.end :] == "Michigan General Corp said"
    assert found.day == ("apr", 7)


def test_the_day_is_the_same_however_it_is_typed() -> None:
    days = [
        dateline(t) for t in ("PARIS, April 2 - The", "PARIS, APRIL  2 - The", "PARIS, Apr. 2- The")
    ]
    assert {d.day for d in days if d is not None} == {("apr", 2)}
    assert all(days)
    typed = dateline("ALBANY, N.Y., Marc 3 - KeyCorp said")
    assert typed is not None and typed.day == ("mar", 3)


def test_headlines_and_dates_inside_sentences_are_no_datelines() -> None:
    assert dateline("U.S. COMMERCIAL PAPER FALLS 375 MLN DLRS IN FEB 18 WEEK") is None
    assert dateline("The president said on March 2 - no later - that he would go.") is None
    assert dateline("WASHINGTON (AP) \u2014 The Senate voted") is None


def test_days_apart_counts_across_months_and_the_turn_of_the_year() -> None:
    assert days_apart(("mar", 9), ("apr", 9)) == 31
    assert days_apart(("jun", 29), ("jun", 19)) == 10
    assert days_apart(("dec", 31), ("jan", 1)) == 1
    assert days_apart(("feb", 28), ("mar", 1)) == 1
    assert days_apart(("apr", 2), ("apr", 2)) == 0
