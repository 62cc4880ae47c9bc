"""bench/align_instructions.py replays a saved sample of candidate pairs with the answer the
scan gives for them: what callgrind counts is the scan's own work."""

from __future__ import annotations

import hashlib
from pathlib import Path

from bench.align_instructions import replay, sample_numbers, save_sample
from tui.engine.load import load_corpus
from tui.params import Params
from tui.runners.local import _Run, align_range, with_rarity
from tui.runners.progress import no_progress

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def test_saved_sample_replays_as_the_scan_aligns_those_pairs(tmp_path: Path) -> None:
    path = tmp_path / "sample.pickle"
    pairs, documents = save_sample(SEEDS, 10_000, path)
    run = _Run(Params(), no_progress, 1, None)
    prepared = run.prepare(load_corpus([SEEDS]).documents)
    found, rarity = run.candidates(prepared)
    with_rarity(prepared, rarity)
    numbers = sample_numbers(len(found), 10_000)  # a corpus this small: its last 80%
    assert pairs == len(numbers) > 0 and documents > 1
    in_scan = align_range((prepared.corpus.documents, found, numbers, Params()), (0, pairs))
    assert any(in_scan), "the seeds hold reused passages"

    def digest(alignments: object) -> str:
        return hashlib.sha256(repr(alignments).encode()).hexdigest()[:16]

    assert replay(ROOT, path, align=True)[0] == digest(in_scan)
    assert replay(ROOT, path, align=False)[0] == digest([])
