"""Reader themes: Textual colours plus the highlight style of each passage role, from YAML files.

One theme per file (see `themes/*.yaml`). Bundled themes load first, then the user's theme folder
and any extra folders, so a user theme replaces a bundled one of the same name. A broken file
never stops the reader: it is skipped with one warning sentence and the other themes remain.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from rich.errors import StyleSyntaxError
from rich.style import Style
from textual.color import Color, ColorParseError
from textual.theme import Theme

from tui import paths
from tui.reader.config import parse_yaml, yaml_problem

ROLES = (
    "reused",
    "shared",
    "differ",
    "cursor",
    "boilerplate",
    "related",
    "source",
    "search",
    "drift",
    "dropped",
)
"""Every highlight role a theme styles: what each means is documented in themes/echoes-dark.yaml."""

DEFAULT_THEME = "echoes-dark"

_COLOUR_FIELDS = (
    "primary",
    "secondary",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
    "warning",
    "error",
    "success",
)
_NUMBER_FIELDS = ("luminosity_spread", "text_alpha")
_FLAG_FIELDS = ("dark", "ansi")
_KNOWN_FIELDS = frozenset(
    ("name", "highlights", "variables", *_COLOUR_FIELDS, *_NUMBER_FIELDS, *_FLAG_FIELDS)
)

# Without colour each role keeps its own set of attributes, so none can be mistaken for another,
# and the roles that overlap on screen still combine into distinct sets: a shared word inside the
# cursor passage is bold + reverse, a search hit elsewhere is bold + reverse + underline.
_NO_COLOR_STYLES: dict[str, Style] = {
    "reused": Style(underline=True),
    "shared": Style(bold=True),
    "differ": Style(italic=True),
    "cursor": Style(reverse=True),
    "boilerplate": Style(dim=True),
    "related": Style(italic=True, underline=True),
    "source": Style(bold=True, italic=True),
    "search": Style(bold=True, reverse=True, underline=True),
    "drift": Style(bold=True, italic=True, reverse=True),
    "dropped": Style(strike=True),
}


@dataclass(frozen=True)
class EchoesTheme:
    """A theme ready to use: `textual` goes to `App.register_theme`, `highlights` to the panes."""

    name: str
    textual: Theme
    highlights: dict[str, Style]


class ThemeFileError(ValueError):
    """What is wrong with one theme file, as a sentence fragment for the user."""


def load_themes(
    extra_dirs: Sequence[Path] = (),
) -> tuple[dict[str, EchoesTheme], list[str]]:
    """Bundled themes, then the user's theme folder, then `extra_dirs`; later names win.

    Returns the themes by name and one warning sentence per file that could not be used.
    """
    themes: dict[str, EchoesTheme] = {}
    warnings: list[str] = []
    folders = [(paths.bundled_themes(), False), (paths.user_themes_dir(), False)]
    folders += [(Path(folder), True) for folder in extra_dirs]
    for folder, named_by_user in folders:
        if not folder.is_dir():
            if named_by_user:
                warnings.append(f"Theme folder {folder} does not exist; no themes loaded from it.")
            continue
        for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
            try:
                theme = read_theme(path, themes)
            except ThemeFileError as problem:
                warnings.append(f"Theme file {path} was skipped: {problem}.")
                continue
            themes[theme.name] = theme
    return themes, warnings


def read_theme(path: Path, known: Mapping[str, EchoesTheme] | None = None) -> EchoesTheme:
    """One theme file, validated; raises ThemeFileError saying what is wrong.

    Highlight roles a user theme leaves out are taken from the bundled default of the same
    darkness in `known` (echoes-dark or echoes-light), so a theme can restyle only a few roles.
    """
    try:
        raw = parse_yaml(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ThemeFileError(f"it could not be read ({error.strerror or error})") from error
    except UnicodeDecodeError as error:
        raise ThemeFileError("it is not UTF-8 text") from error
    except yaml.YAMLError as error:
        raise ThemeFileError(f"it is not valid YAML ({yaml_problem(error)})") from error
    if not isinstance(raw, dict):
        raise ThemeFileError("it should be a mapping of fields such as `name:` and `primary:`")

    unknown = sorted(str(key) for key in raw if key not in _KNOWN_FIELDS)
    if unknown:
        raise ThemeFileError(f"unknown field {_names(unknown)}")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ThemeFileError("`name` must be a non-empty string")
    if "primary" not in raw:
        raise ThemeFileError('`primary` is missing (a colour such as "#81a2be")')

    colours = {field: _colour(raw, field) for field in _COLOUR_FIELDS if field in raw}
    textual = Theme(
        name=name.strip(),
        primary=colours["primary"],
        secondary=colours.get("secondary"),
        accent=colours.get("accent"),
        foreground=colours.get("foreground"),
        background=colours.get("background"),
        surface=colours.get("surface"),
        panel=colours.get("panel"),
        boost=colours.get("boost"),
        warning=colours.get("warning"),
        error=colours.get("error"),
        success=colours.get("success"),
        dark=_flag(raw, "dark", default=True),
        ansi=_flag(raw, "ansi", default=False),
        luminosity_spread=_number(raw, "luminosity_spread", default=0.15),
        text_alpha=_number(raw, "text_alpha", default=0.95),
        variables=_variables(raw.get("variables")),
    )
    try:
        textual.to_color_system().generate()
    except Exception as error:  # Textual's own check of the palette, whatever it raises
        raise ThemeFileError(f"Textual cannot build a palette from it ({error})") from error

    fallback = (known or {}).get(DEFAULT_THEME if textual.dark else "echoes-light")
    highlights = _highlights(raw.get("highlights"), fallback)
    return EchoesTheme(name=textual.name, textual=textual, highlights=highlights)


def highlight_styles(theme: EchoesTheme, *, no_color: bool) -> dict[str, Style]:
    """The style of each role; under `no_color`, attributes only, a distinct set per role."""
    return dict(_NO_COLOR_STYLES if no_color else theme.highlights)


def rich_style(text: str) -> Style:
    """Parse a Rich style string, also accepting Textual's `ansi_` colour names in it."""
    words = [word.removeprefix("ansi_") for word in text.split()]
    return Style.parse(" ".join(words))


