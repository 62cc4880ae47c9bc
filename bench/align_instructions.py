#!/usr/bin/env python3
"""The align stage's work on a fixed sample of candidate pairs, counted in instructions.

    python bench/align_instructions.py CORPUS.jsonl [--pairs 6000] [--vs CHECKOUT ...]

Wall and CPU seconds on these shared machines move by a quarter between two runs of the same
code, more than most changes to the align stage save. Instructions counted by valgrind's
callgrind do not move: the same code, sample and interpreter give the same count whatever
else the machine is doing. So a change to the align stage is measured here: the candidate
pairs of CORPUS are found once (by this checkout, in one process), a sample of them is saved
with the prepared documents it needs, and each checkout (this one, then every `--vs`) aligns
that sample in one batch (`align_pairs`, as an align task does) under callgrind. The sample
is three runs of consecutive pairs from a fifth, half and four fifths of the way through,
cut as a scan cuts its align tasks, so a document meets its partners as it does in a scan.
Each checkout runs once outside callgrind first, so that no measured run compiles bytecode.

Printed per checkout: instructions of the whole run, of loading the sample alone, and of
the alignment (the difference), its ratio to the first checkout's, and a digest of the
alignments (the same digest: the same answer). The sample is pickled, so every checkout must
read this checkout's prepared documents (the same fields). Needs valgrind on the PATH.
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Where the three runs of consecutive pairs start, as fractions of all candidate pairs.
_RUNS_AT = (0.2, 0.5, 0.8)


def sample_numbers(total: int, wanted: int) -> list[int]:
    """The pairs of the sample, by number: up to `wanted` in three runs (see `_RUNS_AT`)."""
    each = max(1, wanted // len(_RUNS_AT))
    return sorted(
        {k for at in _RUNS_AT for k in range(int(at * total), min(total, int(at * total) + each))}
    )


def save_sample(corpus: Path, pairs_wanted: int, path: Path) -> tuple[int, int]:
    """Find `corpus`'s candidate pairs and save a sample of them: (pairs, documents)."""
    from tui.engine.load import load_corpus
    from tui.params import Params
    from tui.runners.local import _Run, _seeded_pairs, with_rarity
    from tui.runners.progress import no_progress

    params = Params()
    run = _Run(params, no_progress, 1, None)
    prepared = run.prepare(load_corpus([corpus]).documents)
    pairs, rarity = run.candidates(prepared)
    with_rarity(prepared, rarity)
    numbers = sample_numbers(len(pairs), pairs_wanted)
    documents = prepared.corpus.documents
    sample = [
        (a.document.id, b.document.id, list(seeds_a), list(seeds_b))
        for a, b, seeds_a, seeds_b in _seeded_pairs(documents, pairs, numbers)
    ]
    needed = {name for a, b, _, _ in sample for name in (a, b)}
    kept = {d.document.id: d for d in documents if d.document.id in needed}
    with path.open("wb") as file:
        pickle.dump((kept, sample, params), file, protocol=pickle.HIGHEST_PROTOCOL)
    return len(sample), len(kept)


# The measured run, as a program of its own: it imports `tui` from the checkout measured
# (PYTHONPATH), never from this one, and only what older checkouts have too.
_REPLAY = """
import hashlib, pickle, sys
from tui.engine.align.batch import align_pairs
with open(sys.argv[1], "rb") as file:
    kept, sample, params = pickle.load(file)
for document in kept.values():
    _ = document.comparable.by_term
pairs = [(kept[a], kept[b], seeds_a, seeds_b) for a, b, seeds_a, seeds_b in sample]
found = align_pairs(pairs, params) if sys.argv[2] == "align" else []
print(hashlib.sha256(repr(found).encode()).hexdigest()[:16])
"""


def replay(
    checkout: Path, sample: Path, align: bool, wrapper: Sequence[str] = ()
) -> tuple[str, str]:
    """Run `_REPLAY` on the sample with `checkout`'s engine (under `wrapper`, e.g. callgrind):
    the digest it prints, and its error output (where callgrind writes its count). Raises
    SystemExit with that output when the run fails."""
    command = [*wrapper, sys.executable, "-c", _REPLAY, str(sample), "align" if align else "load"]
    env = {"PYTHONPATH": str(checkout), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(command, cwd=checkout, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{checkout}: the run failed:\n{done.stderr[-2000:]}")
    return done.stdout.strip(), done.stderr


def counted(checkout: Path, sample: Path, align: bool, folder: Path) -> tuple[int, str]:
    """Instructions callgrind counts for `checkout` loading (and aligning) the sample, and
    the digest of the alignments."""
    tag = hashlib.sha256(f"{checkout} {align}".encode()).hexdigest()[:12]
    wrapper = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={folder / tag}"]
    printed, errors = replay(checkout, sample, align, wrapper)
    found = re.search(r"Collected : (\d+)", errors)
    if found is None:
        raise SystemExit(f"{checkout}: callgrind printed no count:\n{errors[-2000:]}")
    return int(found.group(1)), printed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="a corpus, as `echoes scan` takes it")
    parser.add_argument("--pairs", type=int, default=6000, help="pairs in the sample")
    parser.add_argument("--vs", type=Path, action="append", default=[], help="other checkouts")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    with tempfile.TemporaryDirectory(prefix="echoes-instructions-") as name:
        folder = Path(name)
        sample = folder / "sample.pickle"
        pairs, documents = save_sample(args.corpus, args.pairs, sample)
        print(f"sample: {pairs} candidate pairs of {args.corpus}, {documents} documents")
        print(f"{'checkout':40} {'run':>14} {'load':>14} {'align':>14} {'ratio':>6}  digest")
        first: int | None = None
        for checkout in [ROOT, *args.vs]:
            # A first run outside callgrind writes the checkout's bytecode: a measured run
            # that compiled a changed module would count the compiler too (4% here).
            replay(checkout.resolve(), sample, align=False)
            whole, found = counted(checkout.resolve(), sample, True, folder)
            load, _ = counted(checkout.resolve(), sample, False, folder)
            align = whole - load
            first = align if first is None else first
            print(
                f"{checkout!s:40} {whole:14,} {load:14,} {align:14,} {align / first:6.3f}  {found}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
