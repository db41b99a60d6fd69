"""One section per experiment beyond the sweep (start-up, pool, IPC, ...)."""
