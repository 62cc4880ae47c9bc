"""`--engine spark` gives the local engine's answer, byte for byte, on a real Spark session
(`local[2]`): the canonical dumps (`bench/dump.py`) of both engines are compared whole.

One Spark session serves every test here (starting a JVM costs seconds). Without PySpark or
Java the tests skip and say which is missing; `.ci/run` installs both.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from dump import records

from tests.conftest import ROOT, SEEDS, SHARED_BENCH
from tui.engine.load import load_corpus
from tui.index.export import to_dict
from tui.index.indexer import open_index
from tui.index.store import ScanStore
from tui.model import Document, ScanResult, Span
from tui.params import PRESETS, Params
from tui.runners.local import scan as local_scan

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

NEWSARTICLES = SHARED_BENCH / "newsarticles.jsonl"

_MISSING = (
    "PySpark is not installed (pip install '.[spark]')"
    if importlib.util.find_spec("pyspark") is None
    else "no Java runtime on PATH (apt-get install openjdk-17-jre-headless)"
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME")
    else ""
)
pytestmark = pytest.mark.skipif(bool(_MISSING), reason=_MISSING)


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkSession]:
    from tui.runners.spark.session import start_session

    session = start_session("local[2]", partitions=3)
    yield session
    session.stop()


def canonical(result: ScanResult) -> list[str]:
    """The dump `bench/dump.py` writes of a scan's answer."""
    return list(records(to_dict(result)))


def spark_scan(
    session: SparkSession, documents: Sequence[Document], params: Params, partitions: int = 3
) -> ScanResult:
    from tui.runners.spark.run import scan

    session.conf.set("spark.sql.shuffle.partitions", str(partitions))
    return scan(session, documents, params)


def first_articles(count: int) -> list[Document]:
    if not NEWSARTICLES.exists():
        pytest.skip(f"benchmark data not found at {NEWSARTICLES}")
    loaded = load_corpus([NEWSARTICLES])
    return loaded.documents[:count]


def assert_same_dump(local: ScanResult, spark: ScanResult) -> None:
    expected, found = canonical(local), canonical(spark)
    assert len(found) == len(expected)
    for k, (wanted, got) in enumerate(zip(expected, found, strict=True)):
        assert got == wanted, f"record {k} differs:\n{wanted}\n{got}"


def test_seeds_give_the_local_dump(spark: SparkSession) -> None:
    documents = load_corpus([SEEDS]).documents
    local = local_scan(documents, Params(), workers=1)
    assert local.clusters and local.related and local.boilerplate  # every record type
    assert_same_dump(local, spark_scan(spark, documents, Params()))


@pytest.mark.parametrize("preset", ["news", "pan"])
def test_three_hundred_newsarticles_give_the_local_dump(spark: SparkSession, preset: str) -> None:
    documents = first_articles(300)
    params = PRESETS[preset]
    local = local_scan(documents, params, workers=2)
    assert len(local.clusters) > 20 and len(local.related) > 100  # a real test, not an empty one
    if params.page_furniture:  # outlet furniture (Deutsche Welle's) is found across the corpus
        assert sum(b.reason.startswith("recurs ") for b in local.boilerplate) > 10
    assert_same_dump(local, spark_scan(spark, documents, params))


def test_the_answer_is_the_same_for_any_partition_count(spark: SparkSession) -> None:
    documents = first_articles(120)
    one, seven = (spark_scan(spark, documents, Params(), n) for n in (1, 7))
    assert canonical(one) == canonical(seven)
    assert one.clusters


def test_components_join_exactly_the_documents_alignments_chain(spark: SparkSession) -> None:
    from tui.runners.spark.cluster import components

    # a long chain (many rounds), a star, a cycle and a pair, numbered out of order
    chain = [(n, n + 1) for n in range(40, 70)]
    edges = [*chain, (5, 1), (5, 2), (5, 3), (9, 8), (8, 7), (7, 9), (100, 30)]
    frame = spark.createDataFrame(edges, "u int, v int")
    found = {row.node: row.component for row in components(frame).collect()}
    expected = {n: 40 for n in range(40, 71)}
    expected |= {1: 1, 2: 1, 3: 1, 5: 1, 7: 7, 8: 7, 9: 7, 30: 30, 100: 30}
    assert found == expected


def test_parquet_tables_hold_the_json_export(spark: SparkSession, tmp_path: Path) -> None:
    from tui.index.parquet import TABLES, write_parquet

    documents = load_corpus([SEEDS]).documents
    result = spark_scan(spark, documents, Params())
    write_parquet(spark, result, {"min_chars": 50}, str(tmp_path / "out"))
    exported = json.loads(json.dumps(to_dict(result)))
    for kind, key in TABLES:
        table = spark.read.parquet(str(tmp_path / "out" / kind)).orderBy("position")
        rows = [_plain(row.asDict(recursive=True)) for row in table.collect()]
        assert [{k: v for k, v in row.items() if k != "position"} for row in rows] == exported[key]
    (scan,) = spark.read.parquet(str(tmp_path / "out" / "scan")).collect()
    assert scan.version == 1 and json.loads(scan.params) == {"min_chars": 50}


