"""Faults around a scan: a cache folder that is read-only, full or not a folder, a corrupt
index, `kill -9` at every stage, two scans at once, Ctrl-C, bad paths. The cache is only a
cache: the result always comes out whole, with one warning when it could not be kept, and
nothing half-written is ever left where a later run would read it."""

from __future__ import annotations

import asyncio
import json
import os
import pty
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from tests.hostile.checks import (
    comparable,
    echoes,
    echoes_command,
    mount_namespace,
    run,
    takes_ctrl_c,
    warning_lines,
    with_file_size_limit,
    with_mount,
)
from tests.hostile.corpus import GOOD, write_good
from tests.hostile.kill_at import POINTS
from tests.hostile.terminal import needs_tmux, reader_in_tmux
from tui.reader.app import EchoesApp
from tui.reader.screens.reader import ReaderScreen
from tui.reader.theme import load_themes

KILL_AT = Path(__file__).with_name("kill_at.py")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The good articles and the seeds: enough pairs that the pair cache is written."""
    folder = write_good(tmp_path / "corpus")
    for seed in (ROOT / "seeds").glob("*.txt"):
        (folder / seed.name).write_bytes(seed.read_bytes())
    return folder


def _export(done: subprocess.CompletedProcess[bytes]) -> dict[str, Any]:
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-3000:]
    data: dict[str, Any] = json.loads(done.stdout.decode("utf-8"))
    return data


def _clean_export(corpus: Path, tmp_path: Path) -> dict[str, Any]:
    """The answer as a scan with a healthy, private cache gives it."""
    environment = {**os.environ, "ECHOES_HOME": str(tmp_path / "clean-home")}
    done = subprocess.run(
        echoes_command("scan", str(corpus), "--format", "json"),
        capture_output=True,
        env=environment,
        check=False,
        timeout=300,
    )
    return _export(done)


def _leftovers(folder: Path) -> list[Path]:
    return sorted(
        p for p in folder.rglob("*") if ".partial" in p.name or p.name.endswith("-journal")
    )


def _one_cache_warning(done: subprocess.CompletedProcess[bytes], reason: str) -> str:
    (warning,) = warning_lines(done.stderr.decode("utf-8"))
    assert warning.startswith("could not cache this scan in ")
    assert f"({reason})" in warning and "the result is complete" in warning
    return warning


def _same_answer(export: dict[str, Any], clean: dict[str, Any], warning: str) -> None:
    assert export["warnings"] == [*clean["warnings"], warning]
    assert comparable({**export, "warnings": []}) == comparable({**clean, "warnings": []})


# a read-only cache ------------------------------------------------------------------------------
def test_a_read_only_cache_still_gives_the_whole_result_with_one_warning(
    corpus: Path, tmp_path: Path, echoes_home: Path
) -> None:
    cache = echoes_home / "cache"
    cache.mkdir(parents=True)
    done = run(
        with_mount("read-only", cache, echoes_command("scan", str(corpus), "--format", "json"))
    )
    warning = _one_cache_warning(done, "Read-only file system")
    _same_answer(_export(done), _clean_export(corpus, tmp_path), warning)
    assert list(cache.iterdir()) == []


def test_a_read_only_cache_with_an_old_index_scans_the_changed_corpus(
    corpus: Path, tmp_path: Path, echoes_home: Path
) -> None:
    _export(echoes("scan", str(corpus), "--format", "json"))  # the index and the pair cache
    cache = echoes_home / "cache"
    before = sorted(p.name for p in cache.rglob("*"))
    (corpus / "good-b.txt").write_text(GOOD["good-b"] + "\nA new closing line.\n", "utf-8")
    done = run(
        with_mount("read-only", cache, echoes_command("scan", str(corpus), "--format", "json"))
    )
    warning = _one_cache_warning(done, "Read-only file system")
    export = _export(done)
    _same_answer(export, _clean_export(corpus, tmp_path), warning)
    assert export["stats"]["pairs_from_cache"] > 0, "the old pair cache was not even read"
    assert sorted(p.name for p in cache.rglob("*")) == before


def test_a_read_only_cache_with_the_index_of_this_corpus_opens_it_silently(
    corpus: Path, echoes_home: Path
) -> None:
    first = _export(echoes("scan", str(corpus), "--format", "json"))
    cache = echoes_home / "cache"
    done = run(
        with_mount("read-only", cache, echoes_command("scan", str(corpus), "--format", "json"))
    )
    assert done.stderr == b""
    assert comparable(_export(done)) == comparable(first)


@needs_tmux
def test_the_reader_on_a_read_only_cache_shows_the_corpus_and_the_warning(
    corpus: Path, echoes_home: Path
) -> None:
    """The reader in a real terminal (tmux) with its cache folder read-only."""
    cache = echoes_home / "cache"
    cache.mkdir(parents=True)
    with reader_in_tmux(
        (120, 40), corpus, wrap=lambda command: with_mount("read-only", cache, command)
    ) as term:
        screen = term.wait_for(lambda s: "could not cache" in s, "the cache warning")
        assert "The Russian defense ministry said" in screen  # the first article, shown
        assert "Read-only file system" in screen


# a full disk ------------------------------------------------------------------------------------
def test_a_full_disk_still_gives_the_whole_result_and_leaves_nothing_behind(
    corpus: Path, tmp_path: Path, echoes_home: Path
) -> None:
    command = with_file_size_limit(
        16 * 1024, echoes_command("scan", str(corpus), "--format", "json")
    )
    done = run(command)
    warning = _one_cache_warning(done, "disk I/O error")
    _same_answer(_export(done), _clean_export(corpus, tmp_path), warning)
    assert _leftovers(echoes_home / "cache") == []
    assert not list((echoes_home / "cache" / "scans").glob("*.sqlite"))


def test_a_full_disk_after_an_earlier_scan_keeps_the_old_caches_usable(
    corpus: Path, tmp_path: Path, echoes_home: Path
) -> None:
    _export(echoes("scan", str(corpus), "--format", "json"))
    (corpus / "good-b.txt").write_text(GOOD["good-b"] + "\nA new closing line.\n", "utf-8")
    done = run(with_file_size_limit(0, echoes_command("scan", str(corpus), "--format", "json")))
    warning = _one_cache_warning(done, "disk I/O error")
    _same_answer(_export(done), _clean_export(corpus, tmp_path), warning)
    assert _leftovers(echoes_home / "cache") == []
    again = echoes("scan", str(corpus), "--format", "json")  # space again: stored this time
    assert again.stderr == b"" and _export(again)["clusters"]


@pytest.mark.skipif(mount_namespace() is None, reason="needs a mount namespace for a tmpfs")
def test_a_small_tmpfs_that_fills_up_says_the_disk_is_full(
    corpus: Path, tmp_path: Path, echoes_home: Path
) -> None:
    """The same fault on a real file system that runs out of space (ENOSPC, not a size
    limit); the size limit above runs everywhere, this where mounting is allowed."""
    cache = echoes_home / "cache"
    cache.mkdir(parents=True)
    done = run(
        with_mount(
            "tmpfs", cache, echoes_command("scan", str(corpus), "--format", "json"), size="48k"
        )
    )
    warning = _one_cache_warning(done, "database or disk is full")
    _same_answer(_export(done), _clean_export(corpus, tmp_path), warning)


def test_output_on_a_full_disk_fails_clearly_and_leaves_no_partial_file(
    corpus: Path, tmp_path: Path
) -> None:
    output = tmp_path / "out" / "result.json"
    output.parent.mkdir()
    command = echoes_command(
        "scan", str(corpus), "--no-cache", "--format", "json", "-o", str(output)
    )
    done = run(with_file_size_limit(4096, command))
    assert done.returncode == 1
    assert done.stderr.decode("utf-8").strip() == (
        f"echoes: error: could not write {output} (File too large); nothing was written"
    )
    assert list(output.parent.iterdir()) == []


def test_a_cache_path_that_is_a_file_costs_one_warning(
    corpus: Path, tmp_path: Path, echoes_home: Path
) -> None:
    echoes_home.mkdir(parents=True, exist_ok=True)
    (echoes_home / "cache").write_text("not a folder", encoding="utf-8")
    done = echoes("scan", str(corpus), "--format", "json")
    warning = _one_cache_warning(done, "Not a directory")
    _same_answer(_export(done), _clean_export(corpus, tmp_path), warning)


def test_the_reader_with_an_unwritable_cache_opens_with_one_notice(
    corpus: Path, echoes_home: Path
) -> None:
    echoes_home.mkdir(parents=True, exist_ok=True)
    (echoes_home / "cache").write_text("not a folder", encoding="utf-8")
    themes, _ = load_themes()
    app = EchoesApp([corpus], themes=themes, remember=False)

    async def scenario() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(app.screen, ReaderScreen), app.exit_message
            notices = [n.message for n in app._notifications]
            assert len(notices) == 1 and notices[0].startswith("could not cache this scan")
            assert set(GOOD) <= {d.id for d in app.screen.index.documents}

    asyncio.run(scenario())


# a corrupt index --------------------------------------------------------------------------------
@pytest.mark.parametrize("damaged", ["index", "pair cache"])
def test_a_corrupt_cache_is_rebuilt_with_one_warning(
    corpus: Path, tmp_path: Path, echoes_home: Path, damaged: str
) -> None:
    first = _export(echoes("scan", str(corpus), "--format", "json"))
    cache = echoes_home / "cache"
    if damaged == "index":
        (target,) = (cache / "scans").glob("*.sqlite")
    else:
        target = cache / "pairs.sqlite"
        for stored in (cache / "scans").glob("*.sqlite"):
            stored.unlink()
        for record in (cache / "sources").glob("*"):
            record.unlink()
    target.write_bytes(b"not a database at all " * 500)
    done = echoes("scan", str(corpus), "--format", "json")
    (warning,) = warning_lines(done.stderr.decode("utf-8"))
    assert "unusable" in warning and str(target) in warning
    export = _export(done)
    assert comparable({**export, "warnings": []}) == comparable({**first, "warnings": []})
    again = echoes("scan", str(corpus), "--format", "json")
    assert again.stderr == b"", "the rebuilt cache is not good"


# kill -9 at every stage -------------------------------------------------------------------------
STORED_TABLES = ("meta", "documents", "columns", "result", "passages", "furniture", "alignments")


def _stored_indexes_are_whole(cache: Path) -> None:
    """Every index file a later open could read is complete: its tables all there, its
    version right, and its documents and result readable."""
    for index in (cache / "scans").glob("*.sqlite"):
        with closing(sqlite3.connect(f"file:{index}?mode=ro", uri=True)) as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
            assert set(STORED_TABLES) <= tables
            assert db.execute("SELECT count(*) FROM result").fetchone() == (1,)


@pytest.mark.parametrize("point", POINTS)
def test_kill_9_at_each_stage_then_a_rerun_gives_the_same_answer(
    point: str, corpus: Path, tmp_path: Path, echoes_home: Path
) -> None:
    clean = _clean_export(corpus, tmp_path)
    killed = subprocess.Popen(
        [sys.executable, str(KILL_AT), point, str(corpus)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        start_new_session=True,  # its own process group: its workers can be found
    )
    _, stderr = killed.communicate(timeout=300)
    assert killed.returncode == -signal.SIGKILL, stderr.decode("utf-8", "replace")
    _no_worker_outlives(killed.pid)
    cache = echoes_home / "cache"
    _stored_indexes_are_whole(cache)
    if point in ("pair-cache-write", "index-write"):  # killed inside a transaction, really
        assert [p.name for p in cache.rglob("*-journal")]
    rerun = echoes("scan", str(corpus), "--format", "json")
    assert rerun.stderr == b""
    assert comparable(_export(rerun)) == comparable(clean)
    _stored_indexes_are_whole(cache)
    reopened = echoes("scan", str(corpus), "--format", "json")
    assert reopened.stderr == b"" and comparable(_export(reopened)) == comparable(clean)


def _no_worker_outlives(group: int) -> None:
    """The killed scan's worker processes end by themselves soon after it (they are killed
    here, and the test fails, if they do not)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    os.killpg(group, signal.SIGKILL)
    raise AssertionError("worker processes outlived the killed scan")


