"""gilbench shared (shared/*.csv): the claims of issue 14 about sharing
state between processes, each measured inside one run.

- an unsynchronised counter loses updates, while the mutex and atomic
  ones are exact in every batch;
- false sharing: per-worker counters on one cache line cost at least 1.5x
  per increment what padded ones do (2 cores);
- a Manager operation (a request over a UNIX socket to a server process)
  costs at least 10x an operation on a shared-memory table;
- a shared array filled in place and one whose slices were sent back
  have the same checksum.
"""
from rundata import experiment_rows, num, ratio

WHO = "bench/checks/shared.py"


def checks(run_dir: str) -> list:
    out = []
    counter = experiment_rows(run_dir, "shared", "counter.csv")
    if counter:
        by = {(r["kind"], r["method"]): r for r in counter}
        unsync = by.get(("processes", "unsynchronised"))
        out.append({"check": "unsynchronised counter, processes: updates lost (worst batch)",
                    "measured": num(unsync["most_lost"]) if unsync else None,
                    "target": ">= 1", "lo": 1.0, "hi": float("inf")})
        exact = [r for r in counter if r["method"] in ("mutex", "atomic")]
        out.append({"check": "mutex and atomic counters: batches with a wrong count",
                    "measured": float(sum(int(r["batches"]) - int(r["exact_batches"]) for r in exact))
                    if exact else None,
                    "target": "0", "lo": 0.0, "hi": 0.0})
    fs = experiment_rows(run_dir, "shared", "false_sharing.csv")
    if fs:
        ns = {r["layout"]: num(r["median_ns_per_increment"]) for r in fs}
        out.append({"check": "false sharing: packed / padded ns per increment",
                    "measured": ratio(ns.get("packed"), ns.get("padded")),
                    "target": ">= 1.5", "lo": 1.5, "hi": float("inf")})
    mgr = experiment_rows(run_dir, "shared", "manager.csv")
    if mgr:
        ns = {r["method"]: num(r["median_ns_per_op"]) for r in mgr}
        out.append({"check": "Manager op / shared-memory table op",
                    "measured": ratio(ns.get("manager"), ns.get("shared-table")),
                    "target": ">= 10", "lo": 10.0, "hi": float("inf")})
    arr = experiment_rows(run_dir, "shared", "shared_array.csv")
    if arr:
        same = len({r["checksum"] for r in arr}) == 1 and all(r["intact"] == "1" for r in arr)
        out.append({"check": "shared array vs send-back: identical checksums",
                    "measured": 1.0 if same else 0.0, "target": "1", "lo": 1.0, "hi": 1.0})
    return out
