"""Page furniture of one outlet: text that opens or closes many of its articles, and the
labels of its widgets.

An outlet's page template puts the same lines at the top or bottom of its articles (the
disclaimer under every opinion piece, an author's bio, a newsletter promo, "Source: Al
Jazeera and news agencies") and the same labels inside them ("READ MORE: <another story's
headline>"). That text is nobody's copy of anybody, and scraped pages rarely keep it in
paragraphs of its own, so it is found by what makes it furniture, not by its words:

- recurring edges: the sentences at the start or the end of an article whose words, as runs
  of `outlet_furniture_words` words, recur in at least `outlet_furniture_docs` articles of the
  same source and hardly ever in another source's (a wire paragraph that two outlets run is
  reuse, never furniture). The walk in from each edge stops at the first sentence that is the
  article's own;
- widget labels: a line that opens with a label in capitals and a colon ("IN PICTURES:"),
  where the same label opens lines in at least `outlet_furniture_docs` articles of the source;
  the label and the headline after it are furniture.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tui.engine.segment import Segments
from tui.engine.tokens import STOPWORDS, Tokens
from tui.model import Document, Furniture
from tui.params import Params

Ints = npt.NDArray[np.int64]
Hashes = npt.NDArray[np.uint64]

_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)
# Codes of the words before an article's first word and after its last one: a short closing
# line ("Learn more") recurs as "learn more" followed by the end of the article.
_START, _END = 0, 1
# A word run found in this many times more articles of the source than of all the others
# together is the source's own; below it, text other outlets run too is never furniture.
_OWN_SOURCE_RATIO = 10
# A label: one to three words in capitals, then a colon ("READ MORE:", "IN PICTURES:").
# Its words have three letters or more: "DW:" or "CNN:" before a question names the
# interviewer, not a widget.
_LABEL = re.compile(r"([A-Z][A-Z'’&]+[A-Z](?:[ \t]+[A-Z][A-Z'’&]+[A-Z]){0,2})[ \t]?:[ \t]+(?=\S)")
# What may stand before a label that opens a line: nothing, the end of a sentence, a line
# break, or a dash or bullet.
_LINE_OPENING = re.compile(r"(?:^|[.!?\"'”’)\]]\s+|\n\s*|[-–—•*]\s*)$")
_LOOKBEHIND = 4  # characters before a label that `_LINE_OPENING` needs to see
_TITLE_BREAK = re.compile(r"\s\s|\n")  # a widget's headline ends at a double space or line


@dataclass(frozen=True)
class _Counts:
    """For every word run of one document (one per word, the padding included): how many
    articles of its source hold it, and how many of other sources."""

    own: Ints
    other: Ints


def outlet_furniture(
    documents: Sequence[Document],
    tokens: Sequence[Tokens],
    segments: Sequence[Segments],
    params: Params,
) -> list[list[Furniture]]:
    """Every document's outlet furniture (recurring edges and widget labels), in order."""
    counts = _run_counts(documents, tokens, params.outlet_furniture_words)
    labels = _recurring_labels(documents, params.outlet_furniture_docs)
    found = []
    for document, words, segs, count in zip(documents, tokens, segments, counts, strict=True):
        spans = _recurring_edges(document, words, segs, count, params)
        spans.extend(_widget_labels(document, words, labels.get(document.source, {}), params))
        found.append(sorted(spans))
    return found


# --- recurring edges -------------------------------------------------------------------


