"""Speedups of the default sweep: real threads and processes scale on a
CPU-bound kernel; under the simulated GIL CPU-bound threads do not; an
I/O-bound kernel scales under the GIL too, past the core count."""
import os

import rundata

INF = float("inf")


def checks(run_dir: str) -> list:
    if not os.path.isfile(os.path.join(run_dir, "summary.csv")):
        return []
    s = rundata.summary(run_dir, "bench/checks/sweep.py")
    rundata.need_columns(s.path, ("speedup",), "bench/checks/sweep.py")

    def row(kernel, mode, workers, target, lo, hi):
        return {"check": f"{kernel} {mode} {workers} workers speedup", "target": target,
                "measured": s.speedup(kernel, mode, workers), "digits": 4, "lo": lo, "hi": hi}
    out = [row("primes", mode, 2, ">= 1.8", 1.8, INF) for mode in ("threads", "fork")]
    # Every CPU-bound kernel of the run (summary.csv's kind column; by
    # name for runs from before it).
    for kernel in rundata.cpu_kernels(s):
        out += [row(kernel, "gil", w, "0.7 to 1.05", 0.7, 1.05) for w in (2, 4)]
    out.append(row("sleep", "gil", 4, ">= 3.5", 3.5, INF))
    return out
