"""Themes: the bundled files, user overrides, broken files, and highlights that stay readable
in 256 colours, 16 colours and without colour at all."""

from __future__ import annotations

import asyncio
from itertools import combinations
from pathlib import Path

import pytest
from rich.color import Color, ColorSystem
from rich.style import Style
from textual.app import App, ComposeResult
from textual.color import Color as TextualColor
from textual.widgets import Static

from tui import paths
from tui.reader.theme import DEFAULT_THEME, ROLES, EchoesTheme, highlight_styles, load_themes

BUNDLED = ("echoes-dark", "echoes-light", "echoes-high-contrast", "echoes-ansi")
ATTRIBUTES = ("bold", "dim", "italic", "underline", "reverse", "strike")


def bundled() -> dict[str, EchoesTheme]:
    themes, warnings = load_themes()
    assert warnings == []
    return themes


def write_user_theme(name: str, text: str) -> Path:
    folder = paths.user_themes_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def attributes(style: Style) -> frozenset[str]:
    return frozenset(name for name in ATTRIBUTES if getattr(style, name))


def background(theme: EchoesTheme, role: str) -> Color:
    colour = theme.highlights[role].bgcolor
    assert colour is not None, f"{theme.name}: {role} has no background"
    return colour


def downgraded(colour: Color, system: ColorSystem) -> tuple[object, ...]:
    """What the terminal is sent for `colour` on `system`, without the name Rich keeps."""
    terminal = colour.downgrade(system)
    return (terminal.type, terminal.number, terminal.triplet)


def theme_colour(value: str | None) -> Color:
    """A Textual theme field (which may be `ansi_default`) as the Rich colour it renders as."""
    assert value is not None
    return TextualColor.parse(value).rich_color


PALETTES = [
    pytest.param(ColorSystem.EIGHT_BIT, id="256-colours"),
    pytest.param(ColorSystem.STANDARD, id="16-colours"),
]


def test_bundled_themes_load_without_warnings() -> None:
    themes = bundled()
    assert set(BUNDLED) <= set(themes)
    assert DEFAULT_THEME in themes


@pytest.mark.parametrize("name", BUNDLED)
def test_every_bundled_theme_styles_every_role_differently(name: str) -> None:
    theme = bundled()[name]
    assert set(theme.highlights) == set(ROLES)
    for first, second in combinations(ROLES, 2):
        assert theme.highlights[first] != theme.highlights[second], (first, second)


def test_ansi_theme_uses_the_terminal_palette() -> None:
    theme = bundled()["echoes-ansi"]
    assert theme.textual.ansi is True
    for role, style in theme.highlights.items():
        for colour in (style.color, style.bgcolor):
            assert colour is None or colour.is_system_defined, (role, colour)
    assert background(theme, "shared").name == "bright_yellow"


@pytest.mark.parametrize("name", BUNDLED)
@pytest.mark.parametrize("system", PALETTES)
def test_shared_words_stand_out_after_downgrade(name: str, system: ColorSystem) -> None:
    theme = bundled()[name]
    shared = downgraded(background(theme, "shared"), system)
    tint = downgraded(background(theme, "reused"), system)
    panel = downgraded(theme_colour(theme.textual.panel), system)
    assert shared != tint
    assert shared != panel
    assert shared != downgraded(background(theme, "cursor"), system)
    for field in (theme.textual.background, theme.textual.surface):
        assert shared != downgraded(theme_colour(field), system)


@pytest.mark.parametrize("name", ["echoes-dark", "echoes-light", "echoes-high-contrast"])
def test_reused_tint_is_visible_in_256_colours(name: str) -> None:
    """A faint tint must not round to the pane's own background when truecolor is downgraded."""
    theme = bundled()[name]
    tint = downgraded(background(theme, "reused"), ColorSystem.EIGHT_BIT)
    cursor = downgraded(background(theme, "cursor"), ColorSystem.EIGHT_BIT)
    for field in (theme.textual.background, theme.textual.surface):
        pane = downgraded(theme_colour(field), ColorSystem.EIGHT_BIT)
        assert tint != pane
        assert cursor != pane
    assert tint != cursor


@pytest.mark.parametrize("name", BUNDLED)
def test_reused_and_cursor_stay_apart_in_16_colours(name: str) -> None:
    """In 16 colours tints may collapse together; the cursor still differs by an attribute."""
    theme = bundled()[name]
    tint = downgraded(background(theme, "reused"), ColorSystem.STANDARD)
    cursor = downgraded(background(theme, "cursor"), ColorSystem.STANDARD)
    cursor_attributes = attributes(theme.highlights["cursor"])
    assert cursor != tint or cursor_attributes - attributes(theme.highlights["reused"])


@pytest.mark.parametrize("name", BUNDLED)
def test_no_color_styles_are_distinct_without_colour(name: str) -> None:
    styles = highlight_styles(bundled()[name], no_color=True)
    assert set(styles) == set(ROLES)
    for role, style in styles.items():
        assert style.color is None and style.bgcolor is None, role
        assert attributes(style), f"{role} has no attribute at all"
    for first, second in combinations(ROLES, 2):
        assert attributes(styles[first]) != attributes(styles[second]), (first, second)


def test_no_color_keeps_overlapping_roles_apart() -> None:
    """Roles drawn on top of each other still combine into something new."""
    styles = highlight_styles(bundled()[DEFAULT_THEME], no_color=True)
    cursor = attributes(styles["cursor"])
    for role in ("shared", "search"):
        assert attributes(styles["cursor"] + styles[role]) != cursor, role
    assert attributes(styles["reused"] + styles["shared"]) != attributes(styles["reused"])


