"""At a glance: the handful of facts a reader wants before the 20-odd
sections below, each computed from this run (summary.csv, checks.csv,
the experiments' data when present): the best speedup of each mode on the
CPU-bound kernels at the core count, what the GIL did to them, what it did
not do to waiting, and how many of the suite's checks held."""
import os
import textwrap

import rundata
from markdown import fx, heading, join_and, plural


def _cpu_speedups(s, cores):
    """{mode: (median speedup over the CPU-bound kernels, kernels)} at the
    worker count nearest the core count."""
    kernels = rundata.cpu_kernels(s)
    workers = rundata.walltime_workers(s, cores)
    out = {}
    for mode in s.modes(lambda c: c.mode != "seq"):
        values = [s.speedup(k, mode, workers) for k in kernels]
        values = [v for v in values if v is not None]
        if values:
            out[mode] = rundata.median(values)
    return workers, kernels, out


def render(run_dir: str) -> str:
    bullets = []
    info = rundata.meta(run_dir)
    cores = rundata.online_cores(info)
    s = rundata.summary(run_dir)
    if s is not None and rundata.cpu_kernels(s):
        workers, kernels, speedups = _cpu_speedups(s, cores)
        if speedups:
            best = max(speedups, key=speedups.get)
            bullets.append(f"CPU-bound work ({join_and(kernels)}), {plural(workers, 'worker')}: "
                           + ("the median speedup over the kernels was " if len(kernels) > 1 else "the speedup was ")
                           + ", ".join(f"{fx(v)} with `{m}`" for m, v in speedups.items())
                           + f"; `{best}` was fastest.")
        if "gil" in speedups and "threads" in speedups:
            bullets.append(f"The simulated GIL held threads to {fx(speedups['gil'])} where the same threads "
                           f"without it reached {fx(speedups['threads'])}.")
    if s is not None and s.get("sleep", "gil", max(s.workers("sleep") or [0])):
        w = max(s.workers("sleep"))
        v = s.speedup("sleep", "gil", w)
        if v is not None:
            bullets.append(f"Waiting is different: {plural(w, 'thread')} that sleep under the GIL ran "
                           f"{fx(v)} faster than one, because a waiting thread releases the lock.")
    measured = rundata.measured_cores(info)
    if measured is not None:
        bullets.append(f"The machine gave {info['measured_cores']} of its {plural(cores, 'core')} "
                       f"when the run started (measured_cores).")
    checks = os.path.join(run_dir, "checks.csv")
    if os.path.isfile(checks):
        verdicts = [r["verdict"] for r in rundata.rows(checks, ("verdict",), "report.py")]
        ok, missed = verdicts.count("ok"), verdicts.count("MISSED")
        if ok + missed:
            bullets.append(f"{ok} of {ok + missed} checks with a target held"
                           + (f"; {missed} MISSED (see Checks at the end)" if missed else "") + ".")
    if not bullets:
        return ""
    items = "".join(textwrap.fill(b, 100, initial_indent="- ", subsequent_indent="  ") + "\n" for b in bullets)
    return heading("At a glance") + items + "\n"
