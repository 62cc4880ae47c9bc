"""Shared fixtures: the real seed articles, and a private home for config, cache and state."""

from __future__ import annotations

import json
import socket
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


# The seeds as a JSON Lines feed with outlets and dates, for what needs them (filters,
# provenance): the Carter quote runs first in Al Jazeera, a day before the Irish Times; the
# Ash Carter paragraph of 003 and 004 runs the same day in both.
SEED_FACTS = {
    "000_7286a1352e34bfc5": ("Al Jazeera", "2015-09-30"),
    "001_1e6aa355d022f1a8": ("Washington Post", "2015-10-01"),
    "002_4e7ccc9cad03257e": ("Irish Times", "2015-10-01"),
    "003_99e24934e41de514": ("News Desk", "2015-10-01"),
    "004_6ccb1f5dfee232b0": ("AP", "2015-10-01"),
}


def write_dated_seeds(target: Path) -> Path:
    """Write the seeds with the outlets and dates of SEED_FACTS to `target` (a .jsonl)."""
    lines = []
    for doc_id, (source, date) in SEED_FACTS.items():
        text = (SEEDS / f"{doc_id}.txt").read_text(encoding="utf-8")
        record = {"id": doc_id, "text": text, "source": source, "date": date}
        lines.append(json.dumps(record, ensure_ascii=False))
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


@pytest.fixture
def dated_seeds(tmp_path: Path) -> Path:
    """The seeds with outlets and dates, as a JSON Lines file."""
    return write_dated_seeds(tmp_path / "dated-seeds.jsonl")


def free_port() -> int:
    """A TCP port free on localhost right now (for a server a test starts)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def candidates_of(prepared: Sequence[PreparedDocument], params: Params) -> CandidatePairs:
    """The candidate pairs of prepared documents, as a scan finds them."""
    return find_candidates(word_codes([p.tokens.words for p in prepared]), params)
