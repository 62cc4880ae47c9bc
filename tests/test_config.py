"""The settings file: defaults when absent, and one warning per problem, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui import paths
from tui.reader.config import Config, load_config


def write_config(text: str) -> Path:
    path = paths.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_config_file_means_defaults_and_no_warning() -> None:
    assert not paths.config_file().exists()
    assert load_config() == (Config(), [])


def test_empty_config_file_means_defaults_and_no_warning() -> None:
    write_config("")
    assert load_config() == (Config(), [])


def test_every_setting_is_read() -> None:
    write_config(
        "theme: echoes-light\n"
        "mouse: false\n"
        "keymap:\n"
        "  next_passage: j, down\n"
        "  copy: y\n"
        "  next_reused: n\n"
        "  first_article: 1\n"
        "  previous_article: [K, '[']\n"
        "  my_own_binding: ctrl+x\n"
    )
    config, warnings = load_config()
    assert warnings == []
    assert config.theme == "echoes-light"
    assert config.mouse is False
    assert config.keymap == {
        "next_passage": "j,down",
        "copy": "y",  # plain YAML 1.1 would have read a bare y as True
        "next_reused": "n",
        "first_article": "1",
        "previous_article": "K,[",
        "my_own_binding": "ctrl+x",  # unknown ids are the app's to judge, so they are kept
    }


def test_explicit_path_wins_over_the_user_config(tmp_path: Path) -> None:
    write_config("theme: echoes-light\n")
    other = tmp_path / "other.yaml"
    other.write_text("theme: echoes-ansi\n", encoding="utf-8")
    assert load_config(other)[0].theme == "echoes-ansi"


def test_broken_yaml_gives_defaults_and_says_where() -> None:
    path = write_config("theme: echoes-light\nkeymap: {quit: q\n")
    config, warnings = load_config()
    assert config == Config()
    assert len(warnings) == 1
    assert str(path) in warnings[0] and "not valid YAML" in warnings[0] and "line" in warnings[0]


def test_config_that_is_not_a_mapping_gives_defaults() -> None:
    write_config("- theme\n- mouse\n")
    config, warnings = load_config()
    assert config == Config()
    assert len(warnings) == 1 and "mapping" in warnings[0]


def test_unreadable_config_file_gives_defaults() -> None:
    # A folder where the file should be cannot be read even by root, unlike a chmod 000 file.
    paths.config_file().mkdir(parents=True)
    config, warnings = load_config()
    assert config == Config()
    assert len(warnings) == 1 and "could not be read" in warnings[0]


def test_config_that_is_not_utf8_gives_defaults() -> None:
    path = paths.config_file()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"theme: caf\xe9\n")
    config, warnings = load_config()
    assert config == Config()
    assert len(warnings) == 1 and "UTF-8" in warnings[0]


@pytest.mark.parametrize(
    ("text", "setting"),
    [
        ("theme: 42\n", "`theme`"),
        ("theme: ''\n", "`theme`"),
        ("mouse: sometimes\n", "`mouse`"),
        ("mouse: yes\n", "`mouse`"),  # only true/false are booleans here
        ("keymap: [j, k]\n", "`keymap`"),
        ("colour: red\n", "unknown setting `colour`"),
    ],
)
def test_wrong_setting_falls_back_alone(text: str, setting: str) -> None:
    """The broken setting gets its default and a warning; the good one beside it still applies."""
    good = "keymap:\n  quit: q\n" if "keymap" not in text else "theme: echoes-light\n"
    write_config(good + text)
    config, warnings = load_config()
    assert len(warnings) == 1 and setting in warnings[0]
    assert config.mouse is True
    if "keymap" in text:
        assert config.theme == "echoes-light" and config.keymap == {}
    else:
        assert config.keymap == {"quit": "q"}
        assert config.theme in (None, "echoes-light")


@pytest.mark.parametrize(
    "entry",
    ["quit: true", "quit: ''", "quit: 'a,,b'", "quit: 'ctrl +x'", "quit: {a: b}", "7: q"],
)
def test_bad_keymap_entry_is_dropped_and_the_rest_kept(entry: str) -> None:
    write_config(f"keymap:\n  help: '?'\n  {entry}\n")
    config, warnings = load_config()
    assert len(warnings) == 1 and "keymap" in warnings[0]
    assert config.keymap == {"help": "?"}


def test_null_settings_mean_defaults() -> None:
    write_config("theme:\nmouse:\nkeymap:\n")
    assert load_config() == (Config(), [])
