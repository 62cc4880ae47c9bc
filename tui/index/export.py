"""The scan result as JSON (the stable export contract), JSON Lines, CSV or a readable report.

JSON schema version 1 (documented in the README): fields may be added, never renamed. The
same dictionary form is what the persistent index stores, so `from_dict(to_dict(r))` must give
back `r`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from typing import Any, TextIO

from tui.index import indented
from tui.model import Alignment, Cluster, Document, Furniture, Related, ScanResult, Span
from tui.printable import printable
from tui.warning_summary import summarise_warnings

SCHEMA_VERSION = 1
FORMATS = ("json", "jsonl", "csv", "text")


def _span(span: Span) -> dict[str, Any]:
    return {"doc": span.doc, "start": span.start, "end": span.end}


def _span_with_text(span: Span, texts: Mapping[str, str]) -> dict[str, Any]:
    return {**_span(span), "text": texts[span.doc][span.start : span.end]}


def _document_record(d: Document) -> dict[str, Any]:
    return {
        "id": d.id,
        "path": d.path,
        "title": d.title,
        "source": d.source,
        "date": d.date,
        "length": d.length,
        "url": d.url,
        "format": d.format,
    }


def _cluster_record(c: Cluster, texts: Mapping[str, str]) -> dict[str, Any]:
    return {
        "id": c.id,
        "kind": c.kind,
        "similarity": c.similarity,
        "documents": len(c.documents),
        "passages": [_span_with_text(p, texts) for p in c.passages],
    }


def _alignment_record(cluster_id: int, a: Alignment) -> dict[str, Any]:
    return {
        "cluster": cluster_id,
        "a": _span(a.a),
        "b": _span(a.b),
        "similarity": a.similarity,
        "shared": [list(run) for run in a.shared],
    }


def _related_record(r: Related) -> dict[str, Any]:
    return {"a": _span(r.a), "b": _span(r.b), "score": r.score, "terms": list(r.terms)}


def _furniture_record(b: Furniture, texts: Mapping[str, str]) -> dict[str, Any]:
    return {**_span_with_text(b, texts), "reason": b.reason}


def _sections(
    result: ScanResult, params: Mapping[str, Any] | None
) -> Iterator[tuple[str, Iterator[dict[str, Any]] | Any]]:
    """The export's top-level fields in order, each list as an iterator of its records: one
    record is built at a time, never the whole result as dictionaries."""
    texts = {d.id: d.text for d in result.documents}
    yield "version", SCHEMA_VERSION
    yield "documents", (_document_record(d) for d in result.documents)
    yield "clusters", (_cluster_record(c, texts) for c in result.clusters)
    yield "alignments", (_alignment_record(n, a) for n, a in result.alignments)
    yield "boilerplate", (_furniture_record(b, texts) for b in result.boilerplate)
    yield "related", (_related_record(r) for r in result.related)
    yield "params", dict(params or {})
    yield "warnings", iter(list(result.warnings))
    yield "stats", dict(result.stats)


# The JSON text of each record as `json.dumps(to_dict(...), indent=1)` lays it out (records of
# the top-level lists stand at nesting level 2), written from the model's objects directly:
# no dictionary per record, strings by the C encoder (`indented.string`). A test holds them
# to `json.dumps` on real scans.
_S = indented.string
_F = indented.number


def _span_text(span: Span, level: int) -> str:
    inner, outer = "\n" + " " * (level + 1), "\n" + " " * level
    return (
        f'{{{inner}"doc": {_S(span.doc)},{inner}"start": {span.start},{inner}"end": {span.end}'
        f"{outer}}}"
    )


def _span_with_text_text(span: Span, texts: Mapping[str, str], level: int) -> str:
    inner, outer = "\n" + " " * (level + 1), "\n" + " " * level
    text = _S(texts[span.doc][span.start : span.end])
    return (
        f'{{{inner}"doc": {_S(span.doc)},{inner}"start": {span.start},{inner}"end": {span.end},'
        f'{inner}"text": {text}{outer}}}'
    )


def _document_text(d: Document) -> str:
    return (
        f'{{\n   "id": {_S(d.id)},\n   "path": {_S(d.path)},\n   "title": {_S(d.title)},'
        f'\n   "source": {_S(d.source)},\n   "date": {_S(d.date)},\n   "length": {d.length},'
        f'\n   "url": {_S(d.url)},\n   "format": {_S(d.format)}\n  }}'
    )


def _cluster_text(c: Cluster, texts: Mapping[str, str]) -> str:
    passages = ",\n    ".join([_span_with_text_text(p, texts, 4) for p in c.passages])
    listed = f"[\n    {passages}\n   ]" if c.passages else "[]"
    return (
        f'{{\n   "id": {c.id},\n   "kind": {_S(c.kind)},\n   "similarity": {_F(c.similarity)},'
        f'\n   "documents": {len(c.documents)},\n   "passages": {listed}\n  }}'
    )


def _alignment_text(cluster_id: int, a: Alignment) -> str:
    if a.shared:
        runs = ",\n    ".join(
            [
                f"[\n     {r0},\n     {r1},\n     {r2},\n     {r3}\n    ]"
                for r0, r1, r2, r3 in a.shared
            ]
        )
        shared = f"[\n    {runs}\n   ]"
    else:
        shared = "[]"
    return (
        f'{{\n   "cluster": {cluster_id},\n   "a": {_span_text(a.a, 3)},\n   "b": '
        f'{_span_text(a.b, 3)},\n   "similarity": {_F(a.similarity)},\n   "shared": {shared}\n  }}'
    )


def _furniture_text(b: Furniture, texts: Mapping[str, str]) -> str:
    text = _S(texts[b.doc][b.start : b.end])
    return (
        f'{{\n   "doc": {_S(b.doc)},\n   "start": {b.start},\n   "end": {b.end},'
        f'\n   "text": {text},\n   "reason": {_S(b.reason)}\n  }}'
    )


def _related_text(r: Related) -> str:
    terms = ",\n    ".join([_S(t) for t in r.terms])
    listed = f"[\n    {terms}\n   ]" if r.terms else "[]"
    return (
        f'{{\n   "a": {_span_text(r.a, 3)},\n   "b": {_span_text(r.b, 3)},\n   "score": '
        f'{_F(r.score)},\n   "terms": {listed}\n  }}'
    )


def _json_fields(result: ScanResult, params: Mapping[str, Any] | None) -> Iterator[tuple[str, Any]]:
    """`_sections` with each list's records as their JSON text."""
    texts = {d.id: d.text for d in result.documents}
    yield "version", SCHEMA_VERSION
    yield "documents", map(_document_text, result.documents)
    yield "clusters", (_cluster_text(c, texts) for c in result.clusters)
    yield "alignments", (_alignment_text(n, a) for n, a in result.alignments)
    yield "boilerplate", (_furniture_text(b, texts) for b in result.boilerplate)
    yield "related", map(_related_text, result.related)
    yield "params", dict(params or {})
    yield "warnings", (indented.encode(w, 2) for w in result.warnings)
    yield "stats", dict(result.stats)


