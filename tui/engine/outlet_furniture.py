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
  article's own (closing furniture may enclose a few: a sidebar's promos change with the
  section). Closing furniture takes in the credits before it: a sentence that runs on into
  it word for word in `outlet_credit_docs` articles on unrelated subjects (a columnist's bio
  recurs in the columnist's articles only, too few for a recurring edge of its own);
- inline blocks: a recurring run of `inline_furniture_min_words` to `..._max_words` words
  that starts a sentence inside an article (a video player's notice, a promo);
- widget labels (`widget_labels.py`): a line that opens with a label in capitals and a
  colon ("IN PICTURES:"), where the same label opens lines in at least
  `outlet_furniture_docs` articles of the source; the label and the headline after it are
  furniture;
- dated teasers (`dated_teasers.py`): another story's deck closed by its date in
  parentheses, where the outlet stamps teasers so in `outlet_furniture_docs` articles.

Recurring text is furniture only when the articles that share it are about unrelated
subjects (few of their rare words in common): the lead that the updates of one story share,
or a background paragraph carried through it, is the story's own. And only for an outlet
with at most half of the corpus: against no other outlet, furniture cannot be told from
house style (Reuters-21578 is one outlet: nothing is found there).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from tui.engine.dated_teasers import dated_teasers, stamping_outlets
from tui.engine.segment import Segments
from tui.engine.tokens import Tokens, is_informative
from tui.engine.widget_labels import Headlines, recurring_labels, source_name, widget_labels
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
# A word found in more than this share of the corpus' documents says nothing of a subject.
_RARE_SHARE = 0.02
_RARE_RUNS = 4


@dataclass(frozen=True)
class _Counts:
    """For every word run of one document (one per word, the padding included): its hash,
    how many articles of its source hold it, and how many of other sources."""

    runs: Hashes
    own: Ints
    other: Ints


@dataclass(frozen=True)
class _RunIndex:
    """Which documents hold each word run (sorted by run, then source, then document), and
    each document's rare words: what tells whether the articles sharing a run are about
    one subject."""

    runs: Hashes
    sources: Ints
    documents: Ints
    source_of: Ints
    codes: list[Ints]  # each document's words, as numbers
    rare: npt.NDArray[np.bool_]  # by word number: a word that can tell a subject
    # each document's words that lie in recurring runs (set by the caller), whose rare
    # words say nothing of its subject: they are the shared text itself
    covered: dict[int, npt.NDArray[np.bool_]] = field(default_factory=dict)
    _rare_of: dict[int, Ints] = field(default_factory=dict)

    def rare_words(self, document: int) -> Ints:
        """The document's distinct rare words outside recurring runs, sorted."""
        found = self._rare_of.get(document)
        if found is None:
            codes = self.codes[document]
            own = codes[~self.covered[document]] if document in self.covered else codes
            found = np.unique(own[self.rare[own]])
            self._rare_of[document] = found
        return found

    def holders(self, run: np.uint64, source: int) -> Ints:
        """The documents of `source` that hold `run`."""
        lo = int(np.searchsorted(self.runs, run, side="left"))
        hi = int(np.searchsorted(self.runs, run, side="right"))
        documents = self.documents[lo:hi][self.sources[lo:hi] == source]
        return np.unique(documents)

    def relatedness(self, documents: Ints, limit: int = 12, shared: Ints | None = None) -> float:
        """How much the documents are about one subject: the median, over pairs of the first
        `limit`, of the share of the smaller one's rare words that the other holds too (the
        words of the `shared` text aside)."""
        chosen = documents[:limit].tolist()
        shares = []
        for i, x in enumerate(chosen):
            for y in chosen[i + 1 :]:
                a, b = self.rare_words(x), self.rare_words(y)
                if shared is not None:
                    a, b = np.setdiff1d(a, shared), np.setdiff1d(b, shared)
                smaller = min(len(a), len(b))
                if smaller:
                    shares.append(len(np.intersect1d(a, b, assume_unique=True)) / smaller)
        return float(np.median(shares)) if shares else 0.0


def outlet_furniture(
    documents: Sequence[Document],
    tokens: Sequence[Tokens],
    segments: Sequence[Segments],
    params: Params,
) -> list[list[Furniture]]:
    """Every document's outlet furniture (recurring edges and widget labels), in order.

    Only for an outlet whose articles are at most half of the corpus: what sets one
    outlet's pages apart shows only against as many pages of others (in a corpus of one
    outlet its furniture cannot be told from its house style, and nothing is found)."""
    sizes = Counter(d.source for d in documents)
    if not any(2 * count <= len(documents) for count in sizes.values()):
        return [[] for _ in documents]
    counts, index = _run_counts(
        documents, tokens, params.outlet_furniture_words, params.outlet_furniture_docs
    )
    marks = [
        _recurring_words(count, len(words), params)
        if 2 * sizes[d.source] <= len(documents)
        else None
        for count, words, d in zip(counts, tokens, documents, strict=True)
    ]
    for k, mark in enumerate(marks):
        if mark is not None:
            index.covered[k] = mark.covered
    contrasted = [d for d in documents if 2 * sizes[d.source] <= len(documents)]
    labels = recurring_labels(contrasted, params.outlet_furniture_docs)
    headlines = Headlines.of(documents, tokens, labels, params.label_headline_words)
    stamping = stamping_outlets(contrasted, params.outlet_furniture_docs)
    found = []
    for k, (document, words, segs) in enumerate(zip(documents, tokens, segments, strict=True)):
        mark = marks[k]
        spans = []
        if mark is not None:
            spans.extend(_recurring_edges(k, document, words, segs, mark, index, params))
            spans.extend(_recurring_blocks(k, document, words, segs, mark, index, params))
        recurring = labels.get(document.source, {})
        spans.extend(widget_labels(document, words, recurring, headlines, params))
        spans.extend(dated_teasers(document, segs, stamping))
        found.append(sorted(spans))
    return found


@dataclass(frozen=True)
class _Marks:
    """One document's runs that recur in its source, and the words they cover."""

    counts: _Counts
    recurring: npt.NDArray[np.bool_]  # by run
    covered: npt.NDArray[np.bool_]  # by word
    articles: (
        Ints  # by word: in how many of the source's articles the most widespread run holding it is
    )


def _recurring_words(counts: _Counts, words: int, params: Params) -> _Marks | None:
    """Which runs of the document recur in its source's articles, or None if none does."""
    n, least = params.outlet_furniture_words, params.outlet_furniture_docs
    recurring = (counts.own >= least) & (counts.other * _OWN_SOURCE_RATIO <= counts.own)
    if len(recurring):
        recurring[[0, -1]] = False  # one word and the edge: any common first or last word
    if not recurring.any():
        return None
    # Word w lies in the runs w .. w + n - 1.
    held = np.where(recurring, counts.own, 0)
    articles = np.lib.stride_tricks.sliding_window_view(held, n).max(axis=1)[:words]
    return _Marks(counts, recurring, articles > 0, articles)


# --- recurring edges -------------------------------------------------------------------


def _run_counts(
    documents: Sequence[Document], tokens: Sequence[Tokens], n: int, least: int
) -> tuple[list[_Counts], _RunIndex]:
    """`_Counts` of every document, for runs of `n` words with the article's edges padded,
    and the index of who holds each run."""
    numbers: dict[str, int] = {}
    sources: dict[str, int] = {}
    hashes: list[Hashes] = []
    codes_of: list[Ints] = []
    for words in tokens:
        codes = np.fromiter(
            (numbers.setdefault(w, len(numbers) + 2) for w in words.words),
            dtype=np.int64,
            count=len(words.words),
        )
        codes_of.append(codes)
        padded = np.concatenate(([_START] * (n - 1), codes, [_END] * (n - 1))).astype(np.uint64)
        hashes.append(_run_hashes(padded, n))
    source_of = np.array(
        [sources.setdefault(d.source, len(sources)) for d in documents], dtype=np.int64
    )
    rare = _rare_words(codes_of, [w for w in numbers if not is_informative(w)], numbers, least)
    lengths = [len(h) for h in hashes]
    run = np.concatenate(hashes) if hashes else np.zeros(0, np.uint64)
    document = np.repeat(np.arange(len(hashes), dtype=np.int64), lengths)
    source = source_of[document]
    order = np.lexsort((document, source, run))  # by run, then source, then document
    r, s, d = run[order], source[order], document[order]
    index = _RunIndex(r, s, d, source_of, codes_of, rare)
    if not len(run):
        empty = np.zeros(0, np.int64)
        return [_Counts(h, empty, empty) for h in hashes], index
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
    counts = [
        _Counts(h, o, e - o)
        for h, o, e in zip(
            hashes, np.split(own_back, cuts), np.split(every_back, cuts), strict=True
        )
    ]
    return counts, index


def _rare_words(
    codes_of: Sequence[Ints], common: Sequence[str], numbers: dict[str, int], least: int
) -> npt.NDArray[np.bool_]:
    """By word number: informative words found in at least two documents and in at most
    `_RARE_SHARE` of them, or `_RARE_RUNS` times `least` in a small corpus (the subject
    words of articles that share a recurring run are in at least `least` documents)."""
    frequency = np.zeros(len(numbers) + 2, dtype=np.int64)
    for codes in codes_of:
        frequency[np.unique(codes)] += 1
    most = max(_RARE_RUNS * least, int(_RARE_SHARE * len(codes_of)))
    rare = (frequency >= 2) & (frequency <= most)
    rare[[numbers[w] for w in common]] = False
    return rare


def _run_hashes(codes: npt.NDArray[np.uint64], n: int) -> Hashes:
    """A polynomial hash of every run of `n` codes (wrapping 64-bit arithmetic)."""
    count = len(codes) - n + 1
    hashes = np.zeros(max(count, 0), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(n):
            hashes = hashes * _MULTIPLIER + codes[k : k + count]
    return hashes


def _recurring_edges(
    number: int,
    document: Document,
    tokens: Tokens,
    segments: Segments,
    marks: _Marks,
    index: _RunIndex,
    params: Params,
) -> list[Furniture]:
    """The sentences that open and close the document and recur in its source's articles,
    walked in from each edge up to the first sentence of its own, unless the articles that
    share them are about one subject (an update's lead, a background paragraph)."""
    n, covered = params.outlet_furniture_words, marks.covered
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
    tail, suffix = _closing(sentences, head, recurs, covered, params)
    closing = tail
    if suffix < 0 and tail < len(sentences):
        tail = _credits(number, sentences, head, tail, marks, index, params)
    own_end = sentences[tail - 1][1] if tail > head else 0
    tail_start = sentences[tail][2] if tail < len(sentences) else len(document.text)
    if suffix >= 0:
        tail_start, own_end = tokens.starts[suffix], suffix
    own_words = own_end - sentences[head][0] if tail > head else 0
    if own_words < len(tokens) - own_words:  # mostly recurring: a copy, not its page
        return []
    blocks = []
    if head:
        blocks.append((sentences[0][2], sentences[head - 1][3], 0, sentences[head - 1][1], "start"))
    if tail_start < len(document.text):
        first_word = bisect_left(tokens.starts, tail_start)
        blocks.append((tail_start, sentences[-1][3], first_word, len(tokens), "end"))
    spans = []
    for start, end, lo, hi, where in blocks:
        if where == "end" and closing > tail:  # the credits' own subjects were weighed
            lo = sentences[closing][0]
        runs = np.flatnonzero(marks.recurring[lo : hi + n - 1]) + lo
        if not len(runs):
            continue
        specific = runs[np.argmin(marks.counts.own[runs])]
        holders = index.holders(marks.counts.runs[specific], int(index.source_of[number]))
        if index.relatedness(holders) > params.outlet_furniture_related:
            continue
        many = int(marks.articles[lo:hi].max())
        reason = f"recurs at the {where} of {many} {source_name(document)} articles"
        spans.append(Furniture(document.id, start, end, reason))
    return spans


def _recurring_blocks(
    number: int,
    document: Document,
    tokens: Tokens,
    segments: Segments,
    marks: _Marks,
    index: _RunIndex,
    params: Params,
) -> list[Furniture]:
    """Recurring text inside the document that reads as a block of its own: it starts a
    sentence, is `inline_furniture_min_words` to `inline_furniture_max_words` long (a stock
    phrase is shorter, a recycled background paragraph longer), and the articles that
    share it are about unrelated subjects (a video player's notice, a share bar, a promo
    inserted mid-page)."""
    shortest, longest = params.inline_furniture_min_words, params.inline_furniture_max_words
    n, covered = params.outlet_furniture_words, marks.covered
    edges = np.flatnonzero(np.diff(np.r_[0, covered.astype(np.int8), 0]))
    spans = []
    for lo, hi in zip(edges[0::2].tolist(), edges[1::2].tolist(), strict=True):
        if not shortest <= hi - lo <= longest or lo == 0 or hi == len(tokens):
            continue  # an edge is `_recurring_edges`' business
        sentence = segments.sentence_at(tokens.starts[lo])
        opening = bisect_left(tokens.starts, segments.sentences[sentence][0])
        if lo - opening > 1:  # inside a sentence: a stock phrase, not a block
            continue
        runs = np.flatnonzero(marks.recurring[lo : hi + n - 1]) + lo
        specific = runs[np.argmin(marks.counts.own[runs])]
        holders = index.holders(marks.counts.runs[specific], int(index.source_of[number]))
        if index.relatedness(holders) > params.outlet_furniture_related:
            continue
        many = int(marks.articles[lo:hi].max())
        reason = f"recurs in {many} {source_name(document)} articles on unrelated subjects"
        spans.append(Furniture(document.id, tokens.starts[lo], tokens.ends[hi - 1], reason))
    return spans


def _closing(
    sentences: Sequence[tuple[int, int, int, int]],
    head: int,
    recurs: Callable[[int], bool],
    covered: npt.NDArray[np.bool_],
    params: Params,
) -> tuple[int, int]:
    """Where the closing furniture starts: the first sentence of the recurring ones that end
    the document (`len(sentences)` if none), walking over up to `outlet_furniture_gap`
    sentences of their own when recurring ones lie inside them (a sidebar whose promos
    change with the section), and the first word of a recurring end of the sentence before
    it (a quote that runs on into the author's e-mail address), or -1."""
    n, share = params.outlet_furniture_words, params.outlet_furniture_share

    def suffix(k: int) -> int:
        first, last = sentences[k][0], sentences[k][1]
        start = _recurring_suffix(covered[first:last], share, n)
        return first + start if start >= 0 else -1

    tail = len(sentences)
    started = tail > head and suffix(tail - 1) >= 0
    while tail > head:
        if recurs(tail - 1):
            tail, started = tail - 1, True
            continue
        if not started:
            break
        inside = range(tail - 2, max(head, tail - 2 - params.outlet_furniture_gap) - 1, -1)
        bridge = next((k for k in inside if recurs(k)), None)
        if bridge is None:
            break
        tail = bridge
    return tail, suffix(tail - 1) if tail > head else -1


def _credits(
    number: int,
    sentences: Sequence[tuple[int, int, int, int]],
    head: int,
    tail: int,
    marks: _Marks,
    index: _RunIndex,
    params: Params,
) -> int:
    """Where the closing furniture starts once the credits before it are taken in: up to
    `outlet_furniture_gap` sentences that run on, word for word, into the closing furniture
    in at least `outlet_credit_docs` of the source's articles about unrelated subjects (a
    columnist's bio before the opinion disclaimer recurs in only the columnist's articles,
    too few for a recurring edge; a background paragraph carried through a story's updates
    runs on into the disclaimer in articles about one subject)."""
    n, counts = params.outlet_furniture_words, marks.counts
    source = int(index.source_of[number])
    least, closing = params.outlet_credit_docs, tail
    while tail > head and closing - tail < params.outlet_furniture_gap:
        first, boundary = sentences[tail - 1][0], sentences[tail][0]
        # the runs that start in the sentence, the last of them reaching into the furniture
        runs = np.arange(first + n - 1, boundary + n - 1)
        if not len(runs):
            break
        own, other = counts.own[runs], counts.other[runs]
        held = (own >= least) & (other * _OWN_SOURCE_RATIO <= own)
        # word `first + k` lies in the runs k .. k + n - 1 of these (a bio names a
        # university that other outlets name too: its words need only be held in share)
        words = np.array([held[max(k - n + 1, 0) : k + 1].any() for k in range(len(runs))])
        if not held[-1] or words.mean() < params.outlet_furniture_share:
            break
        specific = runs[np.argmin(np.where(held, own, np.iinfo(np.int64).max))]
        holders = index.holders(counts.runs[specific], source)
        credit = index.codes[number][first:boundary]
        if index.relatedness(holders, shared=credit) > params.outlet_furniture_related:
            break
        tail -= 1
    return tail


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
