#!/usr/bin/env python3
"""calibration.py RUN_DIR - RUN_DIR/calibration.csv from cpython_runs.csv
(bench/cpython_bench.py's rows: one per CPython run) and summary.csv
(gilbench's medians), for `make calibrate` (bench/calibrate.sh).

For each kernel and worker count, CPython's speedup over its own plain
loop (median wall times, the median of plots/rundata.py) next to
gilbench's over seq: CPython's threads pair with gilbench's gil, its Pool
with gilbench's pool.  Columns:

    kernel,workers,cpython_mode,cpython_speedup,gilbench_mode,gilbench_speedup

Exit status: 0 written, 1 bad input (a missing file, column or run), 2 usage.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "plots"))
import program  # noqa: E402
import rundata  # noqa: E402

KERNELS = ("primes", "sumsq", "sleep")
WORKERS = (2, 4)
PAIRS = (("threads", "gil"), ("pool", "pool"))  # CPython's mode, gilbench's
WHO = "bench/calibration.py"


def medians(run: str):
    """(CPython's median wall_s, gilbench's median_s), by (kernel, mode, workers)."""
    cpython = {}
    for r in rundata.read_csv(os.path.join(run, "cpython_runs.csv"), ("kernel", "mode", "workers", "wall_s"), WHO):
        cpython.setdefault((r["kernel"], r["mode"], int(r["workers"])), []).append(rundata.num(r["wall_s"]))
    gilbench = {(r["kernel"], r["mode"], int(r["workers"])): rundata.num(r["median_s"])
                for r in rundata.read_csv(os.path.join(run, "summary.csv"),
                                          ("kernel", "mode", "workers", "median_s"), WHO)}
    return {k: rundata.median(v) for k, v in cpython.items()}, gilbench


def rows(run: str) -> list:
    cpython, gilbench = medians(run)

    def speedup(table, kernel, mode, workers, name):
        base, parallel = table.get((kernel, "seq", 1)), table.get((kernel, mode, workers))
        if not base or not parallel:
            raise rundata.InputError(f"no {name} {kernel} {'seq' if not base else mode} run to compare in '{run}'")
        return base / parallel
    out = []
    for kernel in KERNELS:
        for workers in WORKERS:
            for cm, gm in PAIRS:
                out.append(f"{kernel},{workers},{cm},{speedup(cpython, kernel, cm, workers, 'CPython'):.3f},"
                           f"{gm},{speedup(gilbench, kernel, gm, workers, 'gilbench'):.3f}")
    return out


def write(run: str) -> int:
    header = "kernel,workers,cpython_mode,cpython_speedup,gilbench_mode,gilbench_speedup\n"
    program.write_atomic(os.path.join(run, "calibration.csv"), header + "".join(line + "\n" for line in rows(run)))
    return 0


if __name__ == "__main__":
    sys.exit(program.run_command("gilbench calibrate", "bench/calibration.py RUN_DIR   (writes RUN_DIR/calibration.csv)",
                                 sys.argv[1:], write))
