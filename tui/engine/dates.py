"""Calendar days between two documents' dates, as the corpus states them (ISO 8601, a time
of day or none after the day): how far apart two stories ran."""

from __future__ import annotations

from datetime import date


def day(stamp: str) -> str:
    """The day of a date as stated ("2017-02-07T15:01:01" -> "2017-02-07"), or ""."""
    return stamp.strip()[:10]


def days_between(first: str, later: str) -> int | None:
    """Days from `first` to `later` (negative when `later` is earlier), None when either is
    missing or not an ISO date."""
    try:
        return (date.fromisoformat(day(later)) - date.fromisoformat(day(first))).days
    except ValueError:
        return None
