"""Two documents named for comparison (`echoes align SOURCE SUSPICIOUS`, the PAN benchmark):
the same stages and settings as a corpus scan, for one pair, with the sentence passes run
whatever the shingles say."""

from __future__ import annotations

import dataclasses

from tui.engine.align import align_pair
from tui.engine.candidates import find_candidates
from tui.engine.fingerprint import word_codes
from tui.engine.prepare import PreparedDocument, prepare
from tui.model import Alignment, Document
from tui.params import Params


def align_documents(
    source: Document, suspicious: Document, params: Params | None = None
) -> list[Alignment]:
    """Reused passages between two documents, by the same stages and settings as `scan`
    (only the pairs across the two are reported, not repeats inside either)."""
    params = params or Params()
    if source.id == suspicious.id:
        suspicious = dataclasses.replace(suspicious, id=suspicious.id + "#2")
    prepared_source, prepared_suspicious = prepare([source, suspicious], params)
    return align_prepared(prepared_source, prepared_suspicious, params)


def align_prepared(
    source: PreparedDocument, suspicious: PreparedDocument, params: Params
) -> list[Alignment]:
    """`align_documents` for documents already prepared together (in one `prepare` call, so
    that their terms share one vocabulary), so a caller comparing one document with many
    prepares it once. Prepared alone or together, a document is the same as long as
    boilerplate needs more than two documents to repeat a paragraph (the default)."""
    pairs = find_candidates(word_codes([source.tokens.words, suspicious.tokens.words]), params)
    # Two documents named for comparison are compared even without a shared shingle: their
    # sentences may still share their words in another order (reworded or translated text).
    seeds: tuple[list[int], list[int]] = ([], [])
    for k in range(len(pairs)):
        if pairs.doc_a[k] == 0 and pairs.doc_b[k] == 1:
            seeds_a, seeds_b = pairs.seeds(k)
            seeds = (seeds_a.tolist(), seeds_b.tolist())
    found = align_pair(source, suspicious, *seeds, params, compare_all=True)
    return sorted(found, key=lambda al: (al.a.start, al.b.start))
