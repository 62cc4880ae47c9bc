"""Tokens, sentences and aligned passages always map back to the text exactly as read."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.engine.compare import align_documents
from tui.engine.segment import segment
from tui.engine.tokens import fold, tokenize, words_only
from tui.model import Document
from tui.runners.local import scan

# Words from any script (letters and digits of every Unicode category), joined by assorted
# white space and punctuation, so offsets are tested far beyond ASCII.
_word = st.text(
    alphabet=st.characters(categories=("Lu", "Ll", "Lo", "Nd", "Lm")), min_size=1, max_size=9
)
_separator = st.sampled_from([" ", "  ", "\n", ", ", ". ", ".\n", " — ", "\u00a0", "\t", "’s "])


@st.composite
def _texts(draw: st.DrawFn, min_words: int = 0, max_words: int = 60) -> str:
    words = draw(st.lists(_word, min_size=min_words, max_size=max_words))
    return "".join(w + draw(_separator) for w in words)


@given(_texts())
def test_token_offsets_point_at_the_original_characters(text: str) -> None:
    tokens = tokenize(text)
    assert list(tokens.words) == words_only(text)
    previous_end = 0
    for word, start, end in zip(tokens.words, tokens.starts, tokens.ends, strict=True):
        assert previous_end <= start < end <= len(text)
        assert fold(text[start:end]) == word
        previous_end = end


@given(_texts())
def test_sentences_are_ordered_trimmed_slices_inside_paragraphs(text: str) -> None:
    segments = segment(text)
    for (start, end), paragraph in zip(
        segments.sentences, segments.sentence_paragraph, strict=True
    ):
        p_start, p_end = segments.paragraphs[paragraph]
        assert p_start <= start < end <= p_end
        assert text[start:end] == text[start:end].strip()
    ends = [0] + [e for _, e in segments.sentences]
    assert all(s >= previous for (s, _), previous in zip(segments.sentences, ends, strict=False))


# Passage words: lower-case or caseless letters, at least 3 long, so none is a stop word or
# looks like a name (both of which rightly carry no weight as evidence of copying); and the
# copy is in capitals, so each word's capitals must fold back to the word (not so for a few
# letters: "ŉ" becomes "ʼN", two characters).
_passage_word = st.text(
    alphabet=st.characters(categories=("Ll", "Lo")), min_size=3, max_size=9
).filter(lambda w: w == w.lower() and words_only(w.upper()) == words_only(w) == [fold(w)])


def test_a_dotless_i_matches_its_capital() -> None:
    assert fold("ABI") == fold("abı") == "abi"
    assert words_only("DİYARBAKIR") == words_only("diyarbakır") == ["diyarbakir"]


@st.composite
def _passages(draw: st.DrawFn) -> str:
    words = draw(st.lists(_passage_word, min_size=25, max_size=40, unique=True))
    return " ".join(words) + "."


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_texts(), _passages(), _texts(), _texts())
def test_a_copied_passage_is_found_with_exact_offsets(
    before: str, passage: str, other_before: str, after: str
) -> None:
    source = Document("a", before + "\n" + passage + "\n" + after)
    copy = Document("b", other_before + "\n" + passage.upper() + "\n")
    found = align_documents(source, copy)
    passage_start = len(before) + 1
    assert any(
        al.a.start <= passage_start + 10 and al.a.end >= passage_start + len(passage) - 10
        for al in found
    )
    for alignment in found:
        for a_start, a_end, b_start, b_end in alignment.shared:
            assert words_only(source.text[a_start:a_end]) == words_only(copy.text[b_start:b_end])
    result = scan([source, copy])
    for cluster in result.clusters:
        for p in cluster.passages:
            text = source.text if p.doc == "a" else copy.text
            assert 0 <= p.start < p.end <= len(text)


def test_abbreviations_and_quotes_do_not_break_sentences_wrongly() -> None:
    text = (
        "U.S. Defense Secretary Ash Carter met Lt. Gen. Robert Otto and Mr. Kerry at the U.N. "
        'on Friday. "It is doomed to failure." The strikes — reported by A. Smith — continued! '
        "Did they stop? No."
    )
    sentences = [text[s:e] for s, e in segment(text).sentences]
    assert sentences == [
        "U.S. Defense Secretary Ash Carter met Lt. Gen. Robert Otto and Mr. Kerry at the U.N. "
        "on Friday.",
        '"It is doomed to failure."',
        "The strikes — reported by A. Smith — continued!",
        "Did they stop?",
        "No.",
    ]


def test_hard_wrapped_wire_copy_keeps_sentences_across_line_breaks() -> None:
    text = (
        "SALVADOR, Feb 26 - Showers continued throughout the week in\n"
        "the Bahia cocoa zone, alleviating the drought since early\n"
        "January, the review said.\n"
        "    The dry period means the temporao will be late this year.\n"
    )
    segments = segment(text)
    assert len(segments.paragraphs) == 2
    first = text[slice(*segments.sentences[0])]
    assert first.startswith("SALVADOR") and first.endswith("the review said.")


def test_a_title_line_is_its_own_paragraph() -> None:
    text = "Claims Russian airstrikes in Syria not targeting IS\n\nAir strikes plunge the war.\n"
    segments = segment(text)
    assert [text[s:e] for s, e in segments.sentences] == [
        "Claims Russian airstrikes in Syria not targeting IS",
        "Air strikes plunge the war.",
    ]


def test_light_edits_normalise_to_the_same_words() -> None:
    assert words_only("“ISIL” [It] does U.S.") == words_only('"Isil" It does US')
    assert words_only("café") == words_only("CAFE")
