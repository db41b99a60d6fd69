#!/usr/bin/env python3
"""verdicts.py RUN_DIR - the claims the suite exists to show, each measured
in this run (as a ratio inside the run) and compared with its target:
writes RUN_DIR/checks.csv (check,measured,target,verdict) and prints it.

The checks are computed by the topic modules below, in this order; each is
bench/checks/NAME.py with `def checks(run_dir: str) -> list` of dicts

    {"check": str, "measured": float | None, "target": str,
     "lo": float | None, "hi": float | None}

verdict: ok when lo <= measured <= hi, MISSED otherwise (or when nothing
was measured), info when lo and hi are both None (information only, no
target).  A check whose measurement is not a number (which mechanism
started cheapest) gives measured as a string and "ok": True or False.
Optional "digits": the decimals measured is written with (default: six
significant digits); the verdict compares the value as written.
A module returns [] when the run lacks its data.  Adding a topic: one
file and one line here.

Targets are reported, never enforced: a shared machine that gives 1.2
cores out of 2 fails a speedup target for reasons that have nothing to do
with the code (the report reads the verdicts against measured_cores).
Exit status: 0 written, 1 bad input (a missing column, named with its
file), 2 usage.
"""
import csv
import importlib
import io
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "plots"))
sys.path.insert(0, HERE)
import program  # noqa: E402

TOPICS = (
    "sweep",            # speedups of the default sweep (summary.csv)
    "switch_interval",  # hand-overs per second (checks/switch-interval-*/)
    "hook_cost",        # what checkpoint() costs (checks/hooks*.csv)
    "startup",          # fork grows with the parent's memory; vfork does not
    "granularity",      # threads break even at smaller tasks than fork
    "ipc",              # pipe vs lat_pipe; the spinning ring vs a pipe (ipc/)
    "shared",           # lost updates, false sharing, Manager vs shared memory (shared/)
    "pool",             # pipelined pipe and shm queues vs the round trip and CPython (pool/)
    "openmp",           # OpenMP agrees with the hand-written threads (openmp/)
    "mpi",              # MPI ranks scale like processes (mpi/)
    "trust",            # tick weights, requests vs hand-overs, pinning (trust/)
    "images",           # the photo batch (images/images.csv, pillow.csv)
    "hash",             # hashing files (hash/hash.csv, openssl.csv)
    "bench_time",       # make bench within its budget (bench_phases.csv)
)


def verdict(c: dict) -> str:
    """ok, MISSED or info, for the measured value as checks.csv shows it."""
    if "ok" in c:
        return "ok" if c["ok"] else "MISSED"
    if c["lo"] is None and c["hi"] is None:
        return "info"
    m = None if c["measured"] is None else float(shown(c))
    lo = -float("inf") if c["lo"] is None else c["lo"]
    hi = float("inf") if c["hi"] is None else c["hi"]
    return "ok" if m is not None and lo <= m <= hi else "MISSED"


def shown(c: dict) -> str:
    """The measured value as checks.csv writes it."""
    m = c["measured"]
    if m is None or isinstance(m, str):
        return m or ""
    return f"{m:.{c['digits']}f}" if "digits" in c else f"{m:.6g}"


def compute(run: str) -> list:
    rows = []
    for topic in TOPICS:
        for c in importlib.import_module(f"checks.{topic}").checks(run):
            rows.append((c["check"], shown(c), c["target"], verdict(c)))
    return rows


def write(run: str) -> int:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(("check", "measured", "target", "verdict"))
    writer.writerows(compute(run))
    program.write_atomic(os.path.join(run, "checks.csv"), text.getvalue())
    sys.stdout.write(text.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(program.run_command("gilbench checks", "bench/verdicts.py RUN_DIR   (writes RUN_DIR/checks.csv)",
                                 sys.argv[1:], write))