def test_what_a_killed_write_leaves_is_removed_once_stale(corpus: Path, echoes_home: Path) -> None:
    from tui.index.store import STALE_SECONDS  # new with the clean-up

    subprocess.run(
        [sys.executable, str(KILL_AT), "index-write", str(corpus)],
        capture_output=True,
        check=False,
        timeout=300,
        cwd=ROOT,
    )
    scans = echoes_home / "cache" / "scans"
    left = sorted(scans.glob("*.partial*"))
    assert left, "the kill left nothing to clean"
    old = time.time() - STALE_SECONDS - 60
    for path in left:
        os.utime(path, (old, old))
    _export(echoes("scan", str(corpus), "--format", "json"))
    assert not list(scans.glob("*.partial*"))


# two scans at once, interruption, bad paths -----------------------------------------------------
def test_two_scans_at_once_both_finish_with_the_same_answer(
    corpus: Path, tmp_path: Path, echoes_home: Path
) -> None:
    clean = _clean_export(corpus, tmp_path)
    command = echoes_command("scan", str(corpus), "--format", "json")
    both = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in "ab"]
    results = [process.communicate(timeout=300) for process in both]
    for process, (stdout, stderr) in zip(both, results, strict=True):
        assert process.returncode == 0 and stderr == b"", stderr
        assert comparable(json.loads(stdout)) == comparable(clean)
    _stored_indexes_are_whole(echoes_home / "cache")
    assert echoes("scan", str(corpus), "--format", "json").stderr == b""


