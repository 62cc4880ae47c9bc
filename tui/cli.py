"""The `echoes` command line: the reader by default, and `scan`, `align`, `locate`.

User errors (a missing path, an unwritable output file, Ctrl-C) end with one sentence on stderr
and a non-zero exit code, never a traceback. Textual is imported only when the reader starts,
so pipelines that run `echoes scan` never pay for it.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from tui import paths
from tui.engine.load import CorpusError, load_corpus
from tui.index.export import FORMATS, render
from tui.index.indexer import open_corpus
from tui.index.store import ScanStore
from tui.params import PRESETS, Params, describe
from tui.runners.errors import EngineError
from tui.warning_summary import summarise_warnings

if TYPE_CHECKING:
    from tui.runners.spark.engine import SparkEngine

EXIT_USAGE = 2
EXIT_ENGINE = 3
EXIT_INTERRUPTED = 130
COMMANDS = ("scan", "align", "locate")


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


def _params_from(args: argparse.Namespace) -> Params:
    base = PRESETS[args.preset] if args.preset else Params()
    chosen = {
        f.name: getattr(args, f.name)
        for f in dataclasses.fields(Params)
        if getattr(args, f.name) is not None
    }
    return dataclasses.replace(base, **chosen)


class _TerminalProgress:
    """One self-overwriting progress line on stderr, only when stderr is a terminal."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.enabled = stream.isatty()
        self._last = ""

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        line = f"echoes: {stage} {done}/{total}" if total > 1 else f"echoes: {stage}"
        if line != self._last:
            self.stream.write("\r\x1b[K" + line)
            self.stream.flush()
            self._last = line

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


def _write(text: str, output: str | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    target = Path(output)
    if target.exists() and not target.is_file():
        # A device or a pipe (/dev/null, /dev/stdout, a FIFO): write into it, never rename
        # over it, which would replace the device with a regular file.
        with target.open("w", encoding="utf-8") as handle:
            handle.write(text)
        return
    # A regular file is replaced atomically: a reader never sees half an export.
    temporary = target.with_name(target.name + ".partial")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(target)


def _warn(lines: Sequence[str]) -> None:
    """Warnings on stderr, each repeated kind as one line (`--format json` lists every one)."""
    shown = summarise_warnings(lines)
    for line in shown:
        print(f"echoes: warning: {line}", file=sys.stderr)
    if len(shown) < len(lines):
        print("echoes: every warning is listed in `echoes scan --format json`", file=sys.stderr)


def run_scan(argv: Sequence[str]) -> int:
    parser = _scan_parser()
    args = parser.parse_args(argv)
    params = _params_from(args)
    if args.format == "parquet" and (args.engine != "spark" or not args.output):
        parser.error("--format parquet needs --engine spark and --output FOLDER")
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
        ScanStore(Path(args.index).parent).write_file(
            Path(args.index), opened.result, dataclasses.asdict(params)
        )
    if args.format == "parquet":
        from tui.runners.spark.parquet import write_parquet

        assert engine is not None
        write_parquet(engine.session, opened.result, dataclasses.asdict(params), args.output)
    else:
        _write(render(opened.result, args.format, dataclasses.asdict(params)), args.output)
    return 0


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
        print("echoes: error: align needs two readable documents", file=sys.stderr)
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
    parser.add_argument(
        "paths",
        nargs="*",
        help="folders or files: .txt/.md, .jsonl, .html, .warc(.gz), .rss/.atom, .xml (feeds, "
        "NITF, NewsML-G2); default: the bundled seed articles",
    )
    parser.add_argument(
        "--index",
        metavar="FILE",
        help="read the scan stored in this index file (`echoes scan --index FILE`), not a corpus",
    )
    parser.add_argument("--theme", help="theme name (see `echoes locate` for theme folders)")
    parser.add_argument("--no-mouse", action="store_true", help="ignore the mouse entirely")
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write the index")
    _add_param_flags(parser)
    args = parser.parse_args(argv)
    if args.index and args.paths:
        parser.error("give a corpus or --index FILE, not both")
    if args.index and not Path(args.index).is_file():
        raise CorpusError(f"no such index file: {args.index}")
    for path in args.paths:
        if not Path(path).exists():
            raise CorpusError(f"no such file or folder: {path}")
    from tui.reader.app import run_app  # Textual loads only for the reader

    return run_app(
        args.paths,
        params=_params_from(args),
        theme=args.theme,
        mouse=not args.no_mouse,
        use_cache=not args.no_cache,
        index=Path(args.index) if args.index else None,
    )


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv[0] if argv and argv[0] in COMMANDS else None
    runner = {"scan": run_scan, "align": run_align, "locate": run_locate}.get(
        command or "", run_reader
    )
    try:
        return runner(argv[1:] if command else argv)
    except CorpusError as error:
        print(f"echoes: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except EngineError as error:
        print(f"echoes: error: {error}", file=sys.stderr)
        return EXIT_ENGINE
    except KeyboardInterrupt:
        print("echoes: interrupted; nothing was saved", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return 0
    except OSError as error:
        print(
            f"echoes: error: {error.strerror or error}: {error.filename or ''}".rstrip(": "),
            file=sys.stderr,
        )
        return 1
