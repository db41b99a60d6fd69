"""What checkpoint() costs a kernel that runs alone (seq): the same kernel
built with the hooks and without (bin/gilbench-nohooks).  Time, alternated
between the two binaries (checks/hooks.csv), is information only: code
placement alone moves a tight loop by several percent either way.  The
verdict counts instructions executed inside the kernel, which placement
cannot change (callgrind, checks/hooks_instructions.csv; not in QUICK)."""
import os

import rundata

WHO = "bench/checks/hook_cost.py"


def checks(run_dir: str) -> list:
    times = os.path.join(run_dir, "checks", "hooks.csv")
    if not os.path.isfile(times):
        return []
    rows = rundata.read_csv(times, ("kernel", "build", "compute_s"), WHO)
    counts_path = os.path.join(run_dir, "checks", "hooks_instructions.csv")
    counts = {}
    if os.path.isfile(counts_path):
        counts = {r["kernel"]: r for r in rundata.read_csv(
            counts_path, ("kernel", "instructions_hooks", "instructions_nohooks"), WHO)}
    out = []
    for kernel in dict.fromkeys(r["kernel"] for r in rows):
        def median(build, kernel=kernel):
            return rundata.median(rundata.num(r["compute_s"]) for r in rows
                                  if r["kernel"] == kernel and r["build"] == build)
        slower = rundata.ratio(median("hooks"), median("nohooks"))
        out.append({"check": f"{kernel} checkpoint hook cost in seq: time (%)",
                    "measured": None if slower is None else 100 * (slower - 1), "digits": 2,
                    "target": "placement noise +-5%", "lo": None, "hi": None})
        name = f"{kernel} checkpoint hook cost in seq: instructions (%)"
        if kernel not in counts:
            out.append({"check": name, "measured": None, "lo": None, "hi": None,
                        "target": "<= 2 (not measured: QUICK skips valgrind)"})
            continue
        more = rundata.ratio(rundata.num(counts[kernel]["instructions_hooks"]),
                             rundata.num(counts[kernel]["instructions_nohooks"]))
        out.append({"check": name, "measured": None if more is None else 100 * (more - 1), "digits": 3,
                    "target": "<= 2", "lo": -100.0, "hi": 2.0})
    return out
