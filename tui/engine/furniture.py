"""Find the page furniture scraped along with an article: comment forms, sharing prompts,
subscription nags, navigation. It is reported apart and never clustered as news reuse, because
"Share this article" in fifty articles says nothing about who copied whom.

Two signals: a paragraph matches a known furniture phrase, or a short paragraph recurs word for
word across many documents. A very short line next to furniture ("Error" above a comment-form
error) is furniture too. Scraped pages often keep no paragraphs at all, so the furniture of
one outlet (text at the edges of many of its articles, its widget labels) is found by
`tui.engine.outlet_furniture` as well. Every span says why it is furniture (`reason`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tui.engine.outlet_furniture import outlet_furniture
from tui.engine.segment import Segments
from tui.engine.tokens import Tokens, words_only
from tui.model import Document, Furniture
from tui.params import Params

# Furniture phrases. Two of them hold a whole paragraph and are tried at its start only; the
# others can sit anywhere, and each needs one of `_FURNITURE_WORDS`, so a paragraph without any
# of those words (nearly all news text) skips the slow search. Together they are one regex's
# alternatives, split only for speed: the flags they give are the same.
FURNITURE_AT_START = re.compile(
    r"""
    \s*(share|tweet|email|print)\s+(this|the)\s+(article|story|page|post)\b
    | \s*(advertisement|related\s+(articles|stories|content)|read\s+more|most\s+read)\s*:?\s*$
    """,
    re.IGNORECASE | re.VERBOSE,
)
FURNITURE_ANYWHERE = re.compile(
    r"""
    \bleave\s+a\s+(reply|comment)\b
    | \byour\s+email\s+address\s+will\s+not\s+be\s+published\b
    | \brequired\s+fields\s+are\s+marked\b
    | \bthis\s+site\s+uses\s+akismet\b
    | \bcomment\s+(data\s+is\s+processed|was\s+not\s+saved|could\s+not\s+be\s+(saved|posted))\b
    | \byour\s+comment\s+(was|has)\s+not\s+(been\s+)?saved\b
    | \b(please\s+)?try\s+again\s+later\b.*\bbrowser\b
    | \bsign\s+up\s+for\s+(our|the)\s+\w*\s*newsletters?\b
    | \bsubscribe\s+(now|today|to\s+our|for\s+\$?\d)
    | \ball\s+rights\s+reserved\b
    | \bwe\s+use\s+cookies\b | \bthis\s+(web)?site\s+uses\s+cookies\b
    | \bfollow\s+(us|@\w+|\w+(\s+\w+)?)\s+on\s+(twitter|facebook|instagram)\b
    | \bdo\s+you\s+have\s+information\s+you\s+want\s+to\s+share\b
    | \bshare\s+this\s+slide\b
    | \bclick\s+here\s+to\b
    | \b(javascript|js)\s+(is\s+)?(disabled|required)\b
    | \benable\s+javascript\b
    | \bwhatsapp\s+us\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
# One word every `FURNITURE_ANYWHERE` phrase contains, in lower case.
_FURNITURE_WORDS = (
    "comment",
    "reply",
    "email",
    "required",
    "akismet",
    "browser",
    "newsletter",
    "subscribe",
    "reserved",
    "cookies",
    "follow",
    "click",
    "disabled",
    "javascript",
    "whatsapp",
    "information",
    "slide",
)
# The only characters that IGNORECASE matches to an ASCII letter but lower() does not turn into
# that letter; mapped first so the word test can never miss a phrase the regex would find.
_CASE_ODDITIES = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})
_CLOSING = '.!?"”'  # a paragraph ending with one of these ends as a sentence does
_PHRASE = "furniture phrase (sharing, comments, subscription, copyright)"
_BESIDE = "short line beside furniture"
_PAGE_TAIL = "short lines closing the page after furniture"


def is_furniture(text: str) -> bool:
    """Whether a paragraph matches a known furniture phrase."""
    if FURNITURE_AT_START.match(text):
        return True
    lowered = text.lower() if text.isascii() else text.translate(_CASE_ODDITIES).lower()
    if not any(word in lowered for word in _FURNITURE_WORDS):
        return False
    return FURNITURE_ANYWHERE.search(text) is not None


