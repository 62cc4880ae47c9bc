"""`echoes serve`: the reader in a web browser, through textual-serve.

textual-serve runs one reader process per browser tab (`python -m tui PATH...`) and relays
its screen to xterm.js in the page; the reader is the same program as in a terminal. It binds
to localhost unless told otherwise: whoever reaches the port can read the corpus, so binding
elsewhere is the user's explicit choice and gets a warning.
"""

from __future__ import annotations

import shlex
import sys
from collections.abc import Sequence

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
DEFAULT_PORT = 8000


class ServeUnavailable(Exception):
    """textual-serve is not installed: the message says how to get it."""


def is_local(host: str) -> bool:
    """Whether `host` only accepts connections from this machine."""
    return host in LOCAL_HOSTS or host.startswith("127.")


def exposure_warning(host: str, port: int) -> str:
    """The warning printed when the server is reachable from other machines ("" if not)."""
    if is_local(host):
        return ""
    return (
        f"serving on {host}:{port}, which other machines can reach: anyone who can connect "
        "can read this corpus in the reader. Use --host 127.0.0.1 to keep it on this machine."
    )


def reader_command(reader_args: Sequence[str]) -> str:
    """The shell command that starts one reader for one browser tab."""
    return shlex.join([sys.executable, "-m", "tui", *reader_args])


def serve(command: str, host: str, port: int, public_url: str | None = None) -> None:
    """Serve `command` on `host:port` until interrupted (Ctrl-C)."""
    try:
        from textual_serve.server import Server
    except ImportError as error:
        raise ServeUnavailable(
            "echoes serve needs textual-serve: pip install 'echoes[web]'"
        ) from error
    # The page connects back to `public_url` (default: http://HOST:PORT), so behind a proxy or
    # when bound to 0.0.0.0 it should be the address browsers use.
    Server(command, host=host, port=port, title="echoes", public_url=public_url).serve()
