"""PAN's character-level measures on hand-made cases whose right answer is obvious."""

from __future__ import annotations

import math

import pytest
from measures import Passage, plagdet, score, union_length

PAIR = ("suspicious-document1.txt", "source-document1.txt")


def case(suspicious: tuple[int, int], source: tuple[int, int], pair=PAIR) -> Passage:
    return Passage(pair, suspicious, source)


def test_perfect_detection_scores_one() -> None:
    gold = [case((100, 300), (0, 200)), case((500, 600), (400, 500))]
    s = score(gold, list(gold))
    assert (s.precision, s.recall, s.granularity, s.plagdet) == (1.0, 1.0, 1.0, 1.0)


def test_half_a_case_detected_is_recall_one_half() -> None:
    s = score([case((0, 200), (0, 200))], [case((0, 100), (0, 100))])
    assert s.recall == pytest.approx(0.5)
    assert s.precision == pytest.approx(1.0)


def test_one_case_in_two_pieces_is_granularity_two() -> None:
    s = score([case((0, 200), (0, 200))], [case((0, 100), (0, 100)), case((100, 200), (100, 200))])
    assert s.granularity == 2.0
    assert s.recall == pytest.approx(1.0)
    assert s.plagdet == pytest.approx(1.0 / math.log2(3))


def test_detection_overlapping_only_the_suspicious_side_detects_nothing() -> None:
    s = score([case((0, 200), (0, 200))], [case((0, 200), (1000, 1200))])
    assert (s.precision, s.recall) == (0.0, 0.0)


def test_detection_in_another_pair_detects_nothing() -> None:
    other = ("suspicious-document1.txt", "source-document2.txt")
    s = score([case((0, 200), (0, 200))], [case((0, 200), (0, 200), pair=other)])
    assert (s.precision, s.recall) == (0.0, 0.0)


def test_detection_twice_the_case_is_precision_one_half() -> None:
    s = score([case((0, 100), (0, 100))], [case((0, 200), (0, 200))])
    assert s.precision == pytest.approx(0.5)
    assert s.recall == pytest.approx(1.0)


def test_no_cases_and_no_detections_is_perfect_but_any_false_detection_is_zero() -> None:
    assert score([], []).plagdet == 1.0
    assert score([], [case((0, 10), (0, 10))]).plagdet == 0.0


def test_union_length_counts_overlaps_once() -> None:
    assert union_length([(0, 10), (5, 15), (20, 25), (30, 30)]) == 20


def test_plagdet_discounts_granularity() -> None:
    assert plagdet(1.0, 1.0, 1.0) == 1.0
    assert plagdet(0.0, 0.0, 1.0) == 0.0
    assert plagdet(0.5, 1.0, 1.0) == pytest.approx(2 / 3)