def to_dict(result: ScanResult, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The whole result in the version-1 export schema."""
    return {
        key: list(value) if isinstance(value, Iterator) else value
        for key, value in _sections(result, params)
    }


def _read_span(raw: Mapping[str, Any]) -> Span:
    return Span(str(raw["doc"]), int(raw["start"]), int(raw["end"]))


def _read_furniture(raw: Mapping[str, Any]) -> Furniture:
    """A boilerplate record; one exported before reasons were recorded has none."""
    return Furniture(
        str(raw["doc"]), int(raw["start"]), int(raw["end"]), str(raw.get("reason", ""))
    )


def from_dict(data: Mapping[str, Any], texts: Mapping[str, str]) -> ScanResult:
    """Rebuild a ScanResult from `to_dict` output and the documents' texts (by id)."""
    documents = tuple(
        Document(
            id=d["id"],
            text=texts[d["id"]],
            path=d.get("path", ""),
            title=d.get("title", ""),
            source=d.get("source", ""),
            date=d.get("date", ""),
            url=d.get("url", ""),
            format=d.get("format", ""),
        )
        for d in data["documents"]
    )
    clusters = tuple(
        Cluster(
            int(c["id"]),
            c["kind"],
            float(c["similarity"]),
            tuple(_read_span(p) for p in c["passages"]),
        )
        for c in data["clusters"]
    )
    alignments = tuple(
        (
            int(a["cluster"]),
            Alignment(
                _read_span(a["a"]),
                _read_span(a["b"]),
                float(a["similarity"]),
                tuple((int(r[0]), int(r[1]), int(r[2]), int(r[3])) for r in a["shared"]),
            ),
        )
        for a in data["alignments"]
    )
    related = tuple(
        Related(_read_span(r["a"]), _read_span(r["b"]), float(r["score"]), tuple(r["terms"]))
        for r in data.get("related", [])
    )
    return ScanResult(
        documents=documents,
        clusters=clusters,
        alignments=alignments,
        boilerplate=tuple(_read_furniture(b) for b in data["boilerplate"]),
        related=related,
        warnings=tuple(data.get("warnings", [])),
        stats={k: float(v) for k, v in data.get("stats", {}).items()},
    )


def _jsonl_lines(result: ScanResult, params: Mapping[str, Any] | None) -> Iterator[str]:
    """One JSON line per record, as it is built (the C encoder: no indentation)."""
    sections = dict(_sections(result, params))
    scan = {"type": "scan", "version": sections["version"], "params": sections["params"]}
    yield json.dumps(scan, ensure_ascii=False) + "\n"
    for kind, key in (
        ("document", "documents"),
        ("cluster", "clusters"),
        ("alignment", "alignments"),
        ("boilerplate", "boilerplate"),
        ("related", "related"),
    ):
        for record in sections[key]:
            yield json.dumps({"type": kind, **record}, ensure_ascii=False) + "\n"


def _csv(result: ScanResult) -> str:
    texts = {d.id: d.text for d in result.documents}
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["cluster", "kind", "similarity", "doc", "start", "end", "text"])
    for c in result.clusters:
        for p in c.passages:
            text = texts[p.doc][p.start : p.end]
            writer.writerow([c.id, c.kind, c.similarity, p.doc, p.start, p.end, text])
    return buffer.getvalue()


