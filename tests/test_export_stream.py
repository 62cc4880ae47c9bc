"""The export written record by record is the text the whole-result export wrote: the JSON is
byte for byte `json.dumps(to_dict(result), ensure_ascii=False, indent=1)`, and the JSON Lines
are the same lines, on real scans and on any values the schema can hold."""

from __future__ import annotations

import io
import json
import math
from collections.abc import Mapping
from typing import Any

import pytest
from conftest import SHARED_BENCH
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.engine.load import load_corpus
from tui.index import indented
from tui.index.export import pieces, render, to_dict, write
from tui.model import Alignment, Cluster, Document, Furniture, Related, ScanResult, Span
from tui.params import Params
from tui.runners.local import scan

PARAMS: dict[str, Any] = {"shingle_words": 4, "min_similarity": 60.0, "page_furniture": True}


def _whole_json(result: ScanResult, params: Mapping[str, Any]) -> str:
    """The export as it was written before streaming: one dictionary, one `json.dumps`."""
    return json.dumps(to_dict(result, params), ensure_ascii=False, indent=1) + "\n"


def _whole_jsonl(result: ScanResult, params: Mapping[str, Any]) -> str:
    data = to_dict(result, params)
    lines = [{"type": "scan", "version": data["version"], "params": data["params"]}]
    for kind, key in (
        ("document", "documents"),
        ("cluster", "clusters"),
        ("alignment", "alignments"),
        ("boilerplate", "boilerplate"),
        ("related", "related"),
    ):
        lines.extend({"type": kind, **record} for record in data[key])
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)


@pytest.fixture(scope="module")
def seeds_result(seed_documents: dict[str, Document]) -> ScanResult:
    result = scan(list(seed_documents.values()), workers=1)
    assert result.clusters and result.alignments and result.boilerplate and result.related
    return result


def test_json_of_the_seed_scan_is_the_text_json_dumps_gives(seeds_result: ScanResult) -> None:
    assert render(seeds_result, "json", PARAMS) == _whole_json(seeds_result, PARAMS)


def test_jsonl_of_the_seed_scan_is_the_lines_it_was(seeds_result: ScanResult) -> None:
    assert render(seeds_result, "jsonl", PARAMS) == _whole_jsonl(seeds_result, PARAMS)


def test_the_json_comes_in_pieces_that_write_the_same_text(seeds_result: ScanResult) -> None:
    chunks = list(pieces(seeds_result, "json", PARAMS))
    assert len(chunks) > 1  # written as it is encoded, not as one string
    out = io.StringIO()
    write(seeds_result, "json", out, PARAMS)
    assert out.getvalue() == "".join(chunks) == _whole_json(seeds_result, PARAMS)


def test_an_empty_result_is_the_same_json() -> None:
    empty = ScanResult((), (), (), ())
    assert render(empty, "json") == _whole_json(empty, {})
    assert json.loads(render(empty, "json"))["clusters"] == []


@pytest.mark.skipif(
    not (SHARED_BENCH / "newsarticles.jsonl").exists(),
    reason="the shared benchmark data (../shared/bench) is not present",
)
def test_json_of_real_news_is_the_text_json_dumps_gives() -> None:
    documents = load_corpus([SHARED_BENCH / "newsarticles.jsonl"]).documents[:600]
    result = scan(documents, Params(), workers=1)
    assert len(result.alignments) > 50
    assert render(result, "json", PARAMS) == _whole_json(result, PARAMS)
    assert render(result, "jsonl", PARAMS) == _whole_jsonl(result, PARAMS)


# ---------------------------------------------------------------- any values

# Text with what JSON must escape or keep: quotes, backslashes, controls, non-ASCII, and
# surrogates an undecodable file can leave behind.
_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from('"\\/\n\r\t\x00\x1b\x7f\u2028\u00e9\u201c\U0001f600\ud800'),
        st.characters(codec="utf-8"),
    ),
    max_size=12,
)
_FLOATS = st.floats(allow_nan=True, allow_infinity=True)
_INTS = st.integers(min_value=-(2**70), max_value=2**70)
_JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), _INTS, _FLOATS, _TEXT),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.tuples(inner, inner),
        st.dictionaries(st.one_of(_TEXT, st.integers(), st.floats(), st.booleans()), inner),
    ),
    max_leaves=25,
)


@settings(max_examples=400, deadline=None)
@given(_JSON)
def test_encode_is_json_dumps_with_indent_one(value: Any) -> None:
    assert indented.encode(value) == json.dumps(value, ensure_ascii=False, indent=1)


def test_encode_refuses_what_json_refuses() -> None:
    with pytest.raises(TypeError):
        indented.encode({"x": {1, 2}})
    with pytest.raises(TypeError):
        indented.encode({(1, 2): 3})


@st.composite
def _results(draw: st.DrawFn) -> ScanResult:
    ids = draw(st.lists(_TEXT, min_size=1, max_size=4, unique=True))
    documents = tuple(
        Document(i, draw(st.text(max_size=40)), *(draw(_TEXT) for _ in range(6))) for i in ids
    )
    offsets = st.integers(min_value=0, max_value=40)

    def span() -> Span:
        start, end = sorted((draw(offsets), draw(offsets)))
        return Span(draw(st.sampled_from(ids)), start, end)

    def spans(least: int) -> tuple[Span, ...]:
        return tuple(span() for _ in range(draw(st.integers(least, 3))))

    similarity = st.floats(min_value=0, max_value=100).map(lambda x: round(x, 1))
    runs = st.lists(st.tuples(offsets, offsets, offsets, offsets), max_size=3).map(tuple)
    clusters = tuple(
        Cluster(n + 1, draw(st.sampled_from(["verbatim", "edited"])), draw(similarity), spans(1))
        for n in range(draw(st.integers(0, 3)))
    )
    alignments = tuple(
        (draw(st.integers(1, 9)), Alignment(span(), span(), draw(similarity), draw(runs)))
        for _ in range(draw(st.integers(0, 3)))
    )
    related = tuple(
        Related(span(), span(), draw(st.floats(0, 1)), tuple(draw(st.lists(_TEXT, max_size=3))))
        for _ in range(draw(st.integers(0, 2)))
    )
    stats = draw(st.dictionaries(_TEXT, st.floats(allow_nan=False), max_size=3))
    warnings = tuple(draw(st.lists(_TEXT, max_size=2)))
    furniture = tuple(Furniture(s.doc, s.start, s.end, draw(_TEXT)) for s in spans(0))
    return ScanResult(documents, clusters, alignments, furniture, related, warnings, stats)


@settings(max_examples=200, deadline=None)
@given(_results(), st.dictionaries(_TEXT, st.one_of(_INTS, _FLOATS, st.booleans(), _TEXT)))
def test_any_result_is_the_same_json_and_jsonl(result: ScanResult, params: dict[str, Any]) -> None:
    assert render(result, "json", params) == _whole_json(result, params)
    assert render(result, "jsonl", params) == _whole_jsonl(result, params)


def test_nan_and_infinity_are_written_as_json_writes_them() -> None:
    assert indented.encode([math.nan, math.inf, -math.inf, 1e300, -0.0]) == json.dumps(
        [math.nan, math.inf, -math.inf, 1e300, -0.0], indent=1
    )
