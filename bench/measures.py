"""PAN's character-level measures of text-alignment quality (Potthast et al. 2010).

A case (gold) and a detection are both a pair of character ranges: one in the suspicious
document, one in the source. A detection *detects* a case when it overlaps it in both
documents. Then, over all cases S and detections R of a corpus:

- macro precision = mean over r in R of |union over s of (s ⊓ r)| / |r|
- macro recall    = mean over s in S of |union over r of (s ⊓ r)| / |s|
- granularity     = mean over detected cases of the number of detections that detect them
- plagdet         = F1(precision, recall) / log2(1 + granularity)

where `s ⊓ r` is `s ∩ r` when r detects s and empty otherwise, and sizes count characters in
both documents. Pure functions over plain tuples, so any tool can be scored the same way.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

Range = tuple[int, int]  # half-open [start, end) in characters


@dataclass(frozen=True, slots=True)
class Passage:
    """A gold case or a detection: `suspicious` range in document `pair[0]`, `source` range
    in `pair[1]`. Passages of different pairs never overlap."""

    pair: tuple[str, str]
    suspicious: Range
    source: Range

    @property
    def size(self) -> int:
        return _length(self.suspicious) + _length(self.source)


@dataclass(frozen=True, slots=True)
class Scores:
    precision: float
    recall: float
    granularity: float
    plagdet: float
    cases: int
    detections: int


def _length(r: Range) -> int:
    return max(0, r[1] - r[0])


def _intersection(x: Range, y: Range) -> Range:
    return (max(x[0], y[0]), min(x[1], y[1]))


def union_length(ranges: Iterable[Range]) -> int:
    """Characters covered by at least one of `ranges`."""
    total = 0
    reach = None
    for start, end in sorted(r for r in ranges if r[1] > r[0]):
        if reach is None or start >= reach:
            total += end - start
            reach = end
        elif end > reach:
            total += end - reach
            reach = end
    return total


def detects(detection: Passage, case: Passage) -> bool:
    """Whether `detection` overlaps `case` in both the suspicious and the source document."""
    return (
        detection.pair == case.pair
        and _length(_intersection(detection.suspicious, case.suspicious)) > 0
        and _length(_intersection(detection.source, case.source)) > 0
    )


def _covered(target: Passage, others: Sequence[Passage]) -> int:
    """|union over o of (target ⊓ o)| for the `others` that overlap `target` in both documents."""
    suspicious = [_intersection(target.suspicious, o.suspicious) for o in others]
    source = [_intersection(target.source, o.source) for o in others]
    return union_length(suspicious) + union_length(source)


def plagdet(precision: float, recall: float, granularity: float) -> float:
    """F1 of precision and recall, discounted by granularity (1 = each case in one piece)."""
    if precision + recall == 0:
        return 0.0
    f1 = 2 * precision * recall / (precision + recall)
    return f1 / math.log2(1 + granularity)


def score(cases: Sequence[Passage], detections: Sequence[Passage]) -> Scores:
    """PAN's measures over a whole corpus of pairs.

    As in PAN's own scorer, no cases and no detections is perfect (1, 1), and either one
    alone scores 0 precision and recall.
    """
    by_pair: dict[tuple[str, str], list[Passage]] = defaultdict(list)
    for d in detections:
        by_pair[d.pair].append(d)
    cases_by_pair: dict[tuple[str, str], list[Passage]] = defaultdict(list)
    for c in cases:
        cases_by_pair[c.pair].append(c)

    if not cases and not detections:
        return Scores(1.0, 1.0, 1.0, 1.0, 0, 0)

    recall_sum = 0.0
    detected_cases = 0
    detections_per_detected_case = 0
    for case in cases:
        hits = [d for d in by_pair.get(case.pair, ()) if detects(d, case)]
        if hits and case.size:
            recall_sum += _covered(case, hits) / case.size
        if hits:
            detected_cases += 1
            detections_per_detected_case += len(hits)

    precision_sum = 0.0
    for detection in detections:
        hits = [c for c in cases_by_pair.get(detection.pair, ()) if detects(detection, c)]
        if hits and detection.size:
            precision_sum += _covered(detection, hits) / detection.size

    precision = precision_sum / len(detections) if detections and cases else 0.0
    recall = recall_sum / len(cases) if cases and detections else 0.0
    granularity = detections_per_detected_case / detected_cases if detected_cases else 1.0
    return Scores(
        precision,
        recall,
        granularity,
        plagdet(precision, recall, granularity),
        len(cases),
        len(detections),
    )