def _one_line(text: str, width: int) -> str:
    """One line of article text for a terminal: white space folded, controls made visible."""
    flat = printable(" ".join(text.split()))
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _text_report(result: ScanResult) -> str:
    """The report for people: ids, passages and warnings all shown with their control
    characters as visible symbols, wherever the report is written."""
    texts = {d.id: d.text for d in result.documents}
    lines = [
        f"{len(result.documents)} documents, {len(result.clusters)} clusters of reused text, "
        f"{len(result.boilerplate)} boilerplate blocks",
        "",
    ]
    for c in result.clusters:
        lines.append(
            f"cluster {c.id}  {c.kind}  similarity {c.similarity:.0f}  "
            f"{len(c.documents)} documents, {len(c.passages)} passages"
        )
        for p in c.passages:
            lines.append(
                f"  {printable(p.doc)} [{p.start}:{p.end}]  "
                f"{_one_line(texts[p.doc][p.start : p.end], 90)}"
            )
        lines.append("")
    if result.boilerplate:
        lines.append("boilerplate (not counted as reuse)")
        for b in result.boilerplate:
            lines.append(
                f"  {printable(b.doc)} [{b.start}:{b.end}]  "
                f"{_one_line(texts[b.doc][b.start : b.end], 90)}"
            )
            if b.reason:
                lines.append(f"    why: {printable(b.reason)}")
    for warning in summarise_warnings(result.warnings):
        lines.append(f"warning: {printable(warning)}")
    return "\n".join(lines).rstrip() + "\n"


def pieces(result: ScanResult, fmt: str, params: Mapping[str, Any] | None = None) -> Iterator[str]:
    """The result in one of `FORMATS`, as pieces of text to write one after another: the
    records are encoded as they are written, never all held at once."""
    if fmt == "json":
        # The text `json.dumps(to_dict(result, params), ensure_ascii=False, indent=1)` gives.
        yield from indented.document(_json_fields(result, params))
        yield "\n"
    elif fmt == "jsonl":
        yield from _jsonl_lines(result, params)
    elif fmt == "csv":
        yield _csv(result)
    elif fmt == "text":
        yield _text_report(result)
    else:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def write(
    result: ScanResult, fmt: str, out: TextIO, params: Mapping[str, Any] | None = None
) -> None:
    """Write the result in one of `FORMATS` to `out`, record by record (see `pieces`)."""
    for piece in pieces(result, fmt, params):
        out.write(piece)


def render(result: ScanResult, fmt: str, params: Mapping[str, Any] | None = None) -> str:
    """The result in one of `FORMATS`, as the text to write."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return "".join(pieces(result, fmt, params))
