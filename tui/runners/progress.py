"""How a runner reports progress: `progress(stage, done, total)`, called often, so it must be
cheap; raising from it cancels the scan. Stages are named as in the README's pipeline."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str, int, int], None]


def no_progress(stage: str, done: int, total: int) -> None:
    return None
