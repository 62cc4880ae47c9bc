"""What a runner raises when it cannot run at all (a missing optional dependency, a cluster
that will not start or that fails mid-scan): one sentence for the user, no traceback."""

from __future__ import annotations


class EngineError(Exception):
    """The engine asked for cannot run here, or failed; the message says why and what to do."""
