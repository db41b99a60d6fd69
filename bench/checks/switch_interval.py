"""GIL hand-overs per second: with two CPU-bound threads a waiter times out
and asks for the GIL about once per switch interval, and the GIL changes
hands (gil_handovers, CPython's switch_number) about as often (bench.sh
runs primes under gil at each interval into checks/switch-interval-SECONDS/).
Runs made before gil_handovers existed are read by their drop requests
(and the check is labelled so)."""
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
        count = "gil_handovers" if "gil_handovers" in rundata.header(runs) else "gil_drop_requests"
        rows = rundata.read_csv(runs, (count, "wall_s"), WHO)
        rate = rundata.median(rundata.num(r[count]) / rundata.num(r["wall_s"])
                              for r in rows if (rundata.num(r["wall_s"]) or 0) > 0)
        want = round(1 / float(interval))
        # The label says what was counted: an old run's figure is requests.
        what = "hand-overs" if count == "gil_handovers" else "drop requests"
        out.append({"check": f"gil {what} per second at {interval}s interval", "measured": rate,
                    "target": f"{want} +- 50%", "lo": 0.5 * want, "hi": 1.5 * want})
    return out
