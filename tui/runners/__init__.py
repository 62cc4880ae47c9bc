"""How the engine's stages are executed: `local` on this machine's cores (forked workers,
shared arrays, memory release, the pair cache hook). Every runner composes the same stages in
the same order, so each gives the same answer."""
