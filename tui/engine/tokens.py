"""Words with their character offsets, normalised so light edits do not hide reuse.

Normalisation folds case, accents and quote styles ("ISIL" = "Isil", "café" = "cafe") and
drops punctuation ("[It]" = "It"), but every token keeps the offsets of the original characters,
so whatever the matcher compares maps back to the text exactly as read.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

# A word is a dotted acronym or a run of letters and digits; apostrophes and commas separate
# words: "U.S." -> "us" (as "US" in other style guides), "Russia's" -> "russia", "s",
# "250,000" -> "250", "000".
WORD = re.compile(r"(?:[^\W\d_]\.){2,}|\w+")
_WORD_SPLIT = re.compile(f"({WORD.pattern})")

# Function words that carry no evidence of copying on their own. Kept short and English: the
# engine also weighs words by rarity in the corpus, so this list only has to catch the obvious.
STOPWORDS: frozenset[str] = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "s",
        "t",
        "d",
        "ll",
        "m",
        "re",
        "ve",
        "said",
        "says",
        "say",
        "told",
        "according",
        "mr",
        "mrs",
        "ms",
        "dr",
    ]
)


@dataclass(frozen=True, slots=True)
class Tokens:
    """The words of one text: normalised forms and the `[start, end)` offsets of each."""

    words: tuple[str, ...]
    # Tuples from `tokenize`; compact int arrays in a scan's prepared documents (same values).
    starts: Sequence[int]
    ends: Sequence[int]

    def __len__(self) -> int:
        return len(self.words)


def fold(word: str) -> str:
    """Case- and accent-folded form of one word, without the dots of an acronym. The dotless
    "ı" folds to "i" as well: its capital is "I", so a copy in capitals must still match."""
    word = word.casefold().replace(".", "")
    if word.isascii():
        return word
    word = word.replace("ı", "i")
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokenize(text: str) -> Tokens:
    """Split `text` into normalised words, keeping each word's original character offsets."""
    # Splitting around the words gives separator, word, separator, ...; the running sum of
    # their lengths is every word's start and end, with no match object per word.
    parts = _WORD_SPLIT.split(text)
    if len(parts) < 3:
        return Tokens((), (), ())
    offsets = list(accumulate(map(len, parts), initial=0))
    return Tokens(tuple(fold_all(parts[1::2])), tuple(offsets[1:-1:2]), tuple(offsets[2::2]))


def fold_all(words: list[str]) -> list[str]:
    """`fold` of every word, one string operation for the usual all-ASCII case."""
    joined = " ".join(words)
    if not joined.isascii():
        return [fold(w) for w in words]
    # No word holds a space or is only dots, so folding the joined words splits back exactly.
    return joined.lower().replace(".", "").split(" ")


def words_only(text: str) -> list[str]:
    """The normalised words of `text` without offsets: the fast path for fingerprinting."""
    words: list[str] = WORD.findall(text)
    return fold_all(words) if words else words


def is_informative(word: str) -> bool:
    """Whether sharing this word is evidence of copying (not a stop word, not a stray letter)."""
    return len(word) > 2 and word not in STOPWORDS
