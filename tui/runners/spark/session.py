"""The Spark session a scan runs in: PySpark and Java checked first, so that a missing one is
one clear sentence rather than a traceback from inside the JVM gateway."""

from __future__ import annotations

import importlib.util
import os
import shutil
from typing import TYPE_CHECKING

from tui.runners.errors import EngineError

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

DEFAULT_MASTER = "local[*]"
# Memory of the driver's JVM when Spark runs on this machine (`local[...]` masters): there the
# executors are threads of the driver, and Spark's own default (1 GB) is too little for the
# shuffles of a 100,000-article corpus. `spark.driver.memory` or `--driver-memory` in
# PYSPARK_SUBMIT_ARGS, or SPARK_DRIVER_MEMORY, choose another.
LOCAL_DRIVER_MEMORY = "6g"


class SparkUnavailable(EngineError):
    """`--engine spark` was asked for on a machine that cannot run it."""


def check_spark() -> None:
    """Raise SparkUnavailable, saying how to get it, when PySpark or Java is missing."""
    if importlib.util.find_spec("pyspark") is None:
        raise SparkUnavailable(
            "--engine spark needs PySpark: pip install 'echoes[spark]' (and a Java 17+ runtime)"
        )
    java_home = os.environ.get("JAVA_HOME")
    java = os.path.join(java_home, "bin", "java") if java_home else shutil.which("java")
    if not java or not os.path.exists(java):
        raise SparkUnavailable(
            "--engine spark needs a Java 17+ runtime on PATH or in JAVA_HOME "
            "(on Debian: apt-get install openjdk-17-jre-headless)"
        )


def start_session(master: str = DEFAULT_MASTER, partitions: int | None = None) -> SparkSession:
    """The active Spark session, or a new one on `master`. `partitions` sets the shuffles'
    partition count (default: twice the cores Spark is given); it never changes the answer."""
    check_spark()
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        session: SparkSession = active
    else:
        builder = SparkSession.builder.master(master).appName("echoes scan")
        builder = builder.config("spark.ui.showConsoleProgress", "false")
        if master.startswith("local") and not _driver_memory_given():
            builder = builder.config("spark.driver.memory", LOCAL_DRIVER_MEMORY)
        try:
            session = builder.getOrCreate()
        except Exception as error:  # the JVM would not start: say why in one line
            raise SparkUnavailable(
                f"Spark could not start on {master}: {first_line(error)}"
            ) from error
        session.sparkContext.setLogLevel("ERROR")
    count = partitions or 2 * session.sparkContext.defaultParallelism
    session.conf.set("spark.sql.shuffle.partitions", str(count))
    return session


def partitions_of(session: SparkSession) -> int:
    """The partition count the scan's shuffles use."""
    return int(session.conf.get("spark.sql.shuffle.partitions") or 2)


def first_line(error: BaseException) -> str:
    """The first line of an error's message (a JVM error's message is its stack trace)."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[0] if lines else type(error).__name__


def _driver_memory_given() -> bool:
    """Whether the driver's memory is set where Spark reads it before its JVM starts."""
    submitted = os.environ.get("PYSPARK_SUBMIT_ARGS", "")
    return (
        "--driver-memory" in submitted
        or "spark.driver.memory" in submitted
        or bool(os.environ.get("SPARK_DRIVER_MEMORY"))
    )
