"""The rules of trust: what an editor would not call a copy is never linked, and what an editor
would (a quotation however short, a company's story filed twice) still is. Each corpus here is
small, so the tests say how rare a word must be for it (in one document only)."""

from __future__ import annotations

import dataclasses

from tui.engine.quotes import quotations
from tui.model import Document
from tui.params import Params
from tui.runners.local import scan

# In a corpus of a few documents every word is "rare" by the corpus-sized default; here a
# word is rare only when a single document holds it.
SMALL_CORPUS = dataclasses.replace(Params(), rare_word_docs=1, rare_word_share=0.0)
EPITHET = "the estranged half-brother of North Korean leader Kim Jong Un"
FILLER = [
    "Police in Kuala Lumpur questioned two women on Tuesday about the airport attack.",
    "Officials in Seoul said the poison was a banned nerve agent used in chemical weapons.",
    "The embassy in Beijing declined to say when the body would be returned to the family.",
    "Investigators are still looking for four men who flew out of the country that evening.",
    "Malaysia recalled its ambassador after the envoy criticised the investigation in public.",
]


ENDINGS = [
    "who had lived in Macau for years under the protection of Beijing.",
    "according to the South Korean intelligence service and the police.",
    "a claim the authorities in Pyongyang have denied since the first day.",
    "whose son wrote on social media that he feared for his own safety.",
    "and an autopsy was carried out at a hospital outside the capital.",
]


def _linked(documents: list[Document], params: Params = SMALL_CORPUS) -> list[set[str]]:
    return [set(c.documents) for c in scan(documents, params, workers=1).clusters]


def test_a_stock_epithet_in_many_articles_links_none_of_them() -> None:
    documents = [
        Document(f"d{k}", f"{FILLER[k]} The victim was {EPITHET}, {ENDINGS[k]}") for k in range(5)
    ]
    assert _linked(documents) == []


def _no_comment(name: str, k: int, country: str) -> Document:
    return Document(
        name, f"{FILLER[k]} The {country} government did not respond to a request for comment."
    )


def test_a_formula_with_a_word_of_the_pairs_own_at_its_edge_links_nobody() -> None:
    # "Japanese government did not respond" is in two articles only, but most of the
    # formula's shingles are in every one: a stock phrase, not a copy.
    countries = ["Japanese", "Japanese", "Chinese", "Korean", "Thai"]
    documents = [_no_comment(f"d{k}", k, country) for k, country in enumerate(countries)]
    assert _linked(documents) == []


def test_a_formula_that_shares_its_figure_or_is_pasted_twice_in_one_article_is_kept() -> None:
    # The same rate in the same words is one market report filed twice; a sentence repeated
    # word for word inside one article is a lead pasted twice.
    rates = ["1.8218", "1.8218", "1.8150", "1.8090", "1.7975"]
    fixings = [
        Document(
            f"f{k}",
            f"{FILLER[k]} In Frankfurt the Bundesbank said the dollar was fixed lower at {rate}.",
        )
        for k, rate in enumerate(rates)
    ]
    assert _linked(fixings) == [{"f0", "f1"}]
    formula = "The Japanese government did not respond to a request for comment."
    countries = ["Japanese", "Chinese", "Korean", "Thai"]
    pasted = [
        Document("p0", f"{formula}\n\n{FILLER[0]} {formula}"),
        *(_no_comment(f"p{k}", k, country) for k, country in enumerate(countries, start=1)),
    ]
    assert _linked(pasted) == [{"p0"}]


def test_a_paragraph_copied_by_many_outlets_is_still_one_cluster() -> None:
    paragraph = (
        f"The victim was {EPITHET}. He was attacked at the budget terminal of the airport "
        "by two women who smeared a liquid on his face and then walked away into the crowd."
    )
    documents = [Document(f"d{k}", f"{FILLER[k]}\n\n{paragraph}") for k in range(5)]
    assert _linked(documents) == [{f"d{k}" for k in range(5)}]


def test_a_short_quotation_repeated_is_reuse_and_the_same_words_unquoted_are_not() -> None:
    quoted = [
        Document("a", 'The judge was blunt. "For want of a comma, we have this case," she wrote.'),
        Document("b", 'Barron wrote: "For want of a comma, we have this case." The firm will pay.'),
    ]
    assert _linked(quoted) == [{"a", "b"}]
    unquoted = [
        Document(d.id, d.text.replace('"', "").replace(" wrote: ", " wrote that ")) for d in quoted
    ]
    assert _linked(unquoted) == []