def paragraph_key(text: str, max_words: int) -> str:
    """A short paragraph's normalised words, or "" for one longer than `max_words`, too long
    to be repeated furniture."""
    words = words_only(text)
    if len(words) > max_words:
        return ""
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class ParagraphFacts:
    """What boilerplate detection needs of each paragraph of one document, computed once (in
    any process): its `paragraph_key`, whether it matches a furniture phrase, and how its
    text looks to the rules that grow furniture, so that they need not slice and split the
    text again (a scan finds furniture in the main process, after every worker is done)."""

    keys: tuple[str, ...]
    furniture: tuple[bool, ...]
    # Where furniture starts inside a long paragraph that ends with it (a whole article scraped
    # as one paragraph, then "Follow us on Twitter"), or -1: only that tail is furniture.
    tails: tuple[int, ...]
    # White-space separated words, counted up to `furniture_tail_words + 1` (the rules'
    # limits).
    words: tuple[int, ...]
    # Whether the paragraph ends as a sentence ends (or is empty): then it is no short label.
    closed: tuple[bool, ...]


def _furniture_tail(text: str, segments: Segments, start: int, end: int, max_chars: int) -> int:
    """Start of the furniture sentences that close the long paragraph `[start, end)`, or -1."""
    tail = text[max(start, end - max_chars) : end]
    if not is_furniture(tail):
        return -1
    match = FURNITURE_AT_START.match(tail) or FURNITURE_ANYWHERE.search(tail)
    if match is None:
        return -1
    offset = max(start, end - max_chars) + match.start()
    return max(start, segments.sentences[segments.sentence_at(offset)][0])


def paragraph_facts(
    text: str, segments: Segments, params: Params, tokens: Tokens | None = None
) -> ParagraphFacts:
    """The facts of every paragraph. With the text's `tokens`, keys reuse their words: a
    paragraph's words are exactly the tokens inside its span, which starts and ends next to
    white space, where no word can cross."""
    texts = [text[s:e] for s, e in segments.paragraphs]
    longest = params.furniture_max_chars
    furniture = tuple(len(t) <= longest and is_furniture(t) for t in texts)
    tails = tuple(
        -1 if len(t) <= longest else _furniture_tail(text, segments, s, e, longest)
        for t, (s, e) in zip(texts, segments.paragraphs, strict=True)
    )
    words = tuple(min(len(t.split()), params.furniture_tail_words + 1) for t in texts)
    closed = tuple(t.rstrip()[-1:] in _CLOSING for t in texts)
    most = params.boilerplate_max_words
    if tokens is None:
        keys = [paragraph_key(t, most) for t in texts]
    else:
        keys = []
        for s, e in segments.paragraphs:
            first, stop = bisect_left(tokens.starts, s), bisect_left(tokens.starts, e)
            short = stop - first <= most
            keys.append(" ".join(tokens.words[first:stop]) if short else "")
    return ParagraphFacts(tuple(keys), furniture, tails, words, closed)


def repeated_keys(keys_per_document: Iterable[Iterable[str]], min_docs: int) -> set[str]:
    """Paragraph keys found in at least `min_docs` documents."""
    counts: Counter[str] = Counter()
    for keys in keys_per_document:
        counts.update(counted_keys(keys))
    return {key for key, n in counts.items() if n >= min_docs}


def counted_keys(keys: Iterable[str]) -> set[str]:
    """The paragraph keys one document counts for in `repeated_keys`: each distinct
    non-empty key once (a runner that counts documents elsewhere counts these)."""
    return {key for key in keys if key}


