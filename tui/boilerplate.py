"""Find the page furniture scraped along with an article: comment forms, sharing prompts,
subscription nags, navigation. It is reported apart and never clustered as news reuse, because
"Share this article" in fifty articles says nothing about who copied whom.

Two signals: a paragraph matches a known furniture phrase, or a short paragraph recurs word for
word across many documents. A very short line next to furniture ("Error" above a comment-form
error) is furniture too.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from tui.model import Document, Span
from tui.segment import Segments
from tui.tokens import words_only

_FURNITURE = re.compile(
    r"""
    ^\s*(share|tweet|email|print)\s+(this|the)\s+(article|story|page|post)\b
    | \bleave\s+a\s+(reply|comment)\b
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
    | \bfollow\s+us\s+on\s+(twitter|facebook|instagram)\b
    | \bclick\s+here\s+to\b
    | \b(javascript|js)\s+(is\s+)?(disabled|required)\b
    | \benable\s+javascript\b
    | ^\s*(advertisement|related\s+(articles|stories|content)|read\s+more|most\s+read)\s*:?\s*$
    | \bwhatsapp\s+us\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
_SHORT_WORDS = 3  # a line this short next to furniture is part of it ("Error", "Reply")
_REPEATED_MAX_WORDS = 15  # a repeated paragraph longer than this is real (wire) text
_TAIL_MAX_WORDS = 8  # after furniture, only short lines remain at the end of a scraped page


def _paragraph_key(text: str) -> str:
    return " ".join(words_only(text))


def repeated_paragraphs(
    documents: Sequence[Document], segments: Sequence[Segments], min_docs: int
) -> set[str]:
    """Normalised short paragraphs that appear in at least `min_docs` documents."""
    counts: Counter[str] = Counter()
    for document, segs in zip(documents, segments, strict=True):
        keys = set()
        for s, e in segs.paragraphs:
            key = _paragraph_key(document.text[s:e])
            if key and key.count(" ") < _REPEATED_MAX_WORDS:
                keys.add(key)
        counts.update(keys)
    return {key for key, n in counts.items() if n >= min_docs}


def find_boilerplate(document: Document, segments: Segments, repeated: set[str]) -> list[Span]:
    """Furniture spans of one document: whole paragraphs, neighbours merged into one span."""
    paragraphs = segments.paragraphs
    texts = [document.text[s:e] for s, e in paragraphs]
    flagged = [bool(_FURNITURE.search(t)) or _paragraph_key(t) in repeated for t in texts]
    # A very short line beside furniture belongs to it ("Error" above the error message).
    for i, text in enumerate(texts):
        if flagged[i] or len(text.split()) > _SHORT_WORDS or text.rstrip()[-1:] in '.!?"”':
            continue
        if (i > 0 and flagged[i - 1]) or (i + 1 < len(texts) and flagged[i + 1]):
            flagged[i] = True
    # Everything after the last furniture paragraph, if it is all short lines, is page tail.
    if any(flagged):
        last = max(i for i, f in enumerate(flagged) if f)
        if all(len(t.split()) <= _TAIL_MAX_WORDS for t in texts[last + 1 :]):
            for i in range(last + 1, len(texts)):
                flagged[i] = True
    spans: list[Span] = []
    for i, (s, e) in enumerate(paragraphs):
        if not flagged[i]:
            continue
        if spans and i > 0 and flagged[i - 1]:
            spans[-1] = Span(document.id, spans[-1].start, e)
        else:
            spans.append(Span(document.id, s, e))
    return spans
