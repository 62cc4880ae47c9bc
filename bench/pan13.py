"""Score echoes' pairwise alignment on a PAN text-alignment corpus (PAN 2013 layout).

    python bench/pan13.py ../shared/bench/pan13-train [--limit N] [--sections 02,03]
                          [--detections DIR] [--workers 2]

The corpus folder holds `src/`, `susp/`, and one folder per section, each with a `pairs` file
("suspicious-documentX.txt source-documentY.txt" per line) and one gold XML per pair. Every pair
is aligned with `align_documents` (the same detection as `echoes scan`), then scored with PAN's
character-level measures (`bench/measures.py`). The last line printed is
`overall plagdet=… precision=… recall=… granularity=… pairs=… seconds=…`.
"""

from __future__ import annotations

import argparse
import dataclasses
import multiprocessing
import sys
import time
import xml.etree.ElementTree as ET
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import quoteattr

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # runnable as a plain script from a checkout
    sys.path.insert(0, str(ROOT))

from measures import Passage, Scores, score  # noqa: E402

from tui.engine.compare import align_prepared  # noqa: E402
from tui.engine.prepare import PreparedDocument, prepare  # noqa: E402
from tui.engine.sentences import TermVocabulary  # noqa: E402
from tui.model import Document  # noqa: E402
from tui.params import PRESETS, Params  # noqa: E402


@dataclass(frozen=True)
class Pair:
    section: str
    suspicious: str  # file names, as in the `pairs` file
    source: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.suspicious, self.source)

    @property
    def xml_name(self) -> str:
        return f"{Path(self.suspicious).stem}-{Path(self.source).stem}.xml"


def read_text(path: Path) -> str:
    """PAN offsets index the UTF-8 text exactly as stored (no newline translation)."""
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def find_sections(corpus: Path, wanted: Sequence[str]) -> list[Path]:
    sections = sorted(p for p in corpus.iterdir() if p.is_dir() and (p / "pairs").is_file())
    if wanted:
        sections = [s for s in sections if any(s.name.startswith(w) for w in wanted)]
    return sections


def read_pairs(section: Path, limit: int | None) -> list[Pair]:
    pairs = []
    for line in (section / "pairs").read_text(encoding="utf-8").splitlines():
        names = line.split()
        if len(names) == 2:
            pairs.append(Pair(section.name, names[0], names[1]))
    return pairs[:limit] if limit is not None else pairs


def read_cases(section: Path, pair: Pair) -> list[Passage]:
    """Gold cases of one pair: `plagiarism` features only, as PAN specifies."""
    path = section / pair.xml_name
    if not path.is_file():
        return []
    cases = []
    for feature in ET.parse(path).getroot().iter("feature"):
        if feature.get("name") != "plagiarism":
            continue
        this_offset, this_length = (
            int(feature.get("this_offset", 0)),
            int(feature.get("this_length", 0)),
        )
        source_offset, source_length = (
            int(feature.get("source_offset", 0)),
            int(feature.get("source_length", 0)),
        )
        cases.append(
            Passage(
                pair.key,
                (this_offset, this_offset + this_length),
                (source_offset, source_offset + source_length),
            )
        )
    return cases


_corpus: Path = Path()
_params: Params = Params()
# Prepared documents of this worker, most recently used last: the same source and suspicious
# documents recur across pairs, and preparing one costs more than aligning a pair.
_prepared: OrderedDict[tuple[str, str], PreparedDocument] = OrderedDict()
_KEEP_PREPARED = 256
# The worker's term numbers: documents prepared one at a time are compared with each other.
_vocabulary = TermVocabulary()


def _init_worker(corpus: Path, params: Params) -> None:
    global _corpus, _params
    _corpus, _params = corpus, params
    _prepared.clear()


def _prepared_document(folder: str, name: str) -> PreparedDocument:
    key = (folder, name)
    if key in _prepared:
        _prepared.move_to_end(key)
        return _prepared[key]
    (document,) = prepare(
        [Document(name, read_text(_corpus / folder / name))], _params, _vocabulary
    )
    _prepared[key] = document
    if len(_prepared) > _KEEP_PREPARED:
        _prepared.popitem(last=False)
    return document


