"""Keeping what the reader shows: a copied passage as a file (for terminals without OSC 52) and a
cluster exported as JSON and as readable text, with its passages' text and articles."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tui.index.queries import ReuseIndex


def keep_text(target: Path, text: str) -> Path:
    """Write `text` to `target` (creating its folder), for terminals without OSC 52."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def cluster_record(index: ReuseIndex, cluster_id: int) -> dict[str, Any]:
    """One cluster with its passages' text and articles, as the export writes it."""
    cluster = index.cluster(cluster_id)
    source = index.likely_source(cluster_id)  # None: the dates tell no direction
    passages = []
    for span in cluster.passages:
        document = index.document(span.doc)
        passages.append(
            {
                "doc": span.doc,
                "title": document.title,
                "source": document.source,
                "date": document.date,
                "path": document.path,
                "url": document.url,
                "start": span.start,
                "end": span.end,
                "likely_source": span == source,
                "text": document.text[span.start : span.end],
            }
        )
    return {
        "version": 1,
        "cluster": {
            "id": cluster.id,
            "kind": cluster.kind,
            "similarity": cluster.similarity,
            "passages": passages,
        },
    }


def export_cluster(index: ReuseIndex, cluster_id: int, folder: Path) -> tuple[Path, Path]:
    """Write cluster `cluster_id` as JSON and as readable text into `folder`."""
    record = cluster_record(index, cluster_id)
    folder.mkdir(parents=True, exist_ok=True)
    as_json = folder / f"cluster-{cluster_id}.json"
    as_text = folder / f"cluster-{cluster_id}.txt"
    as_json.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    cluster = record["cluster"]
    lines = [
        f"cluster {cluster['id']}  {cluster['kind']}  similarity {cluster['similarity']:.0f}",
        "",
    ]
    for passage in cluster["passages"]:
        mark = "  (likely source)" if passage["likely_source"] else ""
        name = passage["title"] or passage["path"] or passage["doc"]
        lines.append(f"{name} [{passage['start']}:{passage['end']}]{mark}")
        lines.append(" ".join(passage["text"].split()))
        lines.append("")
    as_text.write_text("\n".join(lines), encoding="utf-8")
    return as_json, as_text
