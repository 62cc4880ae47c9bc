"""What an editor would not call a copy though the words match: stock phrases, templates,
fragments of common words and loose rewordings. Each test reads the pair's passage against the
rest of the corpus (how many documents hold its words and shingles, `PreparedDocument.rarity`)
and against itself (quotation marks, figures, sentence edges), and says why it is set aside.

- A **stock phrase** ("the estranged half-brother of North Korean leader Kim Jong Un") is
  short and recurs across many documents, each time with other text around it: a short
  shared text whose rarest shingle is in `stock_phrase_docs` documents or more. A formula that
  meets a word of the pair's own at an edge ("The Japanese government did not respond to a
  request for comment") is one too: no rare word, most shingles that common, and the rarer
  ones all at its first or last two words; unless it shares a figure ("fixed lower at
  1.8218") or is whole sentences pasted twice in one article.
- A **fragment** ("did not respond to a request for comment") is a short shared text that is
  a whole sentence on neither side and holds no rare word: a phrase two writers chose. In an
  attribution ("Pennzoil Co Chairman J. Hugh Liedtke told a meeting of") one rare name is no
  rare word: the formula is how every story quotes him. Its
  common words in an order no other document has are a copied clause all the same ("prison
  sentence was 'unusually long and harsh' especially for his age"): most of its shingles
  held by the pair alone, `fragment_phrase_shingles` of them in a row where it opens or
  closes its sentence on both sides (or twice as many anywhere), and no slot holding other
  words on each side.
- A **template** (earnings tables, dividend notices) is the same skeleton with other figures
  in its slots: both sides hold figures between the words they share, most of them differ,
  and no rare word is shared. A skeleton may hold words few documents have (a weekly
  auction report's "stopout"): then its **slots** tell it, `template_slot_figures` gaps or
  more between the shared runs with other figures on each side, one at least every
  `template_slot_words` shared words, most figures differing. A table refiled with a figure
  corrected has far fewer slots, or keeps most of its figures. A skeleton other documents
  hold with another name in a slot on each side ("As long as [Lilly]'s stake in [Liposome]
  is below five pct") is a template too (`template_names`). So are two stories opening
  under datelines of different days (`tui.engine.datelines`) whose passage starts there
  and whose slots after them hold another name, or a figure with most figures differing,
  one slot at least every `template_dated_slot_words` shared words: the next day's notice
  (a story filed twice keeps its dateline; a table refiled days later, a figure corrected,
  keeps most of its figures, but comes within days: from `template_refile_days` apart, the
  figures kept are a monthly estimate's that did not change). Inside one article, two
  passages differing in a slot that holds other figures or other names on each side
  (`template_rows`) are two rows of one
  table ("the [three]-month bills ... [5.66] pct" and "[six]-month ... [5.70] pct"): text
  pasted twice keeps them, written alike or not ("7000" and "7,000", "EU" and "European
  Union").
- A passage found **sentence by sentence** whose words are less than
  `reworded_min_similarity` alike is the same event told twice, not a copy.

A quotation repeated by many outlets is reuse however short: quoted text (`tui.engine.quotes`)
is never a stock phrase or a fragment. But a **short quotation met weeks apart** (under
`min_chars`, the stories dated more than `quote_max_days` apart) is two writers' phrase ("an
advanced stage of disintegration"): a remark is repeated in the days after it is made.
Documents compared alone have no rarity, and only the last test applies to them.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from itertools import accumulate

import numpy as np

from tui.engine.align.evidence import is_name_like
from tui.engine.datelines import dateline, days_apart
from tui.engine.dates import days_between
from tui.engine.prepare import PreparedDocument
from tui.engine.quotes import mostly_quoted
from tui.engine.rarity import DocumentRarity
from tui.engine.sentences import whole_numbers
from tui.engine.tokens import STOPWORDS
from tui.model import Alignment
from tui.params import Params

# Characters of a sentence's edge a shared text may leave out and still hold the sentence:
# its closing quote or full stop, or an opening quote.
_EDGE_SLACK = 2
_SENTENCE_SLACK = 0.2  # and this share of the sentence (a lead-in such as "Mr Carter said")

Runs = Sequence[tuple[int, int]]


def set_aside(
    a: PreparedDocument, b: PreparedDocument, alignment: Alignment, params: Params
) -> str:
    """Why `alignment` is not reuse an editor would accept, or "" when it is."""
    runs_a = [(r[0], r[1]) for r in alignment.shared]
    runs_b = [(r[2], r[3]) for r in alignment.shared]
    short = min(_length(runs_a), _length(runs_b)) < params.stock_phrase_chars
    quoted = short and (_mostly_quoted(a, runs_a) or _mostly_quoted(b, runs_b))
    if a.rarity is None or b.rarity is None:
        return ""
    if params.quote_max_days > 0 and _short_quote_far_apart(a, b, runs_a, runs_b, params):
        return "short quote weeks apart"
    rare = _holds_rare_word(a, runs_a, params)
    if short and not quoted and params.stock_phrase_docs > 0:
        if params.stock_phrase_docs <= _rarest_shingle(a, runs_a, params):
            return "stock phrase"
        # a formula with a word of the pair's own at an edge ("The Japanese government did
        # not respond to a request for comment"): most of its shingles are common, and it
        # shares no figure (the same figures are a copy's: "fixed lower at 1.8218 marks");
        # a lead pasted twice in one article, whole sentences on both sides, is no formula
        if (
            not rare
            and _common_but_its_edges(a, runs_a, params)
            and not any(_figures(a, s, e, runs_a)[1] for s, e in runs_a)
            and not _pasted_twice(a, b, alignment, runs_a, runs_b)
        ):
            return "stock phrase"
    if (
        short
        and not quoted
        and params.fragments_need_rare_words
        and not (rare and _rare_beyond_attribution(a, runs_a, params))
        and not (_whole_sentences(a, runs_a) or _whole_sentences(b, runs_b))
        and not _own_phrasing(a, b, runs_a, runs_b, params)
    ):
        return "fragment"
    if params.template_rows and _rows_of_one_article(a, b, runs_a, runs_b):
        return "template"
    if params.template_figures and not rare and _other_figures(a, b, alignment, runs_a, runs_b):
        return "template"
    if params.template_slot_figures > 0 and _figure_slots_dense(a, b, runs_a, runs_b, params):
        return "template"
    if params.template_names and not rare and _other_names(a, b, runs_a, runs_b, params):
        return "template"
    if params.template_dated_slot_words > 0 and _another_days_report(
        a, b, alignment, runs_a, runs_b, params
    ):
        return "template"
    return ""


def _short_quote_far_apart(
    a: PreparedDocument, b: PreparedDocument, runs_a: Runs, runs_b: Runs, params: Params
) -> bool:
    """Whether shared text under `min_chars` from its first shared word to its last (a
    quotation: nothing shorter is aligned otherwise) links stories run more than
    `quote_max_days` apart. The passage shown may be longer, widened to its sentences."""
    if min(_extent(runs_a), _extent(runs_b)) >= params.min_chars:
        return False
    apart = days_between(a.document.date, b.document.date)
    if apart is None or abs(apart) <= params.quote_max_days:
        return False
    return not (_quoted_phrase(a, runs_a) and _quoted_phrase(b, runs_b))


# Quoted words a quoted phrase may have within this many words outside the shared text: one
# side may quote a word more ('"A new chapter' against 'a "new chapter').
_PHRASE_REACH = 2


def _quoted_phrase(prepared: PreparedDocument, runs: Runs) -> bool:
    """Whether the shared text is a phrase quoted whole ('described US media as "the
    opposition party"'): mostly quoted, the quotation neither opening nor going on more than
    a word beyond it. The opening of a longer quotation ('"I think the president has made
    it clear') is how many speakers begin."""
    words = _words_of(prepared, min(s for s, _ in runs), max(e for _, e in runs))
    quoted = prepared.quoted
    if not mostly_quoted(quoted, [words]):
        return False
    before = quoted.count(1, max(0, words.start - _PHRASE_REACH), words.start)
    after = quoted.count(1, words.stop, words.stop + _PHRASE_REACH)
    return before <= 1 and after <= 1


def loose_rewording(alignment: Alignment, params: Params) -> bool:
    """Whether a passage found sentence by sentence shares too few of its words in order."""
    return alignment.similarity < params.reworded_min_similarity


def _length(runs: Runs) -> int:
    return sum(end - start for start, end in runs)


def _extent(runs: Runs) -> int:
    """Characters from the first shared word to the last (runs found sentence by sentence
    may come in another order on one side)."""
    return max(end for _, end in runs) - min(start for start, _ in runs) if runs else 0


def _words_of(prepared: PreparedDocument, start: int, end: int) -> range:
    """The words whose start lies in `[start, end)`."""
    starts = prepared.tokens.starts
    return range(bisect_left(starts, start), bisect_left(starts, end))


def _rarity(prepared: PreparedDocument) -> DocumentRarity:
    assert prepared.rarity is not None
    return prepared.rarity


def _run_shingles(prepared: PreparedDocument, runs: Runs, params: Params) -> list[range]:
    """For each shared run, the positions of the shingles that lie wholly inside it (a
    shingle is numbered by its first word, as `DocumentRarity.shingles` counts them)."""
    shingles = []
    for start, end in runs:
        words = _words_of(prepared, start, end)
        shingles.append(range(words.start, words.stop - params.shingle_words + 1))
    return shingles


def _rarest_shingle(prepared: PreparedDocument, runs: Runs, params: Params) -> int:
    """The fewest documents holding one of the shingles that lie wholly inside the shared
    runs (0 when no shingle fits in a run)."""
    counts = _rarity(prepared).shingles
    rarest = 0
    for positions in _run_shingles(prepared, runs, params):
        for position in positions:
            found = int(counts[position])
            if found and (rarest == 0 or found < rarest):
                rarest = found
    return rarest


def _common_but_its_edges(prepared: PreparedDocument, runs: Runs, params: Params) -> bool:
    """Whether the shingles inside the shared runs that fewer than `stock_phrase_docs`
    documents hold all touch the shared text's first two words or its last two, and the
    common ones are most: a formula meeting text of the pair's own at an edge ("The Japanese
    government did not respond to a request for comment"), not a copy sharing something
    particular inside ("As long as Lilly's stake in Liposome is below five pct")."""
    if not runs:
        return False
    counts = _rarity(prepared).shingles
    first = _words_of(prepared, *runs[0]).start
    last = _words_of(prepared, *runs[-1]).stop - 1
    common = total = 0
    for positions in _run_shingles(prepared, runs, params):
        for position in positions:
            found = int(counts[position])
            if not found:
                continue
            total += 1
            if found >= params.stock_phrase_docs:
                common += 1
            elif first + 1 < position and position + params.shingle_words - 1 < last - 1:
                return False
    return total > 0 and 2 * common >= total


def _pasted_twice(
    a: PreparedDocument, b: PreparedDocument, alignment: Alignment, runs_a: Runs, runs_b: Runs
) -> bool:
    """Whether the shared text is whole sentences repeated word for word within one article
    (a lead or a headline pasted twice)."""
    return (
        a.document.id == b.document.id
        and alignment.verbatim
        and _whole_sentences(a, runs_a)
        and _whole_sentences(b, runs_b)
    )


def _holds_rare_word(
    prepared: PreparedDocument, runs: Runs, params: Params, *, names: bool = True
) -> bool:
    """Whether a shared content word is held by few documents of the corpus; with `names`
    False, a word that is not part of a name (`is_name_like`)."""
    rarity = _rarity(prepared)
    limit = rarity.rare_word_limit(params)
    words = prepared.tokens.words
    ranges = sorted((r.start, r.stop) for r in (_words_of(prepared, s, e) for s, e in runs) if r)
    if not ranges:
        return False
    # The counts of the shared text's words at once, from its first word to its last: most
    # words of a long passage are common, and only the few under the limit that lie in a
    # run are worth a look in Python. A word lies in a run if a run starting at or before
    # it reaches past it: the farthest reach of the runs up to each start tells.
    starts = [start for start, _ in ranges]
    reach = list(accumulate((stop for _, stop in ranges), max))
    first = starts[0]
    for offset in np.flatnonzero(rarity.words[first : reach[-1]] <= limit).tolist():
        k = first + offset
        if reach[bisect_right(starts, k) - 1] <= k:
            continue  # between two runs
        word = words[k]
        content = len(word) > 2 and not word.isdigit() and word not in STOPWORDS
        if content and (names or not is_name_like(prepared, k)):
            return True
    return False


# The verbs that attribute words to a speaker, and how many words after the speaker's name
# one may stand ("Mick Mulvaney, Trump's budget director, said").
_SPEECH_VERBS = frozenset(("said", "says", "told", "tells", "added", "adds", "stated"))
_SPEAKER_REACH = 8


def _rare_beyond_attribution(prepared: PreparedDocument, runs: Runs, params: Params) -> bool:
    """Whether the shared text's rare words say more than who spoke. In an attribution, a
    name followed by a verb of speech ("joint spokesman Alfred Herrhausen said"), the names
    are how every story quotes him, and only a rare word that is no name is evidence of a
    copy ("The administrators told Sandusky he could not ..." is no attribution)."""
    words = prepared.tokens.words
    speaker = -_SPEAKER_REACH - 1  # the last name seen
    shared = [k for start, end in runs for k in _words_of(prepared, start, end)]
    # the verb may follow the shared words: the stories go on "said", "told a news conference"
    following = _words_of(prepared, runs[-1][1], len(prepared.document.text))[:2]
    for k in [*shared, *following]:
        if words[k] in _SPEECH_VERBS and k - speaker <= _SPEAKER_REACH:
            return _holds_rare_word(prepared, runs, params, names=False)
        if is_name_like(prepared, k):
            speaker = k
    return True


def _whole_sentences(prepared: PreparedDocument, runs: Runs) -> bool:
    """Whether the shared text starts near the start of its first sentence and ends near the
    end of its last: whole sentences copied, not a phrase inside them."""
    starts_whole, ends_whole = _sentence_edges(prepared, runs)
    return starts_whole and ends_whole


def _sentence_edges(
    prepared: PreparedDocument, runs: Runs, slack: float = _SENTENCE_SLACK
) -> tuple[bool, bool]:
    """Whether the shared text starts near the start of its first sentence (leaving out at
    most `slack` of it), and whether it ends near the end of its last."""
    sentences = prepared.segments.sentences
    if not runs or not sentences:
        return True, True
    first, last = runs[0][0], runs[-1][1]
    s_start, s_end = sentences[prepared.segments.sentence_at(first)]
    e_start, e_end = sentences[prepared.segments.sentence_at(max(first, last - 1))]
    starts_whole = first - s_start <= slack * (s_end - s_start) + _EDGE_SLACK
    ends_whole = e_end - last <= slack * (e_end - e_start) + _EDGE_SLACK
    return starts_whole, ends_whole


def _own_phrasing(
    a: PreparedDocument, b: PreparedDocument, runs_a: Runs, runs_b: Runs, params: Params
) -> bool:
    """Whether a fragment's words stand in an order only these two documents have: most of
    its shingles are held by no other document, with `fragment_phrase_shingles` of them in a
    row where it opens or closes its sentence on both sides (the clause was lifted with its
    sentence's edge), or twice as many anywhere; and no gap between the shared runs holds
    other content words on each side. A skeleton other documents share, with the pair's own
    values in it, is a template ("condolences to his Turkish/Pakistani counterpart")."""
    needed = params.fragment_phrase_shingles
    if needed <= 0:
        return False
    holders = 1 if a.document.id == b.document.id else 2
    longest, own, total = _own_shingles(a, runs_a, params, holders)
    if longest < needed or 2 * own < total or _slot_filled(a, b, runs_a, runs_b):
        return False
    if longest >= 2 * needed:
        return True
    starts_a, ends_a = _sentence_edges(a, runs_a, slack=0.0)
    starts_b, ends_b = _sentence_edges(b, runs_b, slack=0.0)
    return (starts_a and starts_b) or (ends_a and ends_b)


def _own_shingles(
    prepared: PreparedDocument, runs: Runs, params: Params, holders: int
) -> tuple[int, int, int]:
    """Of the shingles inside the shared runs, the most in a row (inside one run) that no
    more than `holders` documents of the corpus hold (the pair itself), how many such
    shingles there are, and how many shingles in all."""
    counts = _rarity(prepared).shingles
    longest = own = total = 0
    for positions in _run_shingles(prepared, runs, params):
        stretch = 0
        for position in positions:
            found = int(counts[position])
            total += found > 0
            stretch = stretch + 1 if 0 < found <= holders else 0
            own += stretch > 0
            longest = max(longest, stretch)
    return longest, own, total


def _slot_filled(a: PreparedDocument, b: PreparedDocument, runs_a: Runs, runs_b: Runs) -> bool:
    """Whether some gap between two shared runs holds a content word on both sides: a word
    put in the other's place, not one added or left out."""
    return any(
        _holds_content_word(a, runs_a[k][1], runs_a[k + 1][0])
        and _holds_content_word(b, runs_b[k][1], runs_b[k + 1][0])
        for k in range(len(runs_a) - 1)
    )


def _other_names(
    a: PreparedDocument, b: PreparedDocument, runs_a: Runs, runs_b: Runs, params: Params
) -> bool:
    """Whether the shared words are a skeleton other documents hold too (most of its
    shingles), with another name in a slot on each side, no word of one side's names
    written in the other's (not "Tom" for "Thomas" either): another company or person in
    the skeleton ("As long as Lilly's stake in [Liposome] is below five pct"). A copy that
    names a country otherwise ("the Netherlands'" for "Dutch") holds its own wording; but
    wording of the pair's own with another full name on each side ("[Frank E. Baxter] will
    assume the added duties of") is the same notice about another person."""
    _, own, total = _own_shingles(a, runs_a, params, 1 if a.document.id == b.document.id else 2)
    own_wording = 2 * own >= total > 0
    for k in range(len(runs_a) - 1):
        names_a = _names_in(a, runs_a[k][1], runs_a[k + 1][0])
        names_b = _names_in(b, runs_b[k][1], runs_b[k + 1][0])
        if (
            names_a
            and names_b
            and not any(_same_name(x, y) for x in names_a for y in names_b)
            and (not own_wording or min(len(names_a), len(names_b)) >= _FULL_NAME_WORDS)
        ):
            return True
    return False


def _same_name(x: str, y: str) -> bool:
    """Whether two name words may name one person ("Tom" and "Thomas"); an initial ("E.")
    is no evidence either way."""
    if min(len(x), len(y)) < 2:
        return x == y
    return x.startswith(y) or y.startswith(x)


# Name words in a slot on each side that make it another person's or company's full name
# ("[Frank E. Baxter] will assume the added duties of" and "[Eugene L. Butler] ..."): a copy
# may name a country otherwise, never put another person in a sentence.
_FULL_NAME_WORDS = 3


def _rows_of_one_article(
    a: PreparedDocument, b: PreparedDocument, runs_a: Runs, runs_b: Runs
) -> bool:
    """Whether two passages of one article differ in a slot that holds other figures, or
    other names, on each side: two rows of one table or two items of one report ("the
    average yield on the [three]-month bills ... since [5.66] pct" and "[six]-month ...
    [5.70] pct"), not text pasted twice, which keeps its figures and names. A deck or lead
    that copies a body sentence may name a thing otherwise ("GOP" for "Republican"): a name
    is a slot only between two passages of the body, neither in the opening paragraph."""
    if a.document.id != b.document.id or not runs_a:
        return False
    paragraphs = a.segments.paragraphs
    opens = bool(paragraphs) and min(runs_a[0][0], runs_b[0][0]) < paragraphs[0][1]
    for k in range(len(runs_a) - 1):
        gap_a, gap_b = (runs_a[k][1], runs_a[k + 1][0]), (runs_b[k][1], runs_b[k + 1][0])
        if (
            _holds_figure(a, *gap_a)
            and _holds_figure(b, *gap_b)
            and _other_figure(a, gap_a, b, gap_b)
        ):
            return True
        if not opens and _other_name(_names_in(a, *gap_a), _names_in(b, *gap_b)):
            return True
    return False


def _other_figure(
    a: PreparedDocument, gap_a: tuple[int, int], b: PreparedDocument, gap_b: tuple[int, int]
) -> bool:
    """Whether two gaps hold other words, not one figure written two ways ("7000" and
    "7,000"); a gap may hold the end of a figure ("66" of "5.66" against "70")."""
    words_a = [a.tokens.words[k] for k in _words_of(a, *gap_a)]
    words_b = [b.tokens.words[k] for k in _words_of(b, *gap_b)]
    if words_a == words_b:
        return False
    whole_a, whole_b = _whole_figures(a, *gap_a), _whole_figures(b, *gap_b)
    return not (whole_a and whole_a == whole_b)


def _other_name(names_a: list[str], names_b: list[str]) -> bool:
    """Whether both lists hold names and share none, the initials of one not spelling a
    name of the other ("EU" and "European Union" are one name)."""
    if not names_a or not names_b or set(names_a) & set(names_b):
        return False
    initials_a = "".join(name[0] for name in names_a)
    initials_b = "".join(name[0] for name in names_b)
    return not any(
        initials == name.replace(".", "")
        for initials, names in ((initials_a, names_b), (initials_b, names_a))
        for name in names
    )


def _another_days_report(
    a: PreparedDocument,
    b: PreparedDocument,
    alignment: Alignment,
    runs_a: Runs,
    runs_b: Runs,
    params: Params,
) -> bool:
    """Whether the two stories open under datelines of different days, the passage starts
    at them on both sides, and the stretches the two leave unshared after the datelines
    are slots, one at least every `template_dated_slot_words` shared words: the next day's
    report on the same skeleton ("June 19 - The Federal Reserve ... to arrange [six]-day
    repurchase agreements" and "June 29 - ... [two]-day"). A slot holds another name on
    each side (another company's notice), or a figure on each side with most of the
    passage's figures differing: the same company's table refiled the next day, a figure
    corrected, keeps most of them, and follows within days: from `template_refile_days`
    apart, the figures kept are a notice's that did not change (the USDA's monthly "Canada's
    wheat crop at 31.85 mln tonnes, vs 31.85 mln tonnes last month"). A story filed twice
    keeps its dateline."""
    line_a, line_b = dateline(a.document.text), dateline(b.document.text)
    if line_a is None or line_b is None or line_a.day == line_b.day or not runs_a:
        return False
    if alignment.a.start > line_a.end or alignment.b.start > line_b.end:
        return False
    # the slots: from each dateline to the first shared word after it ("- [<Davox Corp>]
    # said it filed"), then every gap between shared runs, each cut to after the dateline
    starts_a = [line_a.end, *(end for _, end in runs_a[:-1])]
    starts_b = [line_b.end, *(end for _, end in runs_b[:-1])]
    name_slots = figure_slots = 0
    for k, (start_a, start_b) in enumerate(zip(starts_a, starts_b, strict=True)):
        gap_a = (max(start_a, line_a.end), runs_a[k][0])
        gap_b = (max(start_b, line_b.end), runs_b[k][0])
        if _other_name(_names_in(a, *gap_a), _names_in(b, *gap_b)):
            name_slots += 1
        elif _holds_figure(a, *gap_a) and _holds_figure(b, *gap_b):
            figure_slots += 1
    if figure_slots and not name_slots:
        figures_a = _whole_figures(a, line_a.end, runs_a[-1][1])
        figures_b = _whole_figures(b, line_b.end, runs_b[-1][1])
        most = max(figures_a.total(), figures_b.total())
        kept = most and 2 * sum((figures_a & figures_b).values()) >= most
        if kept and days_apart(line_a.day, line_b.day) < params.template_refile_days:
            figure_slots = 0
    slots = name_slots + figure_slots
    shared_words = sum(len(_words_of(a, start, end)) for start, end in runs_a)
    return slots > 0 and shared_words <= params.template_dated_slot_words * slots


def _names_in(prepared: PreparedDocument, start: int, end: int) -> list[str]:
    words = prepared.tokens.words
    return [
        words[k]
        for k in _words_of(prepared, start, end)
        if words[k] not in STOPWORDS and is_name_like(prepared, k)
    ]


def _holds_content_word(prepared: PreparedDocument, start: int, end: int) -> bool:
    words = prepared.tokens.words
    return any(words[k] not in STOPWORDS for k in _words_of(prepared, start, end))


def _other_figures(
    a: PreparedDocument, b: PreparedDocument, alignment: Alignment, runs_a: Runs, runs_b: Runs
) -> bool:
    """Whether the shared stretch holds two or more figures on each side, most of them
    different: a template's slots are on both sides, between the words it shares (a date in
    a tweet's signature beside a copied sentence is no slot)."""
    if not runs_a:
        return False
    figures_a, shared_a = _figures(a, runs_a[0][0], runs_a[-1][1], runs_a)
    figures_b, shared_b = _figures(b, runs_b[0][0], runs_b[-1][1], runs_b)
    most = max(figures_a, figures_b)
    return min(figures_a, figures_b) >= 2 and 2 * min(shared_a, shared_b) < most


def _figure_slots_dense(
    a: PreparedDocument, b: PreparedDocument, runs_a: Runs, runs_b: Runs, params: Params
) -> bool:
    """Whether `template_slot_figures` gaps or more between the shared runs hold a figure on
    each side, one at least every `template_slot_words` shared words: a skeleton with other
    values in its slots ("Shr [40] cts vs [17] cts Net [1,234,000] vs ...")."""
    slots = sum(
        _holds_figure(a, runs_a[k][1], runs_a[k + 1][0])
        and _holds_figure(b, runs_b[k][1], runs_b[k + 1][0])
        for k in range(len(runs_a) - 1)
    )
    if slots < params.template_slot_figures:
        return False
    shared_words = sum(len(_words_of(a, start, end)) for start, end in runs_a)
    if shared_words > params.template_slot_words * slots:
        return False
    # Most of the figures differ, each read whole ("1,766,000", not three words): a table
    # refiled in another layout ("Revs 1,657,000" and "Revs 1.7 mln") keeps most of them.
    figures_a = _whole_figures(a, runs_a[0][0], runs_a[-1][1])
    figures_b = _whole_figures(b, runs_b[0][0], runs_b[-1][1])
    same = sum((figures_a & figures_b).values())
    return 2 * same < max(figures_a.total(), figures_b.total())


def _whole_figures(prepared: PreparedDocument, start: int, end: int) -> Counter[str]:
    """The figures written in `[start, end)` of the document, each read whole as the related
    tier reads it (`whole_numbers`), once per time written."""
    words = whole_numbers(prepared.document.text, prepared.tokens)
    return Counter(words[k] for k in _words_of(prepared, start, end) if words[k].isdigit())


def _holds_figure(prepared: PreparedDocument, start: int, end: int) -> bool:
    words = prepared.tokens.words
    return any(_is_figure(words[k]) for k in _words_of(prepared, start, end))


# Figures written out ("Non-callable for three years", "two-for-one"): a template's slot
# holds them as often as digits.
_WRITTEN_FIGURES = (
    "one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty "
    "forty fifty hundred thousand half quarter"
)
_NUMBER_WORDS = frozenset(_WRITTEN_FIGURES.split())


def _is_figure(word: str) -> bool:
    return word.isdigit() or word in _NUMBER_WORDS


def _figures(prepared: PreparedDocument, start: int, end: int, runs: Runs) -> tuple[int, int]:
    """The passage's figures (words of digits), and how many of them lie in a shared run."""
    words, starts = prepared.tokens.words, prepared.tokens.starts
    total = shared = 0
    for k in _words_of(prepared, start, end):
        if words[k].isdigit():
            total += 1
            at = starts[k]
            shared += any(s <= at < e for s, e in runs)
    return total, shared


def _mostly_quoted(prepared: PreparedDocument, runs: Runs) -> bool:
    """Whether at least half of the shared words lie inside quotation marks."""
    return mostly_quoted(prepared.quoted, (_words_of(prepared, s, e) for s, e in runs))
