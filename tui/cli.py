"""The `echoes` command line: the reader by default, and `scan`, `align`, `serve`, `locate`,
`doctor`.

User errors (a missing path, an unwritable output file, Ctrl-C) end with one sentence on stderr
and a non-zero exit code, never a traceback: 0 done, 1 something could not be read or written,
2 the command line asks for what is not there, 3 the Spark engine cannot run here, 130
interrupted. Whatever goes to a terminal is made safe (article text never reaches it as control
sequences); files keep the exact text. Textual is imported only when the reader starts, so
pipelines that run `echoes scan` never pay for it.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from tui import paths
from tui.engine.embeddings import INSTALL_HINT
from tui.engine.embeddings import available as embeddings_available
from tui.engine.load import CorpusError, load_corpus
from tui.index.export import FORMATS, pieces
from tui.index.indexer import open_corpus
from tui.index.store import CacheError, ScanStore
from tui.model import ScanResult
from tui.params import PRESETS, Params, describe
from tui.printable import for_terminal, json_for_terminal
from tui.progress import ProgressClock
from tui.runners.errors import EngineError
from tui.warning_summary import summarise_warnings

if TYPE_CHECKING:
    from tui.runners.spark.engine import SparkEngine

EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_ENGINE = 3
EXIT_INTERRUPTED = 130
COMMANDS = ("scan", "align", "serve", "locate", "doctor")


class OutputError(Exception):
    """The file named by `--output` cannot be written; the message says why."""


def _add_param_flags(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("detection settings (defaults suit news)")
    group.add_argument(
        "--preset",
        choices=sorted(PRESETS),
        help="named settings to start from (pan: PAN's plagiarism benchmark, not news); "
        "flags below still override them",
    )
    for name, default, why in describe():
        group.add_argument(
            "--" + name.replace("_", "-"),
            dest=name,
            type=type(default),
            default=None,  # unset: the preset's value, or the default
            metavar="N",
            help=f"{why.replace('%', '%%')} (default: {default})",
        )


class SettingsError(Exception):
    """Settings this installation cannot honour (one sentence that says what to do)."""


def _param_args(args: argparse.Namespace) -> list[str]:
    """The detection flags given on this command line, to hand on to another echoes."""
    given = ["--preset", args.preset] if args.preset else []
    for f in dataclasses.fields(Params):
        value = getattr(args, f.name)
        if value is not None:
            given += ["--" + f.name.replace("_", "-"), str(value)]
    return given


def _params_from(args: argparse.Namespace) -> Params:
    base = PRESETS[args.preset] if args.preset else Params()
    chosen = {
        f.name: getattr(args, f.name)
        for f in dataclasses.fields(Params)
        if getattr(args, f.name) is not None
    }
    params = dataclasses.replace(base, **chosen)
    if params.related_min_meaning > 0 and not embeddings_available():
        raise SettingsError(
            f"--related-min-meaning compares sentence meanings, which needs the embeddings "
            f"extra: {INSTALL_HINT}"
        )
    return params


class _TerminalProgress:
    """One self-overwriting progress line on stderr (counts and time left), only when stderr
    is a terminal; redrawn at most every REDRAW_EVERY seconds within a stage."""

    REDRAW_EVERY = 0.1

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.enabled = stream.isatty()
        self._clock = ProgressClock()
        self._last = ""
        self._last_stage = ""
        self._drawn_at = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        view = self._clock.report(stage, done, total)
        if stage == self._last_stage and done < total and now - self._drawn_at < self.REDRAW_EVERY:
            return
        words = " · ".join(part for part in (view.counts or view.title, view.eta) if part)
        line = f"echoes: {words}"[: self._width() - 1]  # a wrapped line would not be redrawn
        if line != self._last:
            self.stream.write("\r\x1b[K" + line)
            self.stream.flush()
            self._last, self._last_stage, self._drawn_at = line, stage, now

    def _width(self) -> int:
        try:
            columns = os.get_terminal_size(self.stream.fileno()).columns
        except (OSError, ValueError):
            columns = 0
        return columns or 80  # a terminal that reports no size: the usual width

    def finish(self) -> None:
        if self.enabled and self._last:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def _scan_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="echoes scan",
        description="Find reused passages in a corpus and print them for pipelines or people.",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        help="folders or files: .txt/.md, .jsonl, .html, .warc(.gz), .rss/.atom, .xml (feeds, "
        "NITF, NewsML-G2); default: the bundled seed articles",
    )
    parser.add_argument(
        "--format",
        choices=(*FORMATS, "parquet"),
        default="text",
        help="output format (parquet: a folder of tables, one per record type; --engine spark)",
    )
    parser.add_argument(
        "--output", "-o", metavar="FILE", help="write here instead of stdout (parquet: a folder)"
    )
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write the index")
    parser.add_argument(
        "--index",
        metavar="FILE",
        help="also write the scan's index here: `echoes --index FILE` reads it on any machine",
    )
    parser.add_argument("--quiet", "-q", action="store_true", help="no warnings on stderr")
    parser.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="processes to scan with; the result is the same for any number (default: all cores)",
    )
    _add_engine_flags(parser)
    _add_param_flags(parser)
    return parser


def _add_engine_flags(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("engine (the answer is the same on either)")
    group.add_argument(
        "--engine",
        choices=("local", "spark"),
        default="local",
        help="local: this machine's cores; spark: Apache Spark (pip install 'echoes[spark]')",
    )
    group.add_argument(
        "--master",
        metavar="URL",
        default="local[*]",
        help="Spark master URL for --engine spark: local[N], spark://HOST:PORT, yarn, "
        "k8s://... (default: local[*])",
    )
    group.add_argument(
        "--partitions",
        type=int,
        metavar="N",
        help="partitions of Spark's shuffles for --engine spark; the result is the same for "
        "any number (default: twice the cores Spark is given)",
    )


def check_output(output: str | None) -> None:
    """Raise OutputError now, before any scanning, if `output` cannot be written where it is
    (its folder is missing, is not a folder, or is read-only): a long scan must not be lost
    to a typing mistake found only at the end."""
    if output is None:
        return
    target = Path(output)
    folder = target.parent
    if target.is_dir():
        raise OutputError(f"cannot write {output}: it is a folder")
    if not folder.is_dir():
        raise OutputError(f"cannot write {output}: there is no folder {folder}")
    if not (target.exists() and not target.is_file()) and not os.access(folder, os.W_OK):
        raise OutputError(f"cannot write {output}: the folder {folder} is not writable")


def _to_terminal(text: str, fmt: str) -> str:
    """What a terminal is shown of output in `fmt`: JSON stays the same JSON, the rest is
    shown with its control characters as visible symbols (see `tui.printable`)."""
    return json_for_terminal(text) if fmt in ("json", "jsonl") else for_terminal(text)


def _write(text: Iterable[str], output: str | None, fmt: str = "text") -> None:
    """Write the pieces of `text` as they come (an export is encoded record by record).
    Each piece is made safe for a terminal on its own: JSON is escaped character by
    character, and the CSV and text formats come as one piece, so no line end is split."""
    if output is None:
        shown = sys.stdout.isatty()
        for piece in text:
            sys.stdout.write(_to_terminal(piece, fmt) if shown else piece)
        return
    target = Path(output)
    try:
        if target.exists() and not target.is_file():
            # A device or a pipe (/dev/null, /dev/stdout, a FIFO): write into it, never rename
            # over it, which would replace the device with a regular file.
            with target.open("w", encoding="utf-8") as handle:
                shown = handle.isatty()
                for piece in text:
                    handle.write(_to_terminal(piece, fmt) if shown else piece)
            return
        _replace_file(target, text)
    except OSError as error:
        raise OutputError(
            f"could not write {output} ({error.strerror or error}); nothing was written"
        ) from error


def _replace_file(target: Path, text: Iterable[str]) -> None:
    """Replace `target` atomically: a reader never sees half an export, and a write that
    fails (a full disk, an interruption) leaves neither half a file nor the temporary one."""
    temporary = target.with_name(target.name + ".partial")
    try:
        with temporary.open("w", encoding="utf-8") as handle:
            handle.writelines(text)
        temporary.replace(target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _say(line: str) -> None:
    """One line for the person at the terminal, on stderr, made safe to show."""
    print(for_terminal(line), file=sys.stderr)


def _warn(lines: Sequence[str]) -> None:
    """Warnings on stderr, each repeated kind as one line (`--format json` lists every one)."""
    shown = summarise_warnings(lines)
    for line in shown:
        _say(f"echoes: warning: {line}")
    if len(shown) < len(lines):
        _say("echoes: every warning is listed in `echoes scan --format json`")


def run_scan(argv: Sequence[str]) -> int:
    parser = _scan_parser()
    args = parser.parse_args(argv)
    params = _params_from(args)
    if args.format == "parquet" and (args.engine != "spark" or not args.output):
        parser.error("--format parquet needs --engine spark and --output FOLDER")
    if args.format != "parquet":  # a parquet folder may be any URI Spark writes to
        check_output(args.output)
    check_output(args.index)
    engine = _engine(args)
    progress = _TerminalProgress(sys.stderr)
    try:
        opened = open_corpus(
            args.paths,
            params,
            progress,
            use_cache=not args.no_cache,
            workers=args.workers,
            engine=engine,
        )
    finally:
        progress.finish()
    if not args.quiet:
        _warn(opened.result.warnings)
    if args.index:
        _write_index(Path(args.index), opened.result, dataclasses.asdict(params))
    if args.format == "parquet":
        from tui.index.parquet import write_parquet

        assert engine is not None
        write_parquet(engine.session, opened.result, dataclasses.asdict(params), args.output)
    else:
        fmt = args.format
        _write(pieces(opened.result, fmt, dataclasses.asdict(params)), args.output, fmt)
    return 0


def _write_index(path: Path, result: ScanResult, params: dict[str, Any]) -> None:
    """The scan written to the index file `--index` names, or OutputError saying why not."""
    try:
        ScanStore(path.parent).write_file(path, result, params)
    except CacheError as error:
        raise OutputError(f"could not write the index {path} ({error})") from error


def _engine(args: argparse.Namespace) -> SparkEngine | None:
    """The engine `--engine` names (None: this machine's runner)."""
    if args.engine != "spark":
        return None
    from tui.runners.spark.engine import SparkEngine

    return SparkEngine(args.master, args.partitions)


def run_align(argv: Sequence[str]) -> int:
    from tui.engine.compare import align_documents

    parser = argparse.ArgumentParser(
        prog="echoes align",
        description="List the aligned passages between two documents, as `echoes scan` finds them.",
    )
    parser.add_argument("source")
    parser.add_argument("suspicious")
    parser.add_argument("--format", choices=("json", "text"), default="text")
    _add_param_flags(parser)
    args = parser.parse_args(argv)
    loaded = load_corpus([args.source, args.suspicious])
    _warn(loaded.warnings)
    if len(loaded.documents) != 2:
        _say("echoes: error: align needs two readable documents")
        return EXIT_USAGE
    source, suspicious = loaded.documents
    found = align_documents(source, suspicious, _params_from(args))
    if args.format == "json":
        records: list[dict[str, Any]] = [
            {
                "source": {"start": al.a.start, "end": al.a.end},
                "suspicious": {"start": al.b.start, "end": al.b.end},
                "similarity": al.similarity,
                "shared": [list(run) for run in al.shared],
            }
            for al in found
        ]
        print(
            json.dumps(
                {"source": source.path, "suspicious": suspicious.path, "alignments": records},
                indent=1,
            )
        )
    else:
        from tui.printable import printable

        for al in found:
            print(
                f"source [{al.a.start}:{al.a.end}] ~ suspicious [{al.b.start}:{al.b.end}] "
                f"similarity {al.similarity:.0f}"
            )
            print("  " + printable(" ".join(source.text[al.a.start : al.a.end].split()))[:100])
        print(f"{len(found)} aligned passages")
    return 0


def _add_reader_flags(parser: argparse.ArgumentParser) -> None:
    """What the reader is told on its command line, and so `echoes serve` too."""
    parser.add_argument(
        "paths",
        nargs="*",
        help="folders or files: .txt/.md, .jsonl, .html, .warc(.gz), .rss/.atom, .xml (feeds, "
        "NITF, NewsML-G2); default: the bundled seed articles",
    )
    parser.add_argument("--theme", help="theme name (see `echoes locate` for theme folders)")
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write the index")


def _check_paths(given: Sequence[str]) -> None:
    """A path that does not exist is the user's mistake: one sentence, before anything runs."""
    for path in given:
        if not Path(path).exists():
            raise CorpusError(f"no such file or folder: {path}")


def run_serve(argv: Sequence[str]) -> int:
    from tui import serve

    parser = argparse.ArgumentParser(
        prog="echoes serve",
        description="Serve the reader to a web browser (one reader per browser tab).",
    )
    _add_reader_flags(parser)
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this machine only)",
    )
    parser.add_argument(
        "--port", type=int, default=serve.DEFAULT_PORT, help="port (default: %(default)s)"
    )
    parser.add_argument(
        "--public-url",
        metavar="URL",
        help="the address browsers reach the server by, when it is not http://HOST:PORT "
        "(behind a proxy, or bound to 0.0.0.0)",
    )
    _add_param_flags(parser)
    args = parser.parse_args(argv)
    if not 0 < args.port < 65536:
        print(f"echoes: error: {args.port} is not a port (1-65535)", file=sys.stderr)
        return EXIT_USAGE
    _check_paths(args.paths)
    reader_args = [str(Path(path).resolve()) for path in args.paths]
    if args.theme:
        reader_args += ["--theme", args.theme]
    if args.no_cache:
        reader_args.append("--no-cache")
    reader_args += _param_args(args)
    warning = serve.exposure_warning(args.host, args.port)
    if warning:
        print(f"echoes: warning: {warning}", file=sys.stderr)
    try:
        serve.serve(serve.reader_command(reader_args), args.host, args.port, args.public_url)
    except serve.ServeUnavailable as error:
        print(f"echoes: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    return 0


def run_locate(argv: Sequence[str]) -> int:
    argparse.ArgumentParser(
        prog="echoes locate", description="Print where echoes keeps its files."
    ).parse_args(argv)
    rows = [
        ("config", paths.config_file()),
        ("themes", paths.user_themes_dir()),
        ("cache", paths.cache_dir()),
        ("state", paths.state_dir()),
        ("bundled themes", paths.bundled_themes()),
        ("bundled seeds", paths.bundled_seeds()),
    ]
    for name, where in rows:
        print(f"{name + ':':16}{where}")
    return 0


def run_reader(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="echoes",
        description="Read a corpus of articles and see where each passage is reused. "
        f"Other commands: {', '.join(COMMANDS)} (echoes COMMAND --help).",
    )
    _add_reader_flags(parser)
    parser.add_argument(
        "--index",
        metavar="FILE",
        help="read the scan stored in this index file (`echoes scan --index FILE`), not a corpus",
    )
    parser.add_argument("--no-mouse", action="store_true", help="ignore the mouse entirely")
    _add_param_flags(parser)
    args = parser.parse_args(argv)
    if args.index and args.paths:
        parser.error("give a corpus or --index FILE, not both")
    if args.index and not Path(args.index).is_file():
        raise CorpusError(f"no such index file: {args.index}")
    _check_paths(args.paths)
    from tui.reader.app import run_app  # Textual loads only for the reader

    return run_app(
        args.paths,
        params=_params_from(args),
        theme=args.theme,
        mouse=not args.no_mouse,
        use_cache=not args.no_cache,
        index=Path(args.index) if args.index else None,
    )


def run_doctor(argv: Sequence[str]) -> int:
    argparse.ArgumentParser(
        prog="echoes doctor",
        description="Check this terminal and the cache folder: size, colours, whether copying "
        "(OSC 52) can reach the clipboard, and the cache's health and free space.",
    ).parse_args(argv)
    from tui.doctor import report, run_checks

    checks = run_checks()
    sys.stdout.write(for_terminal(report(checks)))
    return EXIT_FAILED if any(check.status == "problem" for check in checks) else 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv[0] if argv and argv[0] in COMMANDS else None
    runners = {
        "scan": run_scan,
        "align": run_align,
        "serve": run_serve,
        "locate": run_locate,
        "doctor": run_doctor,
    }
    runner = runners.get(command or "", run_reader)
    try:
        return runner(argv[1:] if command else argv)
    except (CorpusError, SettingsError) as error:
        _say(f"echoes: error: {error}")
        return EXIT_USAGE
    except EngineError as error:
        _say(f"echoes: error: {error}")
        return EXIT_ENGINE
    except OutputError as error:
        _say(f"echoes: error: {error}")
        return EXIT_FAILED
    except KeyboardInterrupt:
        _say("echoes: interrupted; nothing was saved")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return 0
    except OSError as error:
        _say(f"echoes: error: {error.strerror or error}: {error.filename or ''}".rstrip(": "))
        return EXIT_FAILED