def detect(pair: Pair) -> list[Passage]:
    """What echoes reports for one pair, as PAN passages (suspicious side first)."""
    source = _prepared_document("src", pair.source)
    suspicious = _prepared_document("susp", pair.suspicious)
    return [
        Passage(pair.key, (al.b.start, al.b.end), (al.a.start, al.a.end))
        for al in align_prepared(source, suspicious, _params)
    ]


def write_detections(directory: Path, pair: Pair, detections: Sequence[Passage]) -> None:
    """One XML per pair in PAN's output format, named like the gold file."""
    lines = [f"<document reference={quoteattr(pair.suspicious)}>"]
    for d in detections:
        lines.append(
            '<feature name="detected-plagiarism"'
            f' this_offset="{d.suspicious[0]}" this_length="{d.suspicious[1] - d.suspicious[0]}"'
            f" source_reference={quoteattr(pair.source)}"
            f' source_offset="{d.source[0]}" source_length="{d.source[1] - d.source[0]}"/>'
        )
    lines.append("</document>")
    (directory / pair.xml_name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def _row(name: str, pairs: int, s: Scores) -> str:
    return (
        f"{name:28} {pairs:6d} {s.cases:6d} {s.detections:6d} {s.precision:9.3f} "
        f"{s.recall:7.3f} {s.granularity:7.3f} {s.plagdet:8.3f}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="a PAN13-layout folder")
    parser.add_argument("--limit", type=int, help="first N pairs of each section only")
    parser.add_argument("--sections", default="", help="comma-separated prefixes, e.g. 02,03")
    parser.add_argument("--detections", type=Path, help="write PAN detection XMLs here")
    parser.add_argument("--workers", type=int, default=2, help="processes (default: 2)")
    parser.add_argument(
        "--preset", choices=sorted(PRESETS), help="named settings instead of the defaults"
    )
    args = parser.parse_args(argv)
    corpus: Path = args.corpus
    if not (corpus / "src").is_dir() or not (corpus / "susp").is_dir():
        print(f"pan13: error: {corpus} has no src/ and susp/ folders", file=sys.stderr)
        return 2
    sections = find_sections(corpus, [s for s in args.sections.split(",") if s])
    if not sections:
        print(f"pan13: error: no section folders with a pairs file in {corpus}", file=sys.stderr)
        return 2
    params = PRESETS[args.preset] if args.preset else Params()
    if args.detections:
        args.detections.mkdir(parents=True, exist_ok=True)

    pairs = [p for s in sections for p in read_pairs(s, args.limit)]
    cases = {p: read_cases(corpus / p.section, p) for p in pairs}
    started = time.perf_counter()
    # Pairs of one suspicious document go to one worker together, which prepares it once.
    in_order = sorted(pairs, key=lambda p: (p.suspicious, p.source))
    with multiprocessing.Pool(args.workers, _init_worker, (corpus, params)) as pool:
        found = dict(zip(in_order, pool.map(detect, in_order, chunksize=8), strict=True))
    seconds = time.perf_counter() - started

    if args.detections:
        for pair, detections in found.items():
            write_detections(args.detections, pair, detections)

    changed = {
        f.name: getattr(params, f.name)
        for f in dataclasses.fields(Params)
        if getattr(params, f.name) != f.default
    }
    print(f"settings: {args.preset or 'defaults'} {changed or ''}".rstrip())
    print(
        f"{'section':28} {'pairs':>6} {'cases':>6} {'found':>6} {'precision':>9} "
        f"{'recall':>7} {'gran':>7} {'plagdet':>8}"
    )
    for section in sections:
        chosen = [p for p in pairs if p.section == section.name]
        s = score([c for p in chosen for c in cases[p]], [d for p in chosen for d in found[p]])
        print(_row(section.name, len(chosen), s))
    overall = score([c for p in pairs for c in cases[p]], [d for p in pairs for d in found[p]])
    print(_row("overall", len(pairs), overall))
    print(
        f"overall plagdet={overall.plagdet:.4f} precision={overall.precision:.4f} "
        f"recall={overall.recall:.4f} granularity={overall.granularity:.4f} "
        f"pairs={len(pairs)} seconds={seconds:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
