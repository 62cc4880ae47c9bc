"""Readers for the formats newsrooms keep news in, besides plain text and JSON Lines.

Each reader is a plain function from one file's bytes (a web archive: a binary stream, read
record by record) to Documents, appending one warning sentence per bad or partial item, so
that every runner calls the same ones through `tui.engine.load`. Readers import their library
when first called: without it a file gets one warning that says how to install it.

- `webpage`: saved article pages, main text by trafilatura;
- `warc`: web archives (`.warc`, `.warc.gz`), each HTML response a page, by warcio;
- `feed`: RSS and Atom entries, by feedparser;
- `nitf`, `newsml`: IPTC's agency XML (NITF, NewsML-G2), by lxml;
- `wire`: agency plain-text copy, recognised in `.txt` files by its `<` paragraph marks.
"""
