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
  section);
- inline blocks: a recurring run of `inline_furniture_min_words` to `..._max_words` words
  that starts a sentence inside an article (a video player's notice, a promo);
- widget labels: a line that opens with a label in capitals and a colon ("IN PICTURES:"),
  where the same label opens lines in at least `outlet_furniture_docs` articles of the source;
  the label and the headline after it are furniture.

Recurring text is furniture only when the articles that share it are about unrelated
subjects (few of their rare words in common): the lead that the updates of one story share,
or a background paragraph carried through it, is the story's own. And only for an outlet
with at most half of the corpus: against no other outlet, furniture cannot be told from
house style (Reuters-21578 is one outlet: nothing is found there).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from tui.engine.segment import Segments
from tui.engine.tokens import STOPWORDS, Tokens, is_informative, words_only
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
# A label: one to three words in capitals, then a colon ("READ MORE:", "IN PICTURES:").
# Its words have three letters or more: "DW:" or "CNN:" before a question names the
# interviewer, not a widget.
_LABEL = re.compile(r"([A-Z][A-Z'’&]+[A-Z](?:[ \t]+[A-Z][A-Z'’&]+[A-Z]){0,2})[ \t]?:[ \t]+(?=\S)")
# What may stand before a label that opens a line: nothing, the end of a sentence, a line
# break, or a dash or bullet.
_LINE_OPENING = re.compile(r"(?:^|[.!?\"'”’)\]]\s+|\n\s*|[-–—•*]\s*)$")
_LOOKBEHIND = 4  # characters before a label that `_LINE_OPENING` needs to see
# Words two teasers of one label must share before their common start is taken as the headline.
_SHARED_HEADLINE = 3
_TITLE_BREAK = re.compile(r"\s\s|\n")  # a widget's headline ends at a double space or line


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

    def relatedness(self, documents: Ints, limit: int = 12) -> float:
        """How much the documents are about one subject: the median, over pairs of the first
        `limit`, of the share of the smaller one's rare words that the other holds too."""
        chosen = documents[:limit].tolist()
        shares = []
        for i, x in enumerate(chosen):
            for y in chosen[i + 1 :]:
                a, b = self.rare_words(x), self.rare_words(y)
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
    labels = _recurring_labels(contrasted, params.outlet_furniture_docs)
    headlines = _Headlines.of(documents, tokens, labels, params.label_headline_words)
    found = []
    for k, (document, words, segs) in enumerate(zip(documents, tokens, segments, strict=True)):
        mark = marks[k]
        spans = []
        if mark is not None:
            spans.extend(_recurring_edges(k, document, words, segs, mark, index, params))
            spans.extend(_recurring_blocks(k, document, words, segs, mark, index, params))
        recurring = labels.get(document.source, {})
        spans.extend(_widget_labels(document, words, recurring, headlines, params))
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
        runs = np.flatnonzero(marks.recurring[lo : hi + n - 1]) + lo
        if not len(runs):
            continue
        specific = runs[np.argmin(marks.counts.own[runs])]
        holders = index.holders(marks.counts.runs[specific], int(index.source_of[number]))
        if index.relatedness(holders) > params.outlet_furniture_related:
            continue
        many = int(marks.articles[lo:hi].max())
        reason = f"recurs at the {where} of {many} {_source_name(document)} articles"
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
        reason = f"recurs in {many} {_source_name(document)} articles on unrelated subjects"
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
        for label in {_label_key(m.group(1)) for m in _line_labels(document.text)}:
            holding[(document.source, label)] += 1
    found: dict[str, dict[str, int]] = defaultdict(dict)
    for (source, label), count in holding.items():
        if count >= least:
            found[source][label] = count
    return found


def _label_key(label: str) -> str:
    return " ".join(label.split())


@dataclass(frozen=True)
class _Headlines:
    """What tells where a widget's headline ends: the corpus' titles (a widget links to
    another article, often one of the corpus), and the words after every recurring label
    of each source (the same teaser on several pages ends where their words part)."""

    titles: frozenset[tuple[str, ...]]
    longest_title: int
    teasers: dict[tuple[str, str], list[tuple[str, ...]]]

    @staticmethod
    def of(
        documents: Sequence[Document],
        tokens: Sequence[Tokens],
        labels: dict[str, dict[str, int]],
        most: int,
    ) -> _Headlines:
        titles = frozenset(tuple(words_only(d.title)) for d in documents if d.title)
        teasers: dict[tuple[str, str], list[tuple[str, ...]]] = defaultdict(list)
        for document, words in zip(documents, tokens, strict=True):
            recurring = labels.get(document.source, {})
            for match in _line_labels(document.text) if recurring else ():
                key = _label_key(match.group(1))
                if key in recurring:
                    first = bisect_left(words.starts, match.end())
                    teasers[(document.source, key)].append(words.words[first : first + most])
        for found in teasers.values():
            found.sort()
        return _Headlines(titles, max(map(len, titles), default=0), teasers)

    def words(self, source: str, label: str, after: tuple[str, ...]) -> int:
        """How many of the words `after` a label are its headline, as far as titles and
        other teasers tell (0: they do not)."""
        for length in range(min(self.longest_title, len(after)), 1, -1):
            if after[:length] in self.titles:
                return length
        teasers = self.teasers.get((source, label), [])
        at = bisect_left(teasers, after)
        shared = 0
        for other in teasers[max(0, at - 1) : at + 2]:
            if other is not after and other != after:
                shared = max(shared, _common_prefix(other, after))
        return shared if shared >= _SHARED_HEADLINE else 0


def _common_prefix(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    count = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        count += 1
    return count


def _widget_labels(
    document: Document,
    tokens: Tokens,
    labels: dict[str, int],
    headlines: _Headlines,
    params: Params,
) -> list[Furniture]:
    """Each recurring label that opens a line of the document (or follows the headline of
    another), with the headline after it."""
    if not labels:
        return []
    text = document.text
    found: list[Furniture] = []
    most = params.label_headline_words
    for match in _LABEL.finditer(text):
        key = _label_key(match.group(1))
        opens = _LINE_OPENING.search(text[max(0, match.start() - _LOOKBEHIND) : match.start()])
        chained = found and text[found[-1].end : match.start()].strip() == ""
        if key not in labels or not (opens or chained):
            continue
        first = bisect_left(tokens.starts, match.end())
        known = headlines.words(document.source, key, tokens.words[first : first + most])
        if known:
            end = tokens.ends[first + known - 1]
            end += len(text[end:]) - len(text[end:].lstrip("'\"’”)?!"))
        else:
            end = _headline_end(text, tokens, match.end(), most)
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
        subtitle = any(c in gap for c in "-–—:")  # "Fillon's victory - A political earthquake"
        if (
            k > first + 1
            and written[:1].isupper()
            and tokens.words[k] in STOPWORDS
            and not subtitle
        ):
            break
        if _LABEL.match(text, word_start):
            break
        end = word_end
        if text[end : end + 1] in ("?", "!"):
            break
    return end + len(text[end:]) - len(text[end:].lstrip("'\"’”)?!"))
