"""Shared fixtures: the real seed articles, and a private home for config, cache and state."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from tui.engine.candidates import CandidatePairs, find_candidates
from tui.engine.fingerprint import word_codes
from tui.engine.load import load_corpus
from tui.engine.prepare import PreparedDocument
from tui.model import Document
from tui.params import Params

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED_BENCH = ROOT.parent / "shared" / "bench"
# The benchmarks' own modules (PAN's measures) are tested too; they ship with bench/, not tui/.
sys.path.insert(0, str(ROOT / "bench"))


@pytest.fixture(autouse=True)
def echoes_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own config/cache/state folders, never the user's."""
    home = tmp_path / "echoes-home"
    monkeypatch.setenv("ECHOES_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def seed_documents() -> dict[str, Document]:
    """The five seed articles by id, loaded exactly as the app loads them."""
    loaded = load_corpus([SEEDS])
    assert not loaded.warnings
    return {d.id: d for d in loaded.documents}


def candidates_of(prepared: Sequence[PreparedDocument], params: Params) -> CandidatePairs:
    """The candidate pairs of prepared documents, as a scan finds them."""
    return find_candidates(word_codes([p.tokens.words for p in prepared]), params)
