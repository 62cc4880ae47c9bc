"""The scan on Apache Spark (`echoes scan --engine spark`): the same stages as the local
runner, as Spark jobs over the same functions, with the same answer. Importing this package
needs PySpark (`pip install 'echoes[spark]'`); `session.check_spark` says so in one line."""