def _run_counts(documents: Sequence[Document], tokens: Sequence[Tokens], n: int) -> list[_Counts]:
    """`_Counts` of every document, for runs of `n` words with the article's edges padded."""
    numbers: dict[str, int] = {}
    sources: dict[str, int] = {}
    hashes: list[Hashes] = []
    for words in tokens:
        codes = np.fromiter(
            (numbers.setdefault(w, len(numbers) + 2) for w in words.words),
            dtype=np.int64,
            count=len(words.words),
        )
        padded = np.concatenate(([_START] * (n - 1), codes, [_END] * (n - 1))).astype(np.uint64)
        hashes.append(_run_hashes(padded, n))
    source_of = np.array(
        [sources.setdefault(d.source, len(sources)) for d in documents], dtype=np.int64
    )
    lengths = [len(h) for h in hashes]
    if not lengths or not sum(lengths):
        return [_Counts(np.zeros(k, np.int64), np.zeros(k, np.int64)) for k in lengths]
    run = np.concatenate(hashes)
    document = np.repeat(np.arange(len(hashes), dtype=np.int64), lengths)
    source = source_of[document]
    order = np.lexsort((document, source, run))  # by run, then source, then document
    r, s, d = run[order], source[order], document[order]
    new_run = np.r_[True, r[1:] != r[:-1]]
    new_source = new_run | np.r_[True, s[1:] != s[:-1]]
    new_document = new_source | np.r_[True, d[1:] != d[:-1]]
    in_source = np.cumsum(new_source) - 1
    in_run = np.cumsum(new_run) - 1
    own = np.bincount(in_source, weights=new_document).astype(np.int64)[in_source]
    every = np.bincount(in_run, weights=new_document).astype(np.int64)[in_run]
    own_back, every_back = np.empty_like(own), np.empty_like(every)
    own_back[order], every_back[order] = own, every
    cuts = np.cumsum(lengths)[:-1]
    return [
        _Counts(o, e - o)
        for o, e in zip(np.split(own_back, cuts), np.split(every_back, cuts), strict=True)
    ]


