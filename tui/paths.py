"""Where echoes keeps things: bundled data, and the user's config, cache and state folders.

Follows the platform's conventions (XDG on Linux) through platformdirs; `ECHOES_HOME`, when set,
puts all three user folders under one directory (tests and portable installs use it).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

_PACKAGE = Path(__file__).resolve().parent
_APP = "echoes"


def _bundled(name: str) -> Path:
    """A data folder shipped with echoes: inside the wheel, or at the top of a checkout."""
    installed = _PACKAGE / "_data" / name
    return installed if installed.is_dir() else _PACKAGE.parent / name


def bundled_seeds() -> Path:
    return _bundled("seeds")


def bundled_themes() -> Path:
    return _bundled("themes")


def _home() -> Path | None:
    value = os.environ.get("ECHOES_HOME")
    return Path(value) if value else None


def config_dir() -> Path:
    home = _home()
    return home / "config" if home else Path(platformdirs.user_config_dir(_APP))


def cache_dir() -> Path:
    home = _home()
    return home / "cache" if home else Path(platformdirs.user_cache_dir(_APP))


def state_dir() -> Path:
    home = _home()
    return home / "state" if home else Path(platformdirs.user_state_dir(_APP))


def config_file() -> Path:
    return config_dir() / "config.yaml"


def user_themes_dir() -> Path:
    return config_dir() / "themes"
