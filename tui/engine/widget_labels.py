"""Widget labels of one outlet: a line that opens with a label in capitals and a colon
("IN PICTURES:", "READ MORE:"), where the same label opens lines in many of the outlet's
articles. The label and the headline after it (another story's, so nobody's copy) are
furniture. Part of `outlet_furniture`, which decides for which outlets it is looked for.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from tui.engine.tokens import STOPWORDS, Tokens, words_only
from tui.model import Document, Furniture
from tui.params import Params

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


def source_name(document: Document) -> str:
    """The outlet as furniture reasons name it."""
    return document.source or "unnamed-source"


def _line_labels(text: str) -> list[re.Match[str]]:
    """The labels that open a line of `text`."""
    return [
        m
        for m in _LABEL.finditer(text)
        if _LINE_OPENING.search(text[max(0, m.start() - _LOOKBEHIND) : m.start()])
    ]


def recurring_labels(documents: Sequence[Document], least: int) -> dict[str, dict[str, int]]:
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
class Headlines:
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
    ) -> Headlines:
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
        return Headlines(titles, max(map(len, titles), default=0), teasers)

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


def widget_labels(
    document: Document,
    tokens: Tokens,
    labels: dict[str, int],
    headlines: Headlines,
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
        reason = f"widget label {key}: in {labels[key]} {source_name(document)} articles"
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
