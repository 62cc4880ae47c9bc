"""The reuse engine: the pipeline's stages, each a function over plain records in its own module.

load → tokens/segment → prepare (with furniture) → fingerprint → candidates → prefilter →
align → cluster, and the related tier beside them. No Textual, no SQLite, no processes and no
module-level mutable state: a runner (`tui.runners`) decides where and how the stages run.
"""
