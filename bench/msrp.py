"""Score echoes' links (reuse and related) on the Microsoft Research Paraphrase Corpus.

    python bench/msrp.py ../shared/bench/msrp-train.tsv [--sweep]

Every sentence of the file becomes one document and the whole set is scanned once with
`tui.runners.local.scan` (the same code and defaults as `echoes scan`, idf over all sentences). A
labelled pair counts as linked when the scan aligned the two sentences as reuse or linked them
as related. The last line printed is `precision=… recall=… f1=… pairs=…` at the default
threshold; `--sweep` first prints the same figures for other `related_min_score` values.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # runnable as a plain script from a checkout
    sys.path.insert(0, str(ROOT))

from tui.model import Document, ScanResult  # noqa: E402
from tui.params import Params  # noqa: E402
from tui.runners.local import scan  # noqa: E402

Labelled = tuple[str, str, bool]  # sentence id, sentence id, same meaning


def read_pairs(path: Path) -> tuple[list[Document], list[Labelled]]:
    """Documents (one per distinct sentence id) and the labelled pairs, from MSRP's TSV."""
    documents: dict[str, Document] = {}
    pairs: list[Labelled] = []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(rows, None)
        if header is None or len(header) < 5:
            raise ValueError(f"{path}: expected a header 'label id1 id2 sentence1 sentence2'")
        for row in rows:
            if len(row) < 5 or row[0] not in ("0", "1"):
                continue
            label, id1, id2, text1, text2 = row[:5]
            documents.setdefault(id1, Document(id1, text1))
            documents.setdefault(id2, Document(id2, text2))
            pairs.append((id1, id2, label == "1"))
    return list(documents.values()), pairs


def linked_pairs(result: ScanResult, min_score: float) -> set[frozenset[str]]:
    """Document pairs the scan links: reuse alignments, and related links at `min_score`."""
    linked = {frozenset((al.a.doc, al.b.doc)) for _, al in result.alignments}
    linked |= {frozenset((r.a.doc, r.b.doc)) for r in result.related if r.score >= min_score}
    return linked


def figures(pairs: Sequence[Labelled], linked: set[frozenset[str]]) -> tuple[float, float, float]:
    true_positive = sum(1 for a, b, same in pairs if same and frozenset((a, b)) in linked)
    predicted = sum(1 for a, b, _ in pairs if frozenset((a, b)) in linked)
    positive = sum(1 for _, _, same in pairs if same)
    precision = true_positive / predicted if predicted else 0.0
    recall = true_positive / positive if positive else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tsv", type=Path, help="MSRP file: label, id1, id2, sentence1, sentence2")
    parser.add_argument("--sweep", action="store_true", help="also try other related thresholds")
    args = parser.parse_args(argv)
    try:
        documents, pairs = read_pairs(args.tsv)
    except (OSError, ValueError) as error:
        print(f"msrp: error: {error}", file=sys.stderr)
        return 2
    params = Params()
    if args.sweep:
        everything = scan(documents, dataclasses.replace(params, related_min_score=0.0))
        for threshold in (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7):
            precision, recall, f1 = figures(pairs, linked_pairs(everything, threshold))
            print(
                f"related_min_score={threshold:.2f} precision={precision:.3f} "
                f"recall={recall:.3f} f1={f1:.3f}"
            )
    started = time.perf_counter()
    result = scan(documents, params)
    seconds = time.perf_counter() - started
    reuse = {frozenset((al.a.doc, al.b.doc)) for _, al in result.alignments}
    in_pairs = sum(1 for a, b, _ in pairs if frozenset((a, b)) in reuse)
    print(
        f"sentences={len(documents)} labelled pairs linked as reuse={in_pairs} "
        f"related links={len(result.related)} seconds={seconds:.1f}"
    )
    precision, recall, f1 = figures(pairs, linked_pairs(result, params.related_min_score))
    print(f"precision={precision:.4f} recall={recall:.4f} f1={f1:.4f} pairs={len(pairs)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