def test_ctrl_c_mid_scan_exits_130_with_one_sentence(tmp_path: Path, echoes_home: Path) -> None:
    folder = tmp_path / "big"
    folder.mkdir()
    paragraph = " ".join(f"word{i} and more words about topic {i % 37}." for i in range(400))
    for number in range(300):
        (folder / f"{number:03}.txt").write_text(f"Title {number}\n\n{paragraph}\n", "utf-8")
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        echoes_command("scan", str(folder), "--format", "json"),
        stdout=subprocess.PIPE,
        stderr=terminal,
        preexec_fn=takes_ctrl_c,
    )
    os.close(terminal)
    seen = b""
    while b"documents prepared" not in seen and b"Aligning" not in seen:
        seen += os.read(controller, 4096)  # the scan's first progress line
    process.send_signal(signal.SIGINT)
    stdout, _ = process.communicate(timeout=120)
    try:
        while chunk := os.read(controller, 4096):
            seen += chunk
    except OSError:
        pass
    os.close(controller)
    shown = seen.decode("utf-8", "replace")
    assert process.returncode == 130
    assert shown.rstrip().endswith("echoes: interrupted; nothing was saved")
    assert "Traceback" not in shown and stdout == b""
    assert not list((echoes_home / "cache").glob("scans/*"))


def test_a_missing_path_exits_2_with_one_sentence(tmp_path: Path) -> None:
    done = echoes("scan", str(tmp_path / "nowhere"))
    assert done.returncode == 2
    assert (
        done.stderr.decode() == f"echoes: error: no such file or folder: {tmp_path / 'nowhere'}\n"
    )


@pytest.mark.parametrize("where", ["missing-folder", "a-folder"])
def test_an_unwritable_output_fails_before_any_scanning(
    corpus: Path, tmp_path: Path, echoes_home: Path, where: str
) -> None:
    output = tmp_path / "no" / "such" / "x.json" if where == "missing-folder" else corpus
    done = echoes("scan", str(corpus), "--format", "json", "--output", str(output))
    assert done.returncode == 1
    reason = (
        f"there is no folder {output.parent}" if where == "missing-folder" else "it is a folder"
    )
    assert done.stderr.decode() == f"echoes: error: cannot write {output}: {reason}\n"
    assert not (echoes_home / "cache").exists(), "the corpus was scanned first"
