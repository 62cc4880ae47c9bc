"""Alignments cross from an align worker as a few packed arrays and arrive as they left."""

from __future__ import annotations

import pickle
from array import array

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.model import Alignment, PackedRuns, Span
from tui.runners.shipping import pack_alignments, unpack_alignments

_OFFSET = st.integers(0, 2**31 - 1)
_RUN = st.tuples(_OFFSET, _OFFSET, _OFFSET, _OFFSET)
_SIMILARITY = st.floats(0, 100).map(lambda x: round(x, 1))


@st.composite
def _pairs(draw: st.DrawFn) -> tuple[list[list[Alignment]], list[tuple[str, str]]]:
    names: list[tuple[str, str]] = []
    found: list[list[Alignment]] = []
    for k in range(draw(st.integers(0, 5))):
        first = f"doc-{k}"
        second = first if draw(st.booleans()) else f"other-{k}"  # a document with itself
        names.append((first, second))
        alignments = []
        for _ in range(draw(st.integers(0, 3))):
            side_a, side_b = draw(st.sampled_from([(first, second), (second, first)]))
            a = Span(side_a, draw(_OFFSET), draw(_OFFSET))
            b = Span(side_b, draw(_OFFSET), draw(_OFFSET))
            runs = tuple(draw(st.lists(_RUN, max_size=4)))
            alignments.append(Alignment(a, b, draw(_SIMILARITY), runs))
        found.append(alignments)
    return found, names


@settings(max_examples=300, deadline=None)
@given(_pairs())
def test_packed_alignments_arrive_as_they_left(
    pairs: tuple[list[list[Alignment]], list[tuple[str, str]]],
) -> None:
    found, names = pairs
    packed = pickle.loads(pickle.dumps(pack_alignments(found, names)))
    arrived = unpack_alignments(packed, names)
    assert arrived == found
    for old, new in zip(_every(found), _every(arrived), strict=True):
        assert type(new.similarity) is float
        assert isinstance(new.shared, PackedRuns)
        assert list(new.shared) == list(old.shared) and len(new.shared) == len(old.shared)
        assert hash(new) == hash(old) and new.shared == old.shared and old.shared == new.shared


def _every(found: list[list[Alignment]]) -> list[Alignment]:
    return [alignment for alignments in found for alignment in alignments]


def test_packed_runs_read_as_the_tuple_of_their_runs() -> None:
    runs = ((1, 2, 3, 4), (5, 6, 7, 8), (9, 10, 11, 12))
    flat = array("i", [n for run in runs for n in run])
    view = PackedRuns(flat, 1, 2)
    assert view == runs[1:] and runs[1:] == view and view != runs
    assert list(view) == [(5, 6, 7, 8), (9, 10, 11, 12)]
    assert view[0] == (5, 6, 7, 8) and view[-1] == (9, 10, 11, 12) and view[:1] == runs[1:2]
    assert hash(view) == hash(runs[1:]) and repr(view) == repr(runs[1:])
    assert pickle.loads(pickle.dumps(view)) == runs[1:]
    with pytest.raises(IndexError):
        view[2]
    empty = PackedRuns(flat, 3, 0)
    assert not empty and empty == ()


def test_an_alignment_outside_its_pair_is_refused() -> None:
    stray = Alignment(Span("x", 0, 5), Span("elsewhere", 0, 5), 100.0, ())
    with pytest.raises(ValueError, match="elsewhere"):
        pack_alignments([[stray]], [("x", "y")])
