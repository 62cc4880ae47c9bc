"""The dateline that opens a wire story ("PARIS, April 2 - ", "ALBANY, N.Y., Marc 3 - "):
where it ends and the day it names.

Two stories that open with the same skeleton under datelines of different days are two
days' reports (a central bank's daily tender, a weekly auction), not one story filed twice:
a copy keeps its dateline, a new day's report changes it. The rules of trust read this
(`tui.engine.align.trust`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTH = (
    r"(?i:Jan(?:uary)?|Feb(?:ruary)?|Marc?h?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# A place in capitals or title case (with its region: "SADDLE BROOK, N.J."), a comma, the
# month and day (as typed: "FEb 26", "Marc 3") and the dash, an agency's mark perhaps
# before it ("(Reuters)").
_DATELINE = re.compile(
    r"\s*[A-Z][A-Za-z.'&-]*(?:[ ,]+[A-Z][A-Za-z.'&-]*){0,4},? "
    rf"(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})(?: \([A-Za-z ]+\))?\s*[-\u2013\u2014] "
)
_LONGEST = 80  # characters: a dateline is the start of a story, not a sentence in it


@dataclass(frozen=True)
class Dateline:
    end: int  # where the story's own text starts
    day: tuple[str, int]  # ("apr", 2) for "April 2", "APRIL  2" and "Apr. 2"


def dateline(text: str) -> Dateline | None:
    """The dateline `text` opens with, or None."""
    found = _DATELINE.match(text, 0, min(len(text), _LONGEST))
    if found is None:
        return None
    return Dateline(found.end(), (found.group("month")[:3].lower(), int(found.group("day"))))


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_STARTS = (0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334)


def days_apart(first: tuple[str, int], second: tuple[str, int]) -> int:
    """Days between two datelines' days, the year unknown: the shorter way round a year of
    365 days ("Dec 31" and "Jan 1" are a day apart)."""

    def of_year(day: tuple[str, int]) -> int:
        return _MONTH_STARTS[_MONTHS.index(day[0])] + day[1]

    apart = abs(of_year(first) - of_year(second)) % 365
    return min(apart, 365 - apart)