def test_a_short_quotation_links_stories_of_the_same_days_not_weeks_apart() -> None:
    # A remark is repeated in the days after it is made; the opening words of a longer
    # quotation met weeks apart are how two speakers began. Undated stories keep the link:
    # nothing says they are apart.
    def pair(day_a: str, day_b: str, quote_a: str) -> list[Document]:
        return [
            Document("a", f'The judge was blunt. "{quote_a}," she wrote.', date=day_a),
            Document(
                "b",
                'Barron wrote: "For want of a comma, we have this case." The firm will pay.',
                date=day_b,
            ),
        ]

    opening = "For want of a comma, we have this case, and we lost it"
    assert _linked(pair("2017-03-01", "2017-03-03T09:30:00", opening)) == [{"a", "b"}]
    assert _linked(pair("2017-03-01", "2017-04-20", opening)) == []
    assert _linked(pair("", "2017-04-20", opening)) == [{"a", "b"}]
    lenient = dataclasses.replace(SMALL_CORPUS, quote_max_days=0)
    assert _linked(pair("2017-03-01", "2017-04-20", opening), lenient) == [{"a", "b"}]


def test_a_phrase_both_stories_quote_whole_is_reuse_however_far_apart() -> None:
    # 'described US media as "the opposition party"': the phrase itself is what is quoted.
    phrase = "For want of a comma, we have this case"
    documents = [
        Document("a", f'The judge was blunt. "{phrase}," she wrote.', date="2017-03-01"),
        Document("b", f'Barron wrote: "{phrase}." The firm will pay.', date="2017-04-20"),
    ]
    assert _linked(documents) == [{"a", "b"}]


def _earnings(company: str, figures: tuple[str, str, str, str, str, str]) -> str:
    shr, shr_before, net, net_before, revs, revs_before = figures
    return (
        f"{company} said its results for the quarter ended March 31 were as follows. "
        f"Shr {shr} cts vs {shr_before} cts Net {net} dlrs vs {net_before} dlrs "
        f"Revs {revs} mln dlrs vs {revs_before} mln dlrs Reuter"
    )


ACME = ("40", "17", "1,234,000", "567,000", "12.3", "10.1")
BOLT = ("22", "31", "809,000", "912,000", "8.6", "9.4")


def test_an_earnings_table_with_other_figures_is_a_template_not_a_copy() -> None:
    documents = [
        Document("acme", _earnings("Acme Corp", ACME)),
        Document("bolt", _earnings("Bolt Inc", BOLT)),
    ]
    assert _linked(documents) == []


def test_the_same_companys_results_filed_twice_are_a_copy() -> None:
    table = _earnings("Acme Corp", ACME)
    documents = [Document("first", table), Document("again", table)]
    assert _linked(documents) == [{"first", "again"}]


def test_a_fragment_of_common_words_links_nothing_but_one_with_a_rare_word_does() -> None:
    fragment = "did not respond to a request for comment on the new rules"
    common = [
        Document(
            "a",
            "The ministry of the interior in Manama, which oversees the police and the courts, "
            f"{fragment} by the end of the day on Friday. {FILLER[0]}",
        ),
        Document(
            "b",
            "Officials at the foreign office and the government of Bahrain in the capital "
            f"{fragment} earlier this week, a spokesman said. {FILLER[1]}",
        ),
        # the fragment's words are common: other documents hold them too
        Document("c", f"{FILLER[2]} It did not respond to a request for an interview."),
        Document("d", f"{FILLER[3]} Nobody would comment on the new rules for the request."),
    ]
    assert _linked(common) == []
    rare = [
        Document(d.id, d.text.replace("the new rules", "the Zharkent tariffs")) for d in common[:2]
    ] + common[2:]
    # a word held by the two linked articles alone is rare
    assert _linked(rare, dataclasses.replace(SMALL_CORPUS, rare_word_docs=2)) == [{"a", "b"}]


def test_the_same_event_told_in_other_words_is_not_reuse_by_default() -> None:
    a = Document(
        "a",
        "Three American soldiers were wounded on Sunday when an Afghan soldier opened fire "
        "on them at a base in Helmand. The attacker was killed by coalition forces at once. "
        "It was the first such insider attack this year, a military spokesman said.",
    )
    b = Document(
        "b",
        "An Afghan soldier shot and wounded three US troops at a base in southern Helmand "
        "province on Sunday before coalition guards killed him. Officials called it the year's "
        "first insider attack, according to a spokesman for the military.",
    )
    assert _linked([a, b]) == []
    loose = dataclasses.replace(SMALL_CORPUS, reworded_min_similarity=0.0)
    found = scan([a, b], loose, workers=1).alignments
    assert all(al.similarity < Params().reworded_min_similarity for _, al in found)