def _run_hashes(codes: npt.NDArray[np.uint64], n: int) -> Hashes:
    """A polynomial hash of every run of `n` codes (wrapping 64-bit arithmetic)."""
    count = len(codes) - n + 1
    hashes = np.zeros(max(count, 0), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(n):
            hashes = hashes * _MULTIPLIER + codes[k : k + count]
    return hashes


def _recurring_edges(
    document: Document, tokens: Tokens, segments: Segments, counts: _Counts, params: Params
) -> list[Furniture]:
    """The sentences that open and close the document and recur in its source's articles,
    walked in from each edge up to the first sentence of its own."""
    n, least = params.outlet_furniture_words, params.outlet_furniture_docs
    recurring = (counts.own >= least) & (counts.other * _OWN_SOURCE_RATIO <= counts.own)
    if not recurring.any():
        return []
    # Word w is covered when one of the runs w .. w + n - 1 that hold it recurs;
    # `articles[w]`: in how many of the source's articles the most widespread of them is.
    held = np.where(recurring, counts.own, 0)
    articles = np.lib.stride_tricks.sliding_window_view(held, n).max(axis=1)[: len(tokens)]
    covered = articles > 0
    sentences = [
        (bisect_left(tokens.starts, s), bisect_left(tokens.starts, e), s, e)
        for s, e in segments.sentences
    ]
    share = params.outlet_furniture_share

    def recurs(k: int) -> bool:
        first, last = sentences[k][0], sentences[k][1]
        return last > first and covered[first:last].mean() >= share

    head = 0
    while head < len(sentences) and recurs(head):
        head += 1
    tail = len(sentences)
    while tail > head and recurs(tail - 1):
        tail -= 1
    # The sentence before a recurring close may end with recurring words of its own: a
    # quote that runs on into the author's e-mail address and the page credit.
    tail_start = sentences[tail][2] if tail < len(sentences) else len(document.text)
    if tail > head:
        first, last = sentences[tail - 1][0], sentences[tail - 1][1]
        start = _recurring_suffix(covered[first:last], share, n)
        if start >= 0:
            tail_start = tokens.starts[first + start]
            last_own = first + start
        else:
            last_own = last
    own_words = (last_own if tail > head else 0) - (sentences[head][0] if tail > head else 0)
    if own_words < len(tokens) - own_words:  # mostly recurring: a copy, not its page
        return []
    spans = []
    if head:
        spans.append(
            _edge(
                document,
                sentences[0][2],
                sentences[head - 1][3],
                "start",
                articles,
                (0, sentences[head - 1][1]),
            )
        )
    if tail_start < len(document.text):
        end = sentences[-1][3]
        first_word = bisect_left(tokens.starts, tail_start)
        spans.append(_edge(document, tail_start, end, "end", articles, (first_word, len(tokens))))
    return spans


def _recurring_suffix(covered: npt.NDArray[np.bool_], share: float, least: int) -> int:
    """The first word of the longest run of at least `least` words that ends the sentence,
    starts with a covered word and is covered for at least `share` of its words, or -1."""
    count = len(covered)
    if count < least:
        return -1
    # covered words from k to the end, for every k
    after = np.cumsum(covered[::-1].astype(np.int64))[::-1]
    lengths = count - np.arange(count)
    good = covered & (after >= share * lengths) & (lengths >= least)
    found = np.flatnonzero(good)
    return int(found[0]) if len(found) else -1


def _edge(
    document: Document,
    start: int,
    end: int,
    where: str,
    articles: Ints,
    words: tuple[int, int],
) -> Furniture:
    many = int(articles[words[0] : words[1]].max())
    reason = f"recurs at the {where} of {many} {_source_name(document)} articles"
    return Furniture(document.id, start, end, reason)


def _source_name(document: Document) -> str:
    return document.source or "unnamed-source"


# --- widget labels ---------------------------------------------------------------------


def _line_labels(text: str) -> list[re.Match[str]]:
    """The labels that open a line of `text`."""
    return [
        m
        for m in _LABEL.finditer(text)
        if _LINE_OPENING.search(text[max(0, m.start() - _LOOKBEHIND) : m.start()])
    ]


def _recurring_labels(documents: Sequence[Document], least: int) -> dict[str, dict[str, int]]:
    """For each source, the labels that open lines in at least `least` of its articles, and
    in how many."""
    holding: dict[tuple[str, str], int] = defaultdict(int)
    for document in documents:
        for label in {m.group(1) for m in _line_labels(document.text)}:
            holding[(document.source, _label_key(label))] += 1
    found: dict[str, dict[str, int]] = defaultdict(dict)
    for (source, label), count in holding.items():
        if count >= least:
            found[source][label] = count
    return found


def _label_key(label: str) -> str:
    return " ".join(label.split())


def _widget_labels(
    document: Document, tokens: Tokens, labels: dict[str, int], params: Params
) -> list[Furniture]:
    """Each recurring label of the document with the headline after it."""
    if not labels:
        return []
    text = document.text
    found = []
    for match in _LABEL.finditer(text):
        key = _label_key(match.group(1))
        if key not in labels:
            continue
        end = _headline_end(text, tokens, match.end(), params.label_headline_words)
        reason = f"widget label {key}: in {labels[key]} {_source_name(document)} articles"
        found.append(Furniture(document.id, match.start(), end, reason))
    return found


def _headline_end(text: str, tokens: Tokens, start: int, most: int) -> int:
    """Where the headline after a widget label ends: at the end of its sentence, a double
    space or a line break, the next label, a capitalised function word (the next sentence
    starting without a full stop: "… trapped in a zombie union It said …"), or after
    `most` words, whichever comes first."""
    first = bisect_left(tokens.starts, start)
    end = start
    for k in range(first, min(first + most, len(tokens))):
        word_start, word_end = tokens.starts[k], tokens.ends[k]
        gap = text[end:word_start]
        if k > first and (_TITLE_BREAK.search(gap) or any(c in gap for c in ".!?")):
            break
        written = text[word_start:word_end]
        if k > first + 1 and written[:1].isupper() and tokens.words[k] in STOPWORDS:
            break
        if _LABEL.match(text, word_start):
            break
        end = word_end
        if text[end : end + 1] in ("?", "!"):
            end += 1
            break
    closing = len(text[end:]) - len(text[end:].lstrip("'\"’”)"))
    return end + closing