def corpus_furniture(
    documents: Sequence[Document],
    segments: Sequence[Segments],
    facts: Sequence[ParagraphFacts],
    params: Params,
    tokens: Sequence[Tokens] | None = None,
) -> list[tuple[Furniture, ...]]:
    """Every document's furniture spans: its paragraphs that read as furniture or repeat in
    `boilerplate_min_docs` documents or more of the corpus (see `find_boilerplate`), and,
    given the documents' `tokens`, its outlet's furniture (`outlet_furniture`); spans that
    overlap are one, with both reasons."""
    repeated = repeated_keys((f.keys for f in facts), params.boilerplate_min_docs)
    paragraphs = [
        find_boilerplate(d, s, repeated, params, f)
        for d, s, f in zip(documents, segments, facts, strict=True)
    ]
    if tokens is None:
        return [tuple(spans) for spans in paragraphs]
    outlets = outlet_furniture(documents, tokens, segments, params)
    return [merged(a + b) if b else tuple(a) for a, b in zip(paragraphs, outlets, strict=True)]


def merged(spans: Iterable[Furniture]) -> tuple[Furniture, ...]:
    """The spans in reading order, those that overlap or touch joined into one whose reason
    names each different reason once."""
    joined: list[Furniture] = []
    for span in sorted(spans, key=lambda f: (f.start, f.end)):
        if joined and span.start <= joined[-1].end:
            last = joined[-1]
            reasons = last.reason.split("; ")
            reason = last.reason if span.reason in reasons else f"{last.reason}; {span.reason}"
            joined[-1] = Furniture(last.doc, last.start, max(last.end, span.end), reason)
        else:
            joined.append(span)
    return tuple(joined)


def repeated_paragraphs(
    documents: Sequence[Document], segments: Sequence[Segments], params: Params
) -> set[str]:
    """Normalised short paragraphs that appear in at least `boilerplate_min_docs` documents."""
    keys = (
        [paragraph_key(d.text[a:b], params.boilerplate_max_words) for a, b in s.paragraphs]
        for d, s in zip(documents, segments, strict=True)
    )
    return repeated_keys(keys, params.boilerplate_min_docs)


def find_boilerplate(
    document: Document,
    segments: Segments,
    repeated: set[str],
    params: Params,
    facts: ParagraphFacts | None = None,
) -> list[Furniture]:
    """Furniture spans of one document: whole paragraphs, neighbours merged into one span
    that keeps the reason of its first paragraph flagged on its own merits."""
    paragraphs = segments.paragraphs
    if facts is None:
        facts = paragraph_facts(document.text, segments, params)
    least = params.boilerplate_min_docs
    reasons = [
        _PHRASE if f else (f"short paragraph found in {least}+ documents" if k in repeated else "")
        for f, k in zip(facts.furniture, facts.keys, strict=True)
    ]
    tails = [
        Furniture(document.id, tail, paragraphs[i][1], _PHRASE)
        for i, tail in enumerate(facts.tails)
        if tail >= 0
    ]
    if not any(reasons):  # both rules below only grow what is already flagged
        return tails
    count = len(paragraphs)
    # A very short line beside furniture belongs to it ("Error" above the error message).
    own = [bool(r) for r in reasons]  # flagged on its own merits
    flagged = list(own)
    for i in range(count):
        if flagged[i] or facts.words[i] > params.furniture_label_words or facts.closed[i]:
            continue
        if (i > 0 and flagged[i - 1]) or (i + 1 < count and flagged[i + 1]):
            flagged[i], reasons[i] = True, _BESIDE
    # Everything after the last furniture paragraph, if it is all short lines, is page tail.
    last = max(i for i, r in enumerate(reasons) if r)
    if all(n <= params.furniture_tail_words for n in facts.words[last + 1 :]):
        for i in range(last + 1, count):
            reasons[i] = _PAGE_TAIL
    spans: list[Furniture] = []
    for i, (s, e) in enumerate(paragraphs):
        if not reasons[i]:
            continue
        if spans and i > 0 and reasons[i - 1]:
            first = spans[-1]
            grown = first.reason in (_BESIDE, _PAGE_TAIL)
            reason = reasons[i] if grown and own[i] else first.reason
            spans[-1] = Furniture(document.id, first.start, e, reason)
        else:
            spans.append(Furniture(document.id, s, e, reasons[i]))
    inside_flagged = [t for t in tails if not any(t.overlap(f) for f in spans)]
    return sorted(spans + inside_flagged, key=lambda span: span.start)