def test_apostrophes_and_stray_marks_open_no_quotation() -> None:
    text = "Russia's envoy said \"?no\" and left. 'It is over,' he said. \u201cWe stay.\u201d Then"
    found = [text[s:e] for s, e in quotations(text, 0, len(text))]
    assert found == ["'It is over,'", "\u201cWe stay.\u201d"]


def test_a_quotation_closed_against_the_next_sentence_still_closes() -> None:
    # Scraped text loses the space after a closing mark; the title formula that follows is
    # not quoted. An apostrophe after punctuation closes nothing: it is a word's.
    text = (
        '"We need more."When former director of national intelligence James Clapper spoke, '
        "the boys'.Then 'he left'"
    )
    found = [text[s:e] for s, e in quotations(text, 0, len(text))]
    assert found == ['"We need more."', "'he left'"]


def test_a_clause_in_common_words_that_only_two_articles_hold_is_a_copy() -> None:
    # No shared word is rare, and the clause is a whole sentence on neither side, but its
    # eleven words in this order are in these two articles alone, and it closes its sentence
    # in both: a wire clause copied, not a phrase two writers chose.
    clause = "prison sentence was unusually long and harsh especially for his age."
    documents = [
        Document("a", f"{FILLER[0]} Judge Cole wrote on Friday that the blogger's {clause}"),
        Document("b", f"{FILLER[1]} His lawyer had told the hearing in March that the {clause}"),
        Document("c", f"{FILLER[2]} A long and harsh winter was especially hard for his family."),
        Document("d", f"{FILLER[3]} The sentence was unusually short for a prison term."),
    ]
    assert _linked(documents) == [{"a", "b"}]
    assert _linked(documents, dataclasses.replace(SMALL_CORPUS, fragment_phrase_shingles=0)) == []


def test_a_clause_with_other_words_in_its_slot_stays_a_fragment() -> None:
    # The same words in the same order, but each side puts its own country in the middle:
    # a formula with a slot, not a copy.
    documents = [
        Document(
            "a",
            "Russian President Vladimir Putin has offered condolences to his Turkish "
            "counterpart over the bombing in Ankara, which killed at least a dozen people at a "
            f"crowded bus station on Monday. {FILLER[0]}",
        ),
        Document(
            "b",
            "Russian President Vladimir Putin has offered condolences to his Pakistani "
            "counterpart over the bombing in Lahore, where a suicide attack on a market left "
            f"eleven dead and many more wounded. {FILLER[1]}",
        ),
        Document("c", f"{FILLER[2]} The president offered his condolences to the family."),
    ]
    assert _linked(documents) == []
    no_slots = dataclasses.replace(SMALL_CORPUS, fragments_need_rare_words=False)
    assert _linked(documents, no_slots) == [{"a", "b"}]


def _loading(ships: str, waiting: str, rest: str) -> str:
    return (
        f"{ships} grain ships were loading at the docks and {waiting} more ships were waiting "
        f"to load there, according to the harbour exchange, {rest}"
    )


def test_a_skeleton_other_articles_share_is_no_copy_where_the_pair_fills_it_alike() -> None:
    # The pair's own words ("and two more ships") are few in a skeleton that three other
    # reports hold with their own figures: a template, though its slots agree here.
    pair = [
        Document("a", _loading("Six", "two", "which said fog had delayed the work on Monday.")),
        Document("b", _loading("Six", "two", "while the port expected the queue to clear soon.")),
    ]
    others = [
        Document("c", _loading("Four", "three", "a spokesman for the shippers told reporters.")),
        Document("d", _loading("Nine", "five", "up from a week earlier in the autumn season.")),
        Document("e", _loading("Eight", "seven", "as strikes at two southern terminals ended.")),
    ]
    assert _linked(pair + others) == []
    # the same two reports, where no other document holds the skeleton, copy each other
    assert _linked([*pair, Document("f", FILLER[0]), Document("g", FILLER[1])]) == [{"a", "b"}]


def _auction(week: str, rates: tuple[str, str, str, str, str]) -> str:
    three, six, before, low, high = rates
    return (
        f"WASHINGTON, {week} - The Treasury said its weekly auction of three-month bills "
        f"produced an average stopout rate of {three} pct, with a {six} pct rate on six-month "
        f"bills. These rates compared with averages of {before} pct for the bills sold last "
        f"week. Accepted competitive bids ranged from {low} pct to {high} pct."
    )


