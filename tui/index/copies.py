"""Every copy of a passage, in date order, and what each changed against the earliest.

The Copies view's questions: "where does this passage appear, in what order, what did each
copy add or drop, and which of those changes touch a quote, a figure or a name?", and the
provenance line: "who had it first, and can we say who took it from whom?". A direction is
claimed only when dates say so: the earliest article must be dated a day before every other
article of the cluster; a tie on the first day is "same day"; any undated copy means no claim.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from tui.engine import dates
from tui.index.drift import Comparison, Drift, compare
from tui.model import Document, Span

CharRange = tuple[int, int]
Claim = Literal["source", "same-day", "undated", "one-article"]


@dataclass(frozen=True, slots=True)
class Copy:
    """One occurrence of a cluster's passage, measured against the earliest copy.

    `common` are this copy's words that every copy shares; `added` its words the earliest
    lacks; `dropped` the earliest's words it lacks, each as (offset in this copy's document
    where they would stand, the earliest's text of them); `drift` the differences that touch
    a quote, a figure or a name (`a` in the earliest's offsets, `b` in this copy's).
    """

    span: Span
    document: Document
    similarity: float
    common: tuple[CharRange, ...]
    added: tuple[CharRange, ...]
    dropped: tuple[tuple[int, str], ...]
    drift: tuple[Drift, ...]
    earliest: bool


@dataclass(frozen=True, slots=True)
class Provenance:
    """Who had a passage first and what the dates allow us to say.

    `claim`: "source" (`first` is dated before every other article: the likely source),
    "same-day" (`tied` articles share the first day), "undated" (some copy has no date: no
    claim), "one-article" (every copy is in one article: repetition, not reuse).
    """

    first: Span
    claim: Claim
    tied: tuple[Span, ...]


def day(document: Document) -> str:
    """The calendar day of a document's date (dates are ISO-like, "2017-02-07[T…]")."""
    return dates.day(document.date)


def provenance(
    passages: Sequence[Span], document: Callable[[str], Document], order: Callable[[str], int]
) -> Provenance:
    """The provenance of a cluster's `passages` (any order) from their articles' dates."""
    ordered = date_order(passages, document, order)
    first = ordered[0]
    documents = {span.doc for span in ordered}
    if len(documents) == 1:
        return Provenance(first, "one-article", ())
    if any(not day(document(doc)) for doc in documents):
        return Provenance(first, "undated", ())
    first_day = day(document(first.doc))
    tied = tuple(
        span for span in ordered if span.doc != first.doc and day(document(span.doc)) == first_day
    )
    if tied:
        return Provenance(first, "same-day", tied)
    return Provenance(first, "source", ())


def date_order(
    passages: Sequence[Span], document: Callable[[str], Document], order: Callable[[str], int]
) -> list[Span]:
    """Passages by their article's date (undated last), then corpus order, then offset."""

    def key(span: Span) -> tuple[int, str, int, int]:
        dated = day(document(span.doc))
        return (0 if dated else 1, document(span.doc).date.strip(), order(span.doc), span.start)

    return sorted(passages, key=key)


def copies(
    passages: Sequence[Span],
    document: Callable[[str], Document],
    order: Callable[[str], int],
    similarity: Callable[[Span, Span], float],
) -> list[Copy]:
    """Every copy in date order, each compared word by word with the earliest.

    `similarity(earliest, copy)` is the similarity the rest of the reader shows for the pair
    (the scan's own alignment where there is one), so the numbers agree across views.
    """
    ordered = date_order(passages, document, order)
    if not ordered:
        return []
    first = ordered[0]
    first_text = document(first.doc).text
    comparisons: list[Comparison] = [
        compare(first_text, first, document(span.doc).text, span) for span in ordered
    ]
    # Words of the earliest copy that every other copy kept: the core all of them share.
    common_words = set(range(len(comparisons[0].tokens_a)))
    for comparison in comparisons[1:]:
        common_words &= {a for a, _ in comparison.word_pairs}
    found = []
    for number, (span, comparison) in enumerate(zip(ordered, comparisons, strict=True)):
        found.append(
            Copy(
                span=span,
                document=document(span.doc),
                similarity=100.0 if number == 0 else similarity(first, span),
                common=_common_runs(comparison, common_words),
                added=() if number == 0 else comparison.only_b,
                dropped=() if number == 0 else _dropped(comparison, first_text, span),
                drift=() if number == 0 else comparison.drift,
                earliest=number == 0,
            )
        )
    return found


def drift_count(
    passages: Sequence[Span], document: Callable[[str], Document], order: Callable[[str], int]
) -> int:
    """How many quote, figure and name differences the copies have against the earliest."""
    ordered = date_order(passages, document, order)
    if len(ordered) < 2:
        return 0
    first = ordered[0]
    first_text = document(first.doc).text
    return sum(
        len(compare(first_text, first, document(span.doc).text, span).drift) for span in ordered[1:]
    )


def _common_runs(comparison: Comparison, common_words: set[int]) -> tuple[CharRange, ...]:
    """This copy's words that pair with a common word of the earliest, as merged runs."""
    words = comparison.tokens_b
    runs: list[CharRange] = []
    last_b = -2
    for a, b in comparison.word_pairs:
        if a not in common_words:
            continue
        start, end = words.starts[b], words.ends[b]
        if runs and b == last_b + 1:
            runs[-1] = (runs[-1][0], end)
        else:
            runs.append((start, end))
        last_b = b
    return tuple(runs)


def _dropped(comparison: Comparison, first_text: str, span: Span) -> tuple[tuple[int, str], ...]:
    """Words of the earliest this copy lacks, placed where they would stand in this copy."""
    placed = []
    for drop in comparison.only_a:
        # Where the copy resumes after the dropped words: the copy's start of the next shared
        # run, found by the earliest's offsets of the shared runs.
        position = next(
            (
                b_start
                for (a_start, _), (b_start, _) in zip(
                    comparison.shared_a, comparison.shared_b, strict=True
                )
                if a_start >= drop[1]
            ),
            comparison.shared_b[-1][1] if comparison.shared_b else span.start,
        )
        placed.append((position, first_text[drop[0] : drop[1]]))
    return tuple(placed)
