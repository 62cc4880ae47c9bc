"""The words an echo changed: a sweep that must agree with the plain definition."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from tui.engine.tokens import tokenize
from tui.reader.widgets.article_view import differing_words


def _plainly(text: str, shared: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Every word (as shown: a run of non-space) not inside some shared run, checked against
    each run in turn."""
    return [
        m.span()
        for m in re.finditer(r"\S+", text)
        if not any(a <= m.start() and m.end() <= b for a, b in shared)
    ]


@given(
    st.lists(st.sampled_from(["said", "the", "Kerry", "U.S.", "250,000", "café"]), max_size=40),
    st.data(),
)
def test_sweep_agrees_with_checking_every_run(words: list[str], data: st.DataObject) -> None:
    text = " ".join(words)
    tokens = tokenize(text)
    bounds = list(zip(tokens.starts, tokens.ends, strict=True))
    shared = []
    for _ in range(data.draw(st.integers(0, 6))):  # runs on word edges, possibly overlapping
        if not bounds:
            break
        first = data.draw(st.integers(0, len(bounds) - 1))
        last = data.draw(st.integers(first, len(bounds) - 1))
        shared.append((bounds[first][0], bounds[last][1]))
    assert differing_words(text, (0, len(text)), shared) == _plainly(text, shared)


def test_a_long_passage_with_thousands_of_runs_is_one_sweep() -> None:
    text = " ".join(f"w{i}" for i in range(40_000))
    tokens = tokenize(text)
    shared = [(tokens.starts[i], tokens.ends[i]) for i in range(0, len(tokens), 2)]
    changed = differing_words(text, (0, len(text)), shared)
    assert len(changed) == 20_000 and changed[0] == (tokens.starts[1], tokens.ends[1])