def test_a_weekly_report_with_other_figures_in_its_slots_is_a_template_whatever_its_words() -> None:
    # "stopout" and "competitive" are held by the two reports alone, so they are rare words:
    # only the figures in the slots, one every few shared words, tell the template.
    reports = [
        Document("march", _auction("March 9", ("5.63", "5.59", "5.47", "5.61", "5.64"))),
        Document("april", _auction("April 13", ("5.98", "6.08", "5.53", "5.92", "5.99"))),
        *(Document(f"f{k}", FILLER[k]) for k in range(3)),
    ]
    rare_pair = dataclasses.replace(SMALL_CORPUS, rare_word_docs=2)
    assert _linked(reports, rare_pair) == []
    # the same report refiled with one rate corrected is a copy
    refiled = Document("march-2", reports[0].text.replace("5.61 pct", "5.60 pct"))
    assert _linked([reports[0], refiled, *reports[2:]], rare_pair) == [{"march", "march-2"}]
    # (their datelines' days differ too: that rule is off here)
    no_slots = dataclasses.replace(rare_pair, template_slot_figures=0, template_dated_slot_words=0)
    assert _linked(reports, no_slots) == [{"march", "april"}]


def test_a_title_formula_around_a_name_links_nothing() -> None:
    # Three of the bank's stories attribute what he said with the same words; only the name
    # is rare (the title's words are in other stories too): a formula, not a copied clause.
    formula = "Management board joint spokesman Alfred Herrhausen said"
    others = [
        Document("board-0", f"{FILLER[3]} The board named a joint spokesman, we were told."),
        Document("board-1", f"{FILLER[4]} Reporters asked the joint board for a spokesman."),
        Document("board-2", "Its management told reporters nothing about the plans."),
    ]
    stories = [
        Document("a", f"{FILLER[0]} {formula} the bank would not sell its stake this year."),
        Document("b", f"{FILLER[1]} {formula} profits rose in every division but one."),
        Document("c", f"{FILLER[2]} {formula} no jobs would be cut in Frankfurt this spring."),
    ]
    names_rare = dataclasses.replace(SMALL_CORPUS, rare_word_docs=3)
    assert _linked(stories + others, names_rare) == []
    # the verb may be each story's own, just after the shared words
    told = [Document(d.id, d.text.replace(" said", " told reporters", 1)) for d in stories]
    assert _linked([told[0], stories[1], told[2], *others], names_rare) == []
    # a rare word that is not a name makes a clause after the formula a copy
    copied = "the Zharkent tariffs would not be lifted this year"
    stories[0] = Document("a", f"{FILLER[0]} {formula} {copied} by the bank.")
    stories[1] = Document("b", f"{FILLER[1]} {formula} {copied} at all.")
    assert _linked(stories + others, names_rare) == [{"a", "b"}]


def test_an_article_restating_a_quote_in_its_own_voice_repeats_no_quotation() -> None:
    text = (
        "The ministry said the bombers had been redeployed at tactical airfields. "
        f'{FILLER[0]} "The aircraft have been redeployed at tactical airfields," the '
        "ministry said."
    )
    assert _linked([Document("a", text), Document("f", FILLER[1])]) == []
    # a quotation printed twice in one article (a pull quote) is still a repetition
    quoted = text.replace("the bombers had been redeployed", '"the bombers had been redeployed')
    quoted = quoted.replace("airfields. ", 'airfields." ', 1)
    assert _linked([Document("a", quoted), Document("f", FILLER[1])]) == [{"a"}]


def test_rare_names_outside_an_attribution_are_a_copied_fact() -> None:
    # No shared word but the names is rare, and the clause is no whole sentence: outside an
    # attribution ("... said"), names in the same order are a copied fact.
    documents = [
        Document(
            "a",
            f"{FILLER[0]} Ms Collins, a mother of three who was originally from Tralee, Co "
            "Kerry, but was living in Togher in Cork city, was found in a flat early on Monday.",
        ),
        Document(
            "b",
            f"{FILLER[1]} The woman, a mother of three children who was originally from Tralee, "
            "Co Kerry but living "
            "at Togher in Cork city, had been dead for some hours, gardai said.",
        ),
        Document(
            "c",
            f"{FILLER[2]} He was originally from the north but was living abroad with his "
            "mother for three years.",
        ),
        Document(
            "d",
            f"{FILLER[3]} She was living in a flat in the city and was originally a nurse and a "
            "mother of children.",
        ),
    ]
    names_rare = dataclasses.replace(SMALL_CORPUS, rare_word_docs=2)
    assert _linked(documents, names_rare) == [{"a", "b"}]


