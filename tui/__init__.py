"""echoes: see where text is reused across a corpus of news articles."""

__version__ = "0.1.0"
