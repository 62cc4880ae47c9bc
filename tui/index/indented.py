"""`json.dumps(value, ensure_ascii=False, indent=1)`, the same text, written piece by piece.

With `indent`, the standard library falls back to its pure-Python encoder, a generator per
nested value: on a large scan the JSON export spent seconds there, and held the whole text
(and the whole result as dictionaries) in memory before writing a byte. Here each record of a
top-level list is encoded on its own, strings by the C string encoder that `json` itself
uses, numbers by their `repr` as `json` does, and the indentation laid the way `json` lays it,
so the text is byte for byte what `json.dumps` gives. Only the JSON types are accepted (str,
int, float, bool, None, list, tuple, dict with str, int, float, bool or None keys).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from json.encoder import encode_basestring
from typing import Any

INFINITY = float("inf")


@cache
def _indent(level: int) -> str:
    """The line break and indentation before an item at `level` (indent=1)."""
    return "\n" + " " * level


def _float(value: float) -> str:
    # as json's `floatstr` with allow_nan=True
    if value != value:
        return "NaN"
    if value == INFINITY:
        return "Infinity"
    if value == -INFINITY:
        return "-Infinity"
    return float.__repr__(value)


def _key(key: object) -> str:
    if isinstance(key, str):
        return str(encode_basestring(key))
    if isinstance(key, float):
        return str(encode_basestring(_float(key)))
    if key is True:
        return '"true"'
    if key is False:
        return '"false"'
    if key is None:
        return '"null"'
    if isinstance(key, int):
        return '"' + int.__repr__(key) + '"'
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def encode(value: Any, level: int = 0) -> str:
    """`value` as `json.dumps(value, ensure_ascii=False, indent=1)` writes it when it stands
    at nesting `level` (0: the whole document)."""
    if isinstance(value, str):
        return str(encode_basestring(value))
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        inner = _indent(level + 1)
        items = ("," + inner).join([encode(item, level + 1) for item in value])
        return "[" + inner + items + _indent(level) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = _indent(level + 1)
        fields = ("," + inner).join(
            [_key(key) + ": " + encode(item, level + 1) for key, item in value.items()]
        )
        return "{" + inner + fields + _indent(level) + "}"
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def document(fields: Iterable[tuple[str, Any]], batch: int = 1 << 16) -> Iterator[str]:
    """The text of a top-level object whose `fields` come in order, as pieces of about
    `batch` characters or more. A field whose value is an iterator is a list whose items
    come already encoded, as `encode(item, 2)` would give them: written as they come."""
    pending: list[str] = []
    size = 0
    first_field = True
    for key, value in fields:
        pending.append(("{" if first_field else ",") + _indent(1) + _key(key) + ": ")
        first_field = False
        if not isinstance(value, Iterator):
            pending.append(encode(value, 1))
            continue
        opened = False
        for text in value:
            piece = (",\n  " if opened else "[\n  ") + text
            opened = True
            pending.append(piece)
            size += len(piece)
            if size >= batch:
                yield "".join(pending)
                pending, size = [], 0
        pending.append("\n ]" if opened else "[]")
    pending.append("{}" if first_field else "\n}")
    yield "".join(pending)


def string(value: str) -> str:
    """A string as JSON text (the C encoder's `encode_basestring`, as `json` uses)."""
    return str(encode_basestring(value))


def number(value: float) -> str:
    """A float as JSON text, as `json` writes it."""
    return _float(value)
