"""Quality on real labelled data: a few dozen PAN 2013 training pairs, scored as PAN scores.

PAN's obfuscated cases (shuffled, reworded, translated) are what `--preset pan` is for; the
news defaults set loose rewordings aside on purpose (an editor would not call them copies),
so with them only PAN's verbatim copies and its negative pairs are checked. Floors sit a
little under today's figures, so a change that loses real detections fails here before it
reaches `bench/pan13.py`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from measures import Passage, score

from tests.conftest import SHARED_BENCH
from tui.params import PRESETS, Params

CORPUS = SHARED_BENCH / "pan13-train"
PAIRS_PER_SECTION = 8

pytestmark = pytest.mark.skipif(
    not (CORPUS / "pairs").is_file(), reason=f"PAN13 training corpus not found at {CORPUS}"
)


def _module(params: Params):  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    import pan13 as module

    module._init_worker(CORPUS, params)
    return module


@pytest.fixture
def pan13():  # type: ignore[no-untyped-def]
    """The PAN bench's detection with the news defaults."""
    return _module(Params())


@pytest.fixture
def pan13_preset():  # type: ignore[no-untyped-def]
    """The PAN bench's detection with `--preset pan`."""
    return _module(PRESETS["pan"])


def _run(pan13, prefix: str) -> tuple[list[Passage], list[Passage]]:  # type: ignore[no-untyped-def]
    (section,) = pan13.find_sections(CORPUS, [prefix])
    cases: list[Passage] = []
    found: list[Passage] = []
    for pair in pan13.read_pairs(section, PAIRS_PER_SECTION):
        cases.extend(pan13.read_cases(section, pair))
        found.extend(pan13.detect(pair))
    return cases, found


def test_negative_pairs_get_no_detection(pan13) -> None:  # type: ignore[no-untyped-def]
    cases, found = _run(pan13, "01")
    assert cases == []
    assert found == []


def test_news_defaults_find_pans_verbatim_copies(pan13) -> None:  # type: ignore[no-untyped-def]
    cases, found = _run(pan13, "02")
    assert cases
    assert score(cases, found).plagdet >= 0.9


@pytest.mark.parametrize(
    ("prefix", "floor"),
    [("01", None), ("02", 0.95), ("03", 0.85), ("04", 0.85)],
)
def test_the_pan_preset_keeps_its_plagdet(pan13_preset, prefix: str, floor: float | None) -> None:  # type: ignore[no-untyped-def]
    cases, found = _run(pan13_preset, prefix)
    if floor is None:  # the negative pairs
        assert cases == [] and found == []
        return
    assert cases
    assert score(cases, found).plagdet >= floor


def test_detections_point_into_both_documents(pan13) -> None:  # type: ignore[no-untyped-def]
    (section,) = pan13.find_sections(CORPUS, ["02"])
    for pair in pan13.read_pairs(section, 3):
        suspicious = pan13.read_text(CORPUS / "susp" / pair.suspicious)
        source = pan13.read_text(CORPUS / "src" / pair.source)
        for d in pan13.detect(pair):
            assert 0 <= d.suspicious[0] < d.suspicious[1] <= len(suspicious)
            assert 0 <= d.source[0] < d.source[1] <= len(source)
