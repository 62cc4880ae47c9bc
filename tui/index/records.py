"""The one record form of an alignment and of a span, shared by everything that writes one
down: the SQLite store's rows, the pair cache, the JSON export and `echoes align`.

A row is flat (`[a_doc, a_start, a_end, b_doc, b_start, b_end, similarity, shared...]`,
documents by their position in the corpus, the shared runs' offsets end to end), so that
reopening a 20,000-article scan decodes a few lists of numbers, not a dictionary per span. The
export's dictionaries (schema version 1) are the same fields by name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from tui.model import Alignment, SharedRun, Span

AlignmentRow = list[Any]


def alignment_row(alignment: Alignment, position: Mapping[str, int]) -> AlignmentRow:
    """`alignment` as a row, its documents by `position` (document id -> number)."""
    a, b = alignment.a, alignment.b
    return [
        position[a.doc],
        a.start,
        a.end,
        position[b.doc],
        b.start,
        b.end,
        alignment.similarity,
        [n for run in alignment.shared for n in run],
    ]


def alignment_from_row(row: Sequence[Any], ids: Sequence[str]) -> Alignment:
    """The alignment a row holds, its documents named by `ids` (number -> document id).
    Raises ValueError, TypeError or IndexError on a damaged row."""
    da, sa, ea, db, sb, eb, similarity, shared = row
    runs: tuple[SharedRun, ...] = tuple(
        (int(r0), int(r1), int(r2), int(r3))
        for r0, r1, r2, r3 in zip(
            shared[0::4], shared[1::4], shared[2::4], shared[3::4], strict=True
        )
    )
    a = Span(ids[int(da)], int(sa), int(ea))
    b = Span(ids[int(db)], int(sb), int(eb))
    return Alignment(a, b, float(similarity), runs)


def span_json(span: Span) -> dict[str, Any]:
    return {"doc": span.doc, "start": span.start, "end": span.end}


def span_from_json(raw: Mapping[str, Any]) -> Span:
    return Span(str(raw["doc"]), int(raw["start"]), int(raw["end"]))


def alignment_json(alignment: Alignment) -> dict[str, Any]:
    """The export's form: both spans, the similarity and the shared runs."""
    return {
        "a": span_json(alignment.a),
        "b": span_json(alignment.b),
        "similarity": alignment.similarity,
        "shared": [list(run) for run in alignment.shared],
    }


def alignment_from_json(raw: Mapping[str, Any]) -> Alignment:
    return Alignment(
        span_from_json(raw["a"]),
        span_from_json(raw["b"]),
        float(raw["similarity"]),
        tuple((int(r[0]), int(r[1]), int(r[2]), int(r[3])) for r in raw["shared"]),
    )
