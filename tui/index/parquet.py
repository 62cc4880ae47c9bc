"""`--format parquet`: the export as Parquet tables, one folder per record type of the JSON
Lines export (`scan`, `document`, `cluster`, `alignment`, `boilerplate`, `related`), with
the same fields, written by Spark wherever it can write (a local folder, `hdfs://`, `s3a://`).

Every table has a `position` column: its records' order in the export (Parquet files keep
no order a reader can rely on), so `ORDER BY position` reads them as `--format json` lists
them. Nested fields stay nested: a cluster's passages and an alignment's shared runs.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from tui.index.export import SCHEMA_VERSION, to_dict
from tui.model import ScanResult

if TYPE_CHECKING:
    from pyspark.sql import SparkSession
    from pyspark.sql.types import StructType

# record type -> the export's list of such records
TABLES = (
    ("document", "documents"),
    ("cluster", "clusters"),
    ("alignment", "alignments"),
    ("boilerplate", "boilerplate"),
    ("related", "related"),
)


def _schemas() -> dict[str, StructType]:
    from pyspark.sql.types import (
        ArrayType,
        DoubleType,
        IntegerType,
        LongType,
        StringType,
        StructField,
        StructType,
    )

    def fields(*named: tuple[str, Any]) -> StructType:
        return StructType([StructField(name, kind) for name, kind in named])

    span = fields(("doc", StringType()), ("start", LongType()), ("end", LongType()))
    passage = fields(*((f.name, f.dataType) for f in span.fields), ("text", StringType()))
    position = ("position", LongType())
    return {
        "scan": fields(
            ("version", IntegerType()),
            ("params", StringType()),
            ("warnings", ArrayType(StringType())),
        ),
        "document": fields(
            position,
            *((name, StringType()) for name in ("id", "path", "title", "source", "date")),
            ("length", LongType()),
            ("url", StringType()),
            ("format", StringType()),
        ),
        "cluster": fields(
            position,
            ("id", LongType()),
            ("kind", StringType()),
            ("similarity", DoubleType()),
            ("documents", LongType()),
            ("passages", ArrayType(passage)),
        ),
        "alignment": fields(
            position,
            ("cluster", LongType()),
            ("a", span),
            ("b", span),
            ("similarity", DoubleType()),
            ("shared", ArrayType(ArrayType(LongType()))),
        ),
        "boilerplate": fields(
            position, *((f.name, f.dataType) for f in passage.fields), ("reason", StringType())
        ),
        "related": fields(
            position,
            ("a", span),
            ("b", span),
            ("score", DoubleType()),
            ("terms", ArrayType(StringType())),
        ),
    }


def write_parquet(
    session: SparkSession, result: ScanResult, params: Mapping[str, Any], folder: str
) -> None:
    """Write the result's tables under `folder` (replacing tables already there)."""
    exported = to_dict(result, params)
    schemas = _schemas()
    scan = [(SCHEMA_VERSION, json.dumps(exported["params"]), exported["warnings"])]
    tables: dict[str, list[Any]] = {"scan": scan}
    for kind, key in TABLES:
        names = schemas[kind].fieldNames()[1:]
        tables[kind] = [
            (k, *(record[name] for name in names)) for k, record in enumerate(exported[key])
        ]
    for kind, rows in tables.items():
        frame = session.createDataFrame(rows, schemas[kind])
        frame.coalesce(1).write.mode("overwrite").parquet(f"{folder.rstrip('/')}/{kind}")
