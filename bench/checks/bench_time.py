"""`make bench` within its budget: 180 s, 20 s with QUICK=1 (the sweep's
meta says which: its options hold --quick).  The time is the last phase
end in bench_phases.csv (the charts; the checks and report follow)."""
import os

import rundata


def checks(run_dir: str) -> list:
    path = os.path.join(run_dir, "bench_phases.csv")
    if not os.path.isfile(path):
        return []
    ends = [rundata.num(r["end_s"]) for r in rundata.read_csv(path, ("phase", "end_s"), "bench/checks/bench_time.py")]
    quick = "--quick" in rundata.meta(run_dir).get("options", "").split()
    budget = 20 if quick else 180
    elapsed = max((e for e in ends if e is not None), default=None)
    return [{"check": "make bench wall time (s)", "measured": elapsed, "digits": 0,
             "target": f"<= {budget}", "lo": 0.0, "hi": float(budget)}]
