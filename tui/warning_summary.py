"""Warnings for a person to read: a kind of warning that repeats becomes one line.

A load warns once per bad item ("a.txt: not valid UTF-8 (byte 12), read as Windows-1252
instead"), and a folder of old files can give hundreds of one kind. The scan result and the
JSON export keep every one; the terminal, the text report and the reader show each kind that
occurs more than `REPEATS` times as one line with the count and the first few places.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

REPEATS = 3  # a kind seen more often than this is summarised
SHOWN_PLACES = 3
_DETAIL = re.compile(r"\s*\([^()]*\)")  # "(byte 12)": what differs between warnings of a kind


def warning_kind(warning: str) -> tuple[str, str]:
    """The place a warning is about (before the first ": ") and its kind: the rest, without
    the details in brackets. A warning without a place is a kind of its own."""
    place, separator, what = warning.partition(": ")
    if not separator:
        return "", warning
    return place, _DETAIL.sub("", what).strip()


def summarise_warnings(warnings: Sequence[str]) -> list[str]:
    """The warnings in order, each kind seen more than `REPEATS` times as one line where it
    first occurs: "12 times: skipped, the file is empty (a.txt, b.txt, c.txt and 9 more)"."""
    places: dict[str, list[str]] = {}
    for warning in warnings:
        place, kind = warning_kind(warning)
        if place:
            places.setdefault(kind, []).append(place)
    shown: list[str] = []
    summarised: set[str] = set()
    for warning in warnings:
        place, kind = warning_kind(warning)
        where = places.get(kind, [])
        if not place or len(where) <= REPEATS:
            shown.append(warning)
        elif kind not in summarised:
            summarised.add(kind)
            named = ", ".join(where[:SHOWN_PLACES])
            more = f" and {len(where) - SHOWN_PLACES} more" if len(where) > SHOWN_PLACES else ""
            shown.append(f"{len(where)} times: {kind} ({named}{more})")
    return shown
