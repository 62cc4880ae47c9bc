"""CorpusTexts: the documents' texts and ids read back from a few long strings."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.engine.corpus_texts import CorpusTexts
from tui.model import Document

# Characters of every storage width Python has: ASCII, Latin-1, the BMP, and beyond it.
_CHARACTERS = st.sampled_from(["a", " ", "Z", "é", "ß", "’", "Ж", "中", "😀", "𝔸", "\n"])
_TEXTS = st.lists(st.text(_CHARACTERS, max_size=40), max_size=12)


@settings(max_examples=300, deadline=None)
@given(_TEXTS, st.data())
def test_every_text_id_and_span_reads_back_as_written(
    texts: list[str], data: st.DataObject
) -> None:
    documents = [Document(f"doc-{k}-{'é' * (k % 2)}", text) for k, text in enumerate(texts)]
    corpus = CorpusTexts.of(documents)
    assert len(corpus) == len(documents)
    for k, document in enumerate(documents):
        assert corpus.id(k) == document.id
        assert corpus.text(k) == document.text
        start = data.draw(st.integers(0, len(document.text)))
        end = data.draw(st.integers(start, len(document.text)))
        assert corpus.span(k, start, end) == document.text[start:end]


def test_a_few_wide_characters_do_not_widen_every_text() -> None:
    documents = [Document("a", "plain words"), Document("b", "an emoji 😀"), Document("c", "more")]
    corpus = CorpusTexts.of(documents)
    # the two ASCII texts share one narrow string; the emoji's text is stored apart
    assert sorted(corpus.joined, key=len) == ["an emoji 😀", "plain wordsmore"]