def test_a_name_after_a_verb_of_speech_is_no_attribution() -> None:
    # "told Sandusky he could not ..." tells what was said to him, not who said it: the
    # rare name is evidence, as outside an attribution.
    documents = [
        Document(
            "a",
            f"{FILLER[0]} Then the administrators told Sandusky he could not bring children onto "
            "campus anymore, prosecutors said on Tuesday.",
        ),
        Document(
            "b",
            f"{FILLER[1]} The three officials told Sandusky he could not bring children onto the "
            "campus anymore but did not call the police.",
        ),
        # the words but the name are in other documents too
        Document("c", f"{FILLER[2]} She told them she could not bring the children."),
        Document("d", f"{FILLER[3]} Nobody could bring children onto the campus anymore."),
    ]
    names_rare = dataclasses.replace(SMALL_CORPUS, rare_word_docs=2)
    assert _linked(documents, names_rare) == [{"a", "b"}]


def _holding(holder: str, company: str) -> str:
    return (
        f"As long as {holder}'s stake in {company} is below five pct, it is not required to "
        "report any further dealings it has in the company's common stock."
    )


def test_a_skeleton_with_other_names_in_its_slots_is_a_template() -> None:
    # Three filings hold the skeleton, each with its own holder and company.
    documents = [
        Document("lilly", f"{FILLER[0]} {_holding('Lilly', 'Liposome')}"),
        Document("wurlitzer", f"{FILLER[1]} {_holding('the foundation', 'Wurlitzer')}"),
        Document("dome", f"{FILLER[2]} {_holding('Amoco', 'Dome')}"),
    ]
    assert _linked(documents) == []
    # the same company's filing printed twice is a copy
    again = Document("lilly-2", f"{FILLER[3]} {_holding('Lilly', 'Liposome')}")
    assert _linked([*documents, again]) == [{"lilly", "lilly-2"}]
    no_names = dataclasses.replace(SMALL_CORPUS, template_names=False)
    assert _linked(documents, no_names) == [{"lilly", "wurlitzer", "dome"}]
    # where only the pair holds the wording, another name in it is a copy's edit ("the
    # Netherlands'" for "Dutch"), not a slot
    assert _linked([*documents[:2], Document("f", FILLER[4])]) == [{"lilly", "wurlitzer"}]


def test_another_person_named_in_full_in_a_pairs_own_skeleton_is_a_template() -> None:
    # Only these two notices hold the wording, but the slot names another executive on
    # each side: a copy never puts another person in a sentence. An initial ("E.") is no
    # name of its own: it does not make "Eugene" the same person as "Frank E. Baxter".
    notice = "The company said president {} will assume the added duties of chief executive."
    documents = [
        Document("a", f"{FILLER[0]} {notice.format('Frank E. Baxter')}"),
        Document("b", f"{FILLER[1]} {notice.format('Eugene L. Butler')}"),
        Document("c", FILLER[2]),
    ]
    assert _linked(documents) == []
    same = Document("b", f"{FILLER[1]} {notice.format('Frank E. Baxter')}")
    assert _linked([documents[0], same, documents[2]]) == [{"a", "b"}]


def _repurchase(day: str, term: str) -> str:
    return (
        f"NEW YORK, {day} - The Federal Reserve entered the government securities market to "
        f"arrange {term}-day repurchase agreements for system account, a spokeswoman for the "
        "New York Fed said. Dealers said the direct injection of temporary reserves had been "
        "expected by the market, which had been short of funds since the long weekend began."
    )


def test_another_days_notice_on_the_same_skeleton_is_a_template() -> None:
    # One slot in some fifty shared words: too few for the slot rule (which counts the
    # datelines' days as a slot too).
    others = [Document(f"f{k}", FILLER[k]) for k in range(3)]
    notices = [
        Document("june-19", _repurchase("June 19", "six")),
        Document("june-29", _repurchase("June 29", "two")),
    ]
    assert _linked([*notices, *others]) == []
    off = dataclasses.replace(SMALL_CORPUS, template_dated_slot_words=0)
    assert _linked([*notices, *others], off) == [{"june-19", "june-29"}]
    # under one dateline it is the story filed twice, a figure corrected
    again = [notices[0], Document("june-19-b", _repurchase("June 19", "two")), *others]
    assert _linked(again) == [{"june-19", "june-19-b"}]


