"""GIL drop requests per second: with two CPU-bound threads a waiter times
out and asks for the GIL about once per switch interval (bench.sh runs
primes under gil at each interval into checks/switch-interval-SECONDS/)."""
import glob
import os

import rundata

WHO = "bench/checks/switch_interval.py"


def checks(run_dir: str) -> list:
    out = []
    dirs = glob.glob(os.path.join(glob.escape(run_dir), "checks", "switch-interval-*"))
    # Longest interval first, as the bench runs them.
    for d in sorted(dirs, key=lambda d: -(rundata.num(d.rsplit("-", 1)[1]) or 0)):
        interval = d.rsplit("-", 1)[1]
        runs = os.path.join(d, "runs.csv")
        if not os.path.isfile(runs) or not rundata.num(interval):
            continue
        rows = rundata.read_csv(runs, ("gil_drop_requests", "wall_s"), WHO)
        rate = rundata.median(rundata.num(r["gil_drop_requests"]) / rundata.num(r["wall_s"])
                              for r in rows if (rundata.num(r["wall_s"]) or 0) > 0)
        want = round(1 / float(interval))
        out.append({"check": f"gil drop requests per second at {interval}s interval", "measured": rate,
                    "target": f"{want} +- 50%", "lo": 0.5 * want, "hi": 1.5 * want})
    return out
