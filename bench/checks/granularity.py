"""The break-even task size (breakeven.csv, beside granularity.csv):
threads pay off at smaller tasks than fork, which must start processes
and pipe the results back."""
import os

import rundata

WHO = "bench/checks/granularity.py"


def checks(run_dir: str) -> list:
    granularity = rundata.experiment_csv(run_dir, "granularity")
    if granularity is None:
        return []
    path = os.path.join(os.path.dirname(granularity), "breakeven.csv")
    rows = rundata.read_csv(path, ("mode", "breakeven_task_us"), WHO) if os.path.isfile(path) else []
    point = {r["mode"]: r["breakeven_task_us"] for r in rows}
    t, f = point.get("threads", ""), point.get("fork", "")
    ok = rundata.num(t) is not None and rundata.num(f) is not None and rundata.num(t) < rundata.num(f)
    return [{"check": "break-even task us: threads vs fork", "measured": f"{t} vs {f}",
             "target": "threads smaller", "lo": None, "hi": None, "ok": ok}]
