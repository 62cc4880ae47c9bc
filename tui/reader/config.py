"""The user's settings file: theme, mouse and key overrides, read once at start-up.

`config.yaml` lives in the config folder (`echoes locate` prints where). Every setting is
optional. A setting that cannot be used falls back to its default with one warning sentence; the
rest of the file still applies, so a typo never costs the user their other settings.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tui import paths

_SETTINGS = ("theme", "mouse", "keymap")


class _StrictBoolLoader(yaml.SafeLoader):
    """YAML where only true/false are booleans: `copy: y` binds the key y, not True."""


_StrictBoolLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictBoolLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def parse_yaml(text: str) -> object:
    """YAML as echoes reads it (config and themes): safe, and only true/false are booleans."""
    return yaml.load(text, Loader=_StrictBoolLoader)  # a SafeLoader: no arbitrary objects


def yaml_problem(error: yaml.YAMLError) -> str:
    """Where and what a YAML syntax error is, short enough for one warning sentence."""
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or "syntax error"
    return f"{problem} at line {mark.line + 1}" if mark is not None else str(problem)


@dataclass(frozen=True)
class Config:
    """Settings as read. `keymap` maps a binding id to Textual keys, such as "j,down"."""

    theme: str | None = None
    keymap: dict[str, str] = field(default_factory=dict)
    mouse: bool = True


def load_config(path: Path | None = None) -> tuple[Config, list[str]]:
    """Read `path` (default: the user's config file); a missing file means all defaults.

    Returns the settings and one warning sentence per problem (unreadable file, broken YAML,
    unknown setting, wrong type). Binding ids are kept as written: only the app knows its ids.
    """
    path = path or paths.config_file()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config(), []
    except OSError as error:
        reason = error.strerror or str(error)
        return Config(), [f"Config file {path} could not be read ({reason}); using defaults."]
    except UnicodeDecodeError:
        return Config(), [f"Config file {path} is not UTF-8 text; using defaults."]
    try:
        raw = parse_yaml(text)
    except yaml.YAMLError as error:
        problem = yaml_problem(error)
        return Config(), [f"Config file {path} is not valid YAML ({problem}); using defaults."]
    if raw is None:
        return Config(), []
    if not isinstance(raw, dict):
        example = "`theme: echoes-dark`"
        return Config(), [
            f"Config file {path} should be a mapping such as {example}; using defaults."
        ]

    warnings: list[str] = []

    def warn(problem: str) -> None:
        warnings.append(f"Config file {path}: {problem}.")

    for key in raw:
        if key not in _SETTINGS:
            warn(f"unknown setting `{key}` ignored (settings: {', '.join(_SETTINGS)})")

    theme = raw.get("theme")
    if theme is not None and (not isinstance(theme, str) or not theme.strip()):
        warn(f"`theme` must be a theme name, not {theme!r}; using the default theme")
        theme = None

    mouse = raw.get("mouse", True)
    if mouse is None:
        mouse = True
    if not isinstance(mouse, bool):
        warn(f"`mouse` must be true or false, not {mouse!r}; the mouse stays on")
        mouse = True

    keymap = _keymap(raw.get("keymap"), warn)
    return Config(theme=theme.strip() if theme else None, keymap=keymap, mouse=mouse), warnings


def _keymap(value: object, warn: Callable[[str], None]) -> dict[str, str]:
    """Binding id -> keys, normalised to "a,b"; a list of keys is accepted too."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        warn("`keymap` must map binding ids to keys, such as `next_passage: j,down`; ignored")
        return {}
    keymap: dict[str, str] = {}
    for binding_id, keys in value.items():
        if not isinstance(binding_id, str) or not binding_id:
            warn(f"keymap entry {binding_id!r} is not a binding id; ignored")
            continue
        normalised = _keys(keys)
        if normalised is None:
            warn(f'keymap `{binding_id}`: {keys!r} is not a key list such as "j,down"; ignored')
            continue
        keymap[binding_id] = normalised
    return keymap


def _keys(value: object) -> str | None:
    """Keys as Textual writes them ("j,down"), or None when `value` cannot be keys."""
    if isinstance(value, bool):  # `true` or `false`: not a key
        return None
    if isinstance(value, int):
        value = str(value)  # a digit key, written bare
    if isinstance(value, list) and all(isinstance(key, str | int) for key in value):
        value = ",".join(str(key) for key in value)
    if not isinstance(value, str):
        return None
    keys = [key.strip() for key in value.split(",")]
    if not keys or any(not key or any(c.isspace() for c in key) for key in keys):
        return None
    return ",".join(keys)