def test_colour_styles_are_the_themes_own() -> None:
    theme = bundled()["echoes-light"]
    styles = highlight_styles(theme, no_color=False)
    assert styles == theme.highlights
    styles["shared"] = Style()
    assert theme.highlights["shared"] != Style(), "the caller got a copy, not the theme's dict"


@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_theme_applies_in_a_real_app(name: str) -> None:
    theme = bundled()[name]

    class Probe(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("[not markup]")

    async def apply() -> str:
        app = Probe()
        async with app.run_test(size=(40, 5)) as pilot:
            app.register_theme(theme.textual)
            app.theme = theme.name
            await pilot.pause()
            return app.theme

    assert asyncio.run(apply()) == name


def test_user_theme_overrides_bundled_theme_of_the_same_name() -> None:
    write_user_theme(
        "mine.yaml",
        'name: echoes-dark\nprimary: "#ff0000"\nhighlights:\n  shared: "bold on #00ff00"\n',
    )
    themes, warnings = load_themes()
    assert warnings == []
    theme = themes["echoes-dark"]
    assert theme.textual.primary == "#ff0000"
    assert background(theme, "shared") == Color.parse("#00ff00")


def test_user_theme_borrows_missing_roles_from_the_bundled_default() -> None:
    write_user_theme(
        "paper.yaml",
        'name: paper\ndark: false\nprimary: "#333333"\nhighlights:\n  cursor: reverse\n',
    )
    themes, warnings = load_themes()
    assert warnings == []
    paper = themes["paper"]
    assert paper.highlights["cursor"] == Style(reverse=True)
    assert paper.highlights["shared"] == themes["echoes-light"].highlights["shared"]


def test_extra_dirs_load_after_user_themes(tmp_path: Path) -> None:
    write_user_theme("a.yaml", 'name: shared-name\nprimary: "#111111"\n')
    extra = tmp_path / "more-themes"
    extra.mkdir()
    (extra / "b.yml").write_text('name: shared-name\nprimary: "#222222"\n', encoding="utf-8")
    themes, warnings = load_themes([extra])
    assert warnings == []
    assert themes["shared-name"].textual.primary == "#222222"


def test_missing_extra_dir_is_a_warning(tmp_path: Path) -> None:
    themes, warnings = load_themes([tmp_path / "nowhere"])
    assert len(warnings) == 1 and "nowhere" in warnings[0]
    assert DEFAULT_THEME in themes


BROKEN = [
    pytest.param("name: [unclosed\n", "not valid YAML", id="bad-yaml"),
    pytest.param("", "should be a mapping", id="empty-file"),
    pytest.param("- a\n- list\n", "should be a mapping", id="not-a-mapping"),
    pytest.param('primary: "#ffffff"\n', "`name`", id="missing-name"),
    pytest.param("name: 7\nprimary: '#ffffff'\n", "`name`", id="name-not-a-string"),
    pytest.param("name: x\n", "`primary` is missing", id="missing-primary"),
    pytest.param("name: x\nprimary: #81a2be\n", "quote colours", id="unquoted-colour"),
    pytest.param("name: x\nprimary: '#zzz'\n", "not a colour", id="bad-colour"),
    pytest.param("name: x\nprimary: '#fff'\ndark: maybe\n", "`dark`", id="dark-not-a-bool"),
    pytest.param("name: x\nprimary: '#fff'\ncolour: red\n", "unknown field", id="unknown-field"),
    pytest.param(
        "name: x\nprimary: '#fff'\nhighlights:\n  shared: 'bold on nocolour'\n",
        "`highlights.shared`",
        id="bad-style",
    ),
    pytest.param(
        "name: x\nprimary: '#fff'\nhighlights:\n  shard: bold\n", "unknown role", id="unknown-role"
    ),
    pytest.param("name: x\nprimary: '#fff'\nhighlights: bold\n", "`highlights`", id="bad-mapping"),
    pytest.param("name: x\nprimary: '#fff'\nvariables: [a]\n", "`variables`", id="bad-variables"),
]


@pytest.mark.parametrize(("text", "reason"), BROKEN)
def test_broken_user_theme_is_skipped_with_one_warning(text: str, reason: str) -> None:
    path = write_user_theme("broken.yaml", text)
    themes, warnings = load_themes()
    assert len(warnings) == 1
    assert str(path) in warnings[0] and reason in warnings[0]
    assert "x" not in themes
    assert set(BUNDLED) <= set(themes)


def test_theme_file_that_is_not_utf8_is_skipped() -> None:
    folder = paths.user_themes_dir()
    folder.mkdir(parents=True)
    (folder / "latin1.yaml").write_bytes(b"name: caf\xe9\nprimary: '#ffffff'\n")
    themes, warnings = load_themes()
    assert len(warnings) == 1 and "UTF-8" in warnings[0]
    assert set(themes) == set(BUNDLED)


def test_unreadable_theme_file_is_skipped() -> None:
    # A folder where a file should be cannot be read even by root, unlike a chmod 000 file.
    (paths.user_themes_dir() / "odd.yaml").mkdir(parents=True)
    themes, warnings = load_themes()
    assert len(warnings) == 1 and "could not be read" in warnings[0]
    assert set(themes) == set(BUNDLED)


def test_broken_theme_does_not_hide_good_ones_beside_it() -> None:
    write_user_theme("a-broken.yaml", "name: [\n")
    write_user_theme("b-good.yaml", "name: good\nprimary: ansi_red\n")
    themes, warnings = load_themes()
    assert len(warnings) == 1
    assert themes["good"].textual.primary == "ansi_red"