def test_a_table_refiled_days_later_with_most_figures_kept_is_a_copy() -> None:
    table = (
        "GRAND RAPIDS, MICH., {day} - Shr 43 cts vs 37 cts Net 2,276,000 vs 1,674,000 "
        "Sales {sales} mln vs 23.9 mln Avg shrs 5.3 mln vs 4.5 mln Year Shr 90 cts vs 69 cts "
        "Net 4,508,000 vs 3,096,000 Sales 98.4 mln vs 75.0 mln"
    )
    documents = [
        Document("first", table.format(day="March 17", sales="31.9")),
        Document("refiled", table.format(day="March 20", sales="32.6")),
        *(Document(f"f{k}", FILLER[k]) for k in range(3)),
    ]
    assert _linked(documents) == [{"first", "refiled"}]


def test_a_monthly_estimate_keeping_its_figures_is_a_template_not_a_refile() -> None:
    # The USDA's estimate of one crop a month apart, the crop unchanged and last month's
    # figures in two slots: most figures are kept, as in a refile, but a refile comes within
    # days, and a month on it is the next month's notice.
    estimate = (
        "WASHINGTON, {day} - The U.S. Agriculture Department estimated Canada's 1986/87 wheat "
        "crop at 31.85 mln tonnes, vs {last} mln tonnes last month. It estimated 1985/86 "
        "output at 24.25 mln tonnes, vs 24.25 mln last month. Canadian 1986/87 wheat exports "
        "were forecast at 19.00 mln tonnes, vs {exports} mln tonnes last month, the "
        "department said in its monthly report on world grain supply and demand."
    )
    others = [Document(f"f{k}", FILLER[k]) for k in range(3)]
    monthly = [
        Document("march", estimate.format(day="March 9", last="31.75", exports="18.50")),
        Document("april", estimate.format(day="April 9", last="31.85", exports="19.00")),
    ]
    assert _linked([*monthly, *others]) == []
    refile = estimate.format(day="March 12", last="31.85", exports="19.00")
    refiled = [monthly[0], Document("refiled", refile)]
    assert _linked([*refiled, *others]) == [{"march", "refiled"}]
    weekly = dataclasses.replace(SMALL_CORPUS, template_refile_days=60)
    assert _linked([*monthly, *others], weekly) == [{"march", "april"}]


def test_two_rows_of_one_report_are_a_template_and_a_paragraph_pasted_twice_a_copy() -> None:
    # The three-month and the six-month bills fill one skeleton in one article; the same
    # figure written two ways, or a name and its initials, is no other row.
    rows = (
        "The average yield on the three-month bills was the highest since 5.66 pct on Feb 17. "
        "The average yield on the six-month bills was the highest since 5.70 pct on Feb 17."
    )
    assert _linked([Document("rows", f"{FILLER[0]}\n\n{rows}\n\n{FILLER[1]}")]) == []
    first = "The UN warned that forcible transfer could affect around 7000 Palestinians in Area C."
    again = "The UN warned that forcible transfer could affect around 7,000 Palestinians in Area C."
    pasted = Document("pasted", f"{first}\n\n{FILLER[0]}\n\n{again}")
    assert _linked([pasted]) == [{"pasted"}]
    said = "The UN warned that the plan backed by the {} could affect around 7000 Palestinians."
    named = Document(
        "named",
        f"{FILLER[0]}\n\n{said.format('EU')}\n\n{FILLER[1]}\n\n{said.format('European Union')}",
    )
    assert _linked([named]) == [{"named"}]
    # another company in the body's slot is another item; a deck naming a thing otherwise
    # ("GOP" for "Republican") copies the body all the same
    grant = "The company also said it granted {} an option to buy two mln Galveston shares."
    items = f"{FILLER[0]}\n\n{grant.format('Hemlo Gold')}\n\n{grant.format('Noranda')}"
    assert _linked([Document("items", items)]) == []
    deck = "Senators found faults, a challenge for {} leaders trying to craft one message."
    copied = f"{deck.format('Republican')}\n\n{FILLER[0]}\n\n{deck.format('GOP')}"
    assert _linked([Document("deck", copied)]) == [{"deck"}]
    assert _linked([Document("rows", rows)], dataclasses.replace(SMALL_CORPUS, template_rows=False))
