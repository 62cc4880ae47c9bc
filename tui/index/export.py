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
from typing import Any

from tui.model import Alignment, Cluster, Document, Furniture, Related, ScanResult, Span
from tui.printable import printable
from tui.warning_summary import summarise_warnings

SCHEMA_VERSION = 1
FORMATS = ("json", "jsonl", "csv", "text")


def _span(span: Span) -> dict[str, Any]:
    return {"doc": span.doc, "start": span.start, "end": span.end}


def _span_with_text(span: Span, texts: Mapping[str, str]) -> dict[str, Any]:
    return {**_span(span), "text": texts[span.doc][span.start : span.end]}


def to_dict(result: ScanResult, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The whole result in the version-1 export schema."""
    texts = {d.id: d.text for d in result.documents}
    return {
        "version": SCHEMA_VERSION,
        "documents": [
            {
                "id": d.id,
                "path": d.path,
                "title": d.title,
                "source": d.source,
                "date": d.date,
                "length": d.length,
                "url": d.url,
                "format": d.format,
            }
            for d in result.documents
        ],
        "clusters": [
            {
                "id": c.id,
                "kind": c.kind,
                "similarity": c.similarity,
                "documents": len(c.documents),
                "passages": [_span_with_text(p, texts) for p in c.passages],
            }
            for c in result.clusters
        ],
        "alignments": [
            {
                "cluster": cluster_id,
                "a": _span(a.a),
                "b": _span(a.b),
                "similarity": a.similarity,
                "shared": [list(run) for run in a.shared],
            }
            for cluster_id, a in result.alignments
        ],
        "boilerplate": [
            {**_span_with_text(b, texts), "reason": b.reason} for b in result.boilerplate
        ],
        "related": [
            {"a": _span(r.a), "b": _span(r.b), "score": r.score, "terms": list(r.terms)}
            for r in result.related
        ],
        "params": dict(params or {}),
        "warnings": list(result.warnings),
        "stats": dict(result.stats),
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


def _jsonl_records(data: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    yield {"type": "scan", "version": data["version"], "params": data["params"]}
    for kind, key in (
        ("document", "documents"),
        ("cluster", "clusters"),
        ("alignment", "alignments"),
        ("boilerplate", "boilerplate"),
        ("related", "related"),
    ):
        for record in data[key]:
            yield {"type": kind, **record}


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


def render(result: ScanResult, fmt: str, params: Mapping[str, Any] | None = None) -> str:
    """The result in one of `FORMATS`, as the text to write."""
    if fmt == "json":
        return json.dumps(to_dict(result, params), ensure_ascii=False, indent=1) + "\n"
    if fmt == "jsonl":
        return "".join(
            json.dumps(r, ensure_ascii=False) + "\n"
            for r in _jsonl_records(to_dict(result, params))
        )
    if fmt == "csv":
        return _csv(result)
    if fmt == "text":
        return _text_report(result)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