def _plain(value: Any) -> Any:
    """A Parquet row as the JSON export writes it (its numbers as JSON reads them)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def test_cli_engine_spark_prints_the_local_scan_and_its_ui_url(tmp_path: Path) -> None:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "ECHOES_HOME": str(tmp_path)}
    command = [sys.executable, "-m", "tui", "scan", "--format", "json", "--no-cache"]
    index = tmp_path / "cluster-scan.sqlite"
    spark = [
        "--engine",
        "spark",
        "--master",
        "local[2]",
        "--partitions",
        "2",
        "--index",
        str(index),
    ]
    runs = [
        subprocess.run(
            [*command, *extra], capture_output=True, text=True, env=environment, timeout=600
        )
        for extra in ([], spark)
    ]
    for run in runs:
        assert run.returncode == 0, run.stderr
    local, found = (list(records(json.loads(run.stdout))) for run in runs)
    assert found == local
    assert "echoes: Spark UI at http" in runs[1].stderr
    stored = open_index(index).result
    assert [c.passages for c in stored.clusters] == [
        tuple(Span(p["doc"], p["start"], p["end"]) for p in record[1]["passages"])
        for record in map(json.loads, found)
        if record[0] == "cluster"
    ]


def test_the_reader_opens_an_index_written_by_a_spark_scan(
    spark: SparkSession, tmp_path: Path
) -> None:
    from tests.test_reader import (
        AL_JAZEERA,
        CARTER_HERE,
        IRISH_TIMES,
        make_app,
        reading,
        sentence_text,
    )

    result = spark_scan(spark, load_corpus([SEEDS]).documents, Params())
    index = tmp_path / "elsewhere" / "scan.sqlite"
    ScanStore(index.parent).write_file(index, result, {})

    async def read() -> None:
        app = make_app([], index_file=index)
        async with reading(app) as (pilot, reader):
            assert reader.doc_id == AL_JAZEERA
            await pilot.press("n")
            assert sentence_text(reader).startswith(CARTER_HERE)
            assert [echo.there.doc for echo in reader.echoes_pane.echoes] == [IRISH_TIMES]

    asyncio.run(read())


def test_cli_says_how_to_get_pyspark_when_it_is_missing() -> None:
    hide = "import sys; sys.modules['pyspark'] = None; from tui.cli import main; "
    run = subprocess.run(
        [sys.executable, "-c", hide + "sys.exit(main(['scan', '--engine', 'spark']))"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    assert run.returncode == 3
    assert run.stderr.strip().splitlines() == [
        "echoes: error: --engine spark needs PySpark: pip install 'echoes[spark]' "
        "(and a Java 17+ runtime)"
    ]


def test_cli_says_how_to_get_java_when_it_is_missing(tmp_path: Path) -> None:
    environment = {k: v for k, v in os.environ.items() if k != "JAVA_HOME"}
    run = subprocess.run(
        [sys.executable, "-m", "tui", "scan", "--engine", "spark"],
        capture_output=True,
        text=True,
        env={**environment, "PATH": str(tmp_path), "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    assert run.returncode == 3
    assert run.stderr.strip().splitlines() == [
        "echoes: error: --engine spark needs a Java 17+ runtime on PATH or in JAVA_HOME "
        "(on Debian: apt-get install openjdk-17-jre-headless)"
    ]


def test_a_jsonl_folder_read_by_spark_is_the_corpus_the_loader_reads(
    spark: SparkSession, tmp_path: Path
) -> None:
    from tui.runners.spark.inputs import load_documents

    folder = tmp_path / "feed"
    (folder / "later").mkdir(parents=True)
    lines = [json.dumps({"id": d.id, "text": d.text, "title": d.title}) for d in first_seeds()]
    (folder / "b.jsonl").write_text("\n".join(lines[:2]) + "\nnot json\n", encoding="utf-8")
    (folder / "a.jsonl").write_text(lines[2] + "\n\n" + json.dumps({"text": "no id"}) + "\n")
    (folder / "later" / "c.jsonl").write_text("\n".join(lines[3:] + lines[:1]) + "\n")
    expected = load_corpus([folder])
    found = load_documents(lambda: spark, [f"file://{folder}"])
    assert found.documents == expected.documents
    assert found.warnings == expected.warnings
    assert [d.path for d in found.documents][:3] == [
        f"{folder}/a.jsonl:1",
        f"{folder}/a.jsonl:3",
        f"{folder}/b.jsonl:1",
    ]
    assert any("renamed" in w for w in found.warnings)  # the seed repeated in c.jsonl


def test_parquet_rows_are_documents_in_row_order(spark: SparkSession, tmp_path: Path) -> None:
    from tui.runners.spark.inputs import load_documents

    seeds = first_seeds()
    rows = [(d.id, d.text, d.source) for d in seeds] + [("", "", "x")]
    table = tmp_path / "corpus.parquet"
    spark.createDataFrame(rows, "id string, text string, source string").coalesce(1).write.parquet(
        str(table)
    )
    found = load_documents(lambda: spark, [str(table)])
    assert [(d.id, d.text, d.format) for d in found.documents] == [
        (d.id, d.text, "parquet") for d in seeds
    ]
    (warning,) = found.warnings
    assert warning.endswith(f":{len(seeds) + 1}: skipped, no 'text' field with content")


def first_seeds() -> list[Document]:
    return load_corpus([SEEDS]).documents
