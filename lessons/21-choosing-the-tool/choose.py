#!/usr/bin/env python3
"""choose.py RESULTS_DIR - the tutorials' "when to use what" table, rebuilt
from what run.sh measured on this machine.

Reads (columns by name, csv.DictReader) RESULTS_DIR/cpu/summary.csv,
io/summary.csv, granularity/granularity.csv and ipc/send_vs_share.csv, and
writes RESULTS_DIR/choose.csv:

    row,workload,advice,baseline,best,best_speedup,runner_up,runner_up_speedup

one row per line of the tutorials' table.  For each workload the candidates
are the ways a Python program could run it; the speedup of each is the
baseline's median time over its own, both measured in the same run.  Then
prints the table.  Standard library only.
"""
import csv
import os
import sys

# How each measured mode reads in Python terms.
NAMES = {
    "seq": "sequential",
    "gil": "threads (GIL)",
    "threads": "threads (no GIL)",
    "fork": "processes",
    "eventloop": "event loop",
    "copy-pipe": "send a copy",
    "share-fork": "shared memory (fork)",
    "share-shm": "shared memory (shm)",
}

# row key, workload, the tutorials' advice, where its numbers come from.
ROWS = [
    ("cpu", "CPU-bound pure Python (primes)", "processes", "sweep", "cpu", "primes", ("seq", "gil", "fork")),
    ("io", "I/O-bound: 8 waits at a time (sleep)", "threads or asyncio", "sweep", "io", "sleep",
     ("seq", "gil", "fork", "eventloop")),
    ("c", "C code that releases the GIL (sha256)", "threads", "sweep", "cpu", "sha256", ("seq", "gil", "fork")),
    ("tiny", "tiny tasks: 64 tasks of 1 us", "stay sequential or batch", "granularity", "granularity", "1",
     ("seq", "threads", "fork")),
    ("shared", "big shared data: one object to 2 workers", "shared memory", "share", "ipc", None,
     ("copy-pipe", "share-fork", "share-shm")),
]


def read(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def sweep_times(results, sub, kernel, modes):
    """{mode: median_s} of the sweep's rows of `kernel` (any worker count
    but one per mode: the run measures one)."""
    times = {}
    for r in read(os.path.join(results, sub, "summary.csv")):
        if r["kernel"] == kernel and r["mode"] in modes:
            times[r["mode"]] = float(r["median_s"])
    return times


def granularity_times(results, sub, task_us, modes):
    times = {}
    for r in read(os.path.join(results, sub, "granularity.csv")):
        if r["task_us"] == task_us and r["mode"] in modes:
            times[r["mode"]] = float(r["median_s"])
    return times


def share_times(results, sub, modes):
    rows = read(os.path.join(results, sub, "send_vs_share.csv"))
    biggest = max(int(r["object_mib"]) for r in rows)
    return {r["method"]: float(r["median_ms"]) for r in rows
            if int(r["object_mib"]) == biggest and r["method"] in modes}


def main(argv):
    if len(argv) != 1 or not os.path.isdir(argv[0]):
        print("usage: choose.py RESULTS_DIR   (the directory run.sh measured into)", file=sys.stderr)
        return 2
    results = argv[0]
    table = []
    for row, workload, advice, kind, sub, key, modes in ROWS:
        if kind == "sweep":
            times = sweep_times(results, sub, key, modes)
        elif kind == "granularity":
            times = granularity_times(results, sub, key, modes)
        else:
            times = share_times(results, sub, modes)
        baseline = modes[0]
        if baseline not in times:
            print(f"choose.py: {workload}: no {baseline} row (the baseline) in the run's files", file=sys.stderr)
            return 1
        if len(times) < 2:
            print(f"choose.py: {workload}: only {baseline} measured, nothing to choose from", file=sys.stderr)
            return 1
        ranked = sorted(times, key=times.get)
        speedup = {m: times[baseline] / times[m] for m in times}
        best, runner = ranked[0], ranked[1]
        table.append({"row": row, "workload": workload, "advice": advice, "baseline": NAMES[baseline],
                      "best": NAMES[best], "best_speedup": f"{speedup[best]:.4f}",
                      "runner_up": NAMES[runner], "runner_up_speedup": f"{speedup[runner]:.4f}"})
    out = os.path.join(results, "choose.csv")
    with open(out + ".tmp", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(table[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(table)
    os.replace(out + ".tmp", out)

    print(f"{'workload':<40} {'the tutorials say':<26} {'measured best':<22} {'':>7}  runner-up")
    for r in table:
        print(f"{r['workload']:<40} {r['advice']:<26} {r['best']:<22} {float(r['best_speedup']):6.2f}x"
              f"  {r['runner_up']} {float(r['runner_up_speedup']):.2f}x")
    print(f"(speedup: over {', '.join(sorted({r['baseline'] for r in table}))}, in the same run)  -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
