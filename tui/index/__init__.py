"""What a scan leaves behind and how it is read again: the SQLite store, the reader's queries,
the export formats, and `open_corpus`, which finds a stored scan or runs a new one."""