def _colour(raw: Mapping[object, object], field: str) -> str:
    value = raw[field]
    if value is None:
        raise ThemeFileError(f'`{field}` is empty (quote colours in YAML: "#1d1f21")')
    if not isinstance(value, str):
        raise ThemeFileError(f"`{field}` must be a colour string, not {value!r}")
    try:
        Color.parse(value)
    except ColorParseError as error:
        raise ThemeFileError(f"`{field}` is not a colour: {value!r}") from error
    return value


def _flag(raw: Mapping[object, object], field: str, *, default: bool) -> bool:
    value = raw.get(field, default)
    if not isinstance(value, bool):
        raise ThemeFileError(f"`{field}` must be true or false, not {value!r}")
    return value


def _number(raw: Mapping[object, object], field: str, *, default: float) -> float:
    value = raw.get(field, default)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ThemeFileError(f"`{field}` must be a number, not {value!r}")
    return float(value)


def _variables(value: object) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(
        isinstance(key, str) and isinstance(item, str) for key, item in value.items()
    ):
        raise ThemeFileError("`variables` must map Textual variable names to strings")
    return dict(value)


def _highlights(value: object, fallback: EchoesTheme | None) -> dict[str, Style]:
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise ThemeFileError(
            "`highlights` must map roles to Rich styles, such as `cursor: reverse`"
        )
    unknown = sorted(str(role) for role in value if role not in ROLES)
    if unknown:
        raise ThemeFileError(
            f"`highlights` has unknown role {_names(unknown)} (roles: {_names(ROLES)})"
        )
    styles: dict[str, Style] = {}
    for role in ROLES:
        text = value.get(role)
        if text is None and fallback is not None:
            styles[role] = fallback.highlights[role]
            continue
        if not isinstance(text, str):
            raise ThemeFileError(f"`highlights.{role}` must be a Rich style string")
        try:
            styles[role] = rich_style(text)
        except StyleSyntaxError as error:
            raise ThemeFileError(f"`highlights.{role}` is not a valid style ({error})") from error
    return styles


def _names(names: Sequence[str]) -> str:
    return ", ".join(f"`{name}`" for name in names)
