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


def _ratio_check(run_dir, name, key, column, over, under, check, lo):
    """The check that row `over` of shared/NAME costs at least `lo` times
    row `under` (rows told apart by column `key`), or None without the file."""
    rows = experiment_rows(run_dir, "shared", name)
    if not rows:
        return None
    cost = {r[key]: num(r[column]) for r in rows}
    return {"check": check, "measured": ratio(cost.get(over), cost.get(under)),
            "target": f">= {lo:g}", "lo": lo, "hi": float("inf")}


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
    for c in (_ratio_check(run_dir, "false_sharing.csv", "layout", "median_ns_per_increment", "packed", "padded",
                           "false sharing: packed / padded ns per increment", 1.5),
              _ratio_check(run_dir, "manager.csv", "method", "median_ns_per_op", "manager", "shared-table",
                           "Manager op / shared-memory table op", 10.0)):
        if c is not None:
            out.append(c)
    arr = experiment_rows(run_dir, "shared", "shared_array.csv")
    if arr:
        same = len({r["checksum"] for r in arr}) == 1 and all(r["intact"] == "1" for r in arr)
        out.append({"check": "shared array vs send-back: identical checksums",
                    "measured": 1.0 if same else 0.0, "target": "1", "lo": 1.0, "hi": 1.0})
    return out
