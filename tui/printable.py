"""Make article text safe to show in a terminal: data, never control sequences.

An article may hold ESC bytes, bells or other C0/C1 controls (scraped pages do). Printed as they
are, they would move the cursor, change colours or retitle the window. Each becomes a visible
stand-in of the same length (one character), so character offsets still line up with the text.
"""

from __future__ import annotations

import re

# C0 and C1 controls (but tab and newline), DEL, and zero-width and bidi marks and overrides.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def _stand_in(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode control picture: ␛ for ESC, ␇ for BEL
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"  # C1 controls, zero-width and bidi marks: a visible replacement mark


def printable(text: str) -> str:
    """`text` with every control character (but newline and tab) replaced, same length."""
    return _CONTROL.sub(_stand_in, text)


def for_terminal(text: str) -> str:
    """Output meant for a terminal (a report, CSV, warnings) made safe: `printable`, except
    that the line ends CSV writes (`\\r\\n`) stay line ends. A lone carriage return would let
    text overwrite the line before it, so it is shown as ␍."""
    return "\r\n".join(printable(part) for part in text.split("\r\n"))


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_for_terminal(text: str) -> str:
    """JSON text made safe for a terminal and still the same JSON: controls that JSON leaves
    raw (DEL, C1, zero-width and bidi marks) written as `\\uXXXX` escapes. They can only be
    inside strings (the rest of JSON is plain ASCII), where an escape means the same thing."""
    return _CONTROL.sub(_json_escape, text)
