"""`echoes scan --engine spark`: the Spark runner as the index's `ScanEngine`, with its
session started only when a scan is needed (a corpus found in the index needs no JVM)."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tui.engine.load import LoadResult, corpus_digest
from tui.model import Document, ScanResult
from tui.params import Params
from tui.runners.errors import EngineError
from tui.runners.progress import Progress
from tui.runners.spark.inputs import load_documents, read_by_spark
from tui.runners.spark.session import DEFAULT_MASTER, check_spark, first_line, start_session

if TYPE_CHECKING:
    from pyspark.sql import SparkSession


class SparkEngine:
    """Scans on Spark at `master` with `partitions` shuffle partitions (the answer is the
    same for any number); local paths are read by this machine's loader."""

    def __init__(self, master: str = DEFAULT_MASTER, partitions: int | None = None) -> None:
        check_spark()
        self.master, self.partitions = master, partitions
        self._session: SparkSession | None = None

    @property
    def session(self) -> SparkSession:
        """The Spark session, started on first use; its UI's address goes to stderr."""
        if self._session is None:
            self._session = start_session(self.master, self.partitions)
            url = self._session.sparkContext.uiWebUrl
            if url:
                print(f"echoes: Spark UI at {url}", file=sys.stderr, flush=True)
        return self._session

    def digest(self, corpus_paths: Sequence[str | os.PathLike[str]]) -> str | None:
        """The loader's digest of local files; None for what Spark reads (not hashed here)."""
        if any(read_by_spark(p) for p in corpus_paths):
            return None
        return corpus_digest(corpus_paths)

    def load(self, corpus_paths: Sequence[str | os.PathLike[str]]) -> LoadResult:
        return load_documents(lambda: self.session, corpus_paths)

    def scan(
        self,
        documents: Sequence[Document],
        params: Params,
        progress: Progress | None,
        warnings: Sequence[str],
    ) -> ScanResult:
        from py4j.protocol import Py4JError
        from pyspark.errors import PySparkException

        from tui.runners.spark.run import scan

        try:
            return scan(self.session, documents, params, progress, warnings)
        except (Py4JError, PySparkException) as error:
            raise EngineError(f"the Spark scan failed: {first_line(error)}") from error
