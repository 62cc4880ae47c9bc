"""`echoes PATH` on a folder of every news format: the reader lists and shows each article,
steps from the wire story to its echoes in the other formats, and summarises warnings."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.test_news_formats import NEWS, write_crawl
from tests.test_reader import WIDE, make_app, reading, synchronously, visible_text
from tui.reader.widgets.article_list import ArticleList

TITLES = {
    "html": "Ferry crews vote to strike over summer rotas",
    "feed": "Summer of ferry strikes looms as crews back walkouts",
    "nitf": "Ferry crews vote for summer strikes",
    "newsml": "Ferry crews vote for summer strikes",
    "wire": "FERRY CREWS VOTE FOR SUMMER STRIKES",
    "warc": "Summer of ferry strikes looms",
}


@synchronously
async def test_the_reader_opens_every_format_and_finds_the_story_across_them(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "newsroom"
    shutil.copytree(NEWS, corpus)
    write_crawl(corpus / "crawl.warc.gz")
    for number in range(4):  # old files from an archive, each read as Windows-1252
        (corpus / f"old-{number}.txt").write_bytes(
            f"Archive story {number}: the caf\u00e9 reopened on Tuesday.\n".encode("cp1252")
        )
    app = make_app([corpus], use_cache=False)
    async with reading(app, WIDE) as (pilot, reader):
        documents = {d.id: d for d in reader.index.documents}
        formats = {d.format for d in documents.values()}
        assert formats >= set(TITLES)
        articles = reader.query_one(ArticleList)
        titles = {documents[doc].title for doc in articles.doc_ids}
        assert set(TITLES.values()) <= titles
        # the wire story, as a reader sees it: headline apart, no marks, the apostrophes back
        reader.open_at("pa-ferry-strike", 0)
        await pilot.pause()
        shown = visible_text(reader.article)
        assert "FERRY CREWS VOTE FOR SUMMER STRIKES" in shown
        assert "<" not in shown and "␙" not in shown and "\x19" not in shown
        assert "␍" not in shown, "a CRLF line break inside a paragraph reads as a space"
        assert "----" not in shown
        await pilot.press("n")
        echoed = {documents[echo.there.doc].format for echo in reader.echoes_pane.echoes}
        assert echoed == {"html", "feed", "nitf", "newsml", "warc"}
        messages = [n.message for n in app._notifications]
        assert sum("read as Windows-1252" in m for m in messages) == 1
        assert any(m.startswith("5 times: not valid UTF-8, read as Windows-1252") for m in messages)
