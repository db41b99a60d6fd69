"""Bench checks of issue 9, numbers you can trust (bench/bench.sh's
`--- trust ---` block and its switch-interval runs write the data).

checks(run_dir) returns one dict per check:
  {"check", "measured", "target", "lo", "hi"}; lo/hi None: information.
Every figure is a ratio measured inside this run; columns are read by name.
A part whose data the run lacks gives no rows (bench/verdicts.py's contract).
"""
import os
import statistics

from rundata import csv_rows, num

CPU_KERNELS = ("primes", "sumsq", "sqrtsum", "pi", "mandelbrot")


def _check(name, measured, target, lo=None, hi=None):
    return {"check": name, "measured": measured, "target": target, "lo": lo, "hi": hi}


def handover_checks(run_dir):
    """Hand-overs per switch interval with 2 CPU-bound threads: forced
    switching hands the GIL over about once per interval (CPython's
    switch_number counts them; gil_handovers here)."""
    out = []
    for si in ("0.005", "0.001"):
        runs = csv_rows(os.path.join(run_dir, "checks", f"switch-interval-{si}", "runs.csv"))
        if not runs or "gil_handovers" not in runs[0]:
            continue  # no such run, or one made before hand-overs were counted
        rates = [num(r.get("gil_handovers")) / num(r["wall_s"]) for r in runs
                 if num(r.get("gil_handovers")) is not None and (num(r.get("wall_s")) or 0) > 0]
        measured = round(statistics.median(rates) * float(si), 3) if rates else None
        out.append(_check(f"gil hand-overs per switch interval at {si}s, 2 workers", measured,
                          "1 +- 25%", 0.75, 1.25))
    # With 4 workers, 3 threads wait.  A waiter asks for a drop only when
    # its timed wait ran out AND the switch number is still the one it saw
    # when it began waiting (take_gil in CPython's Python/ceval_gil.c), and
    # the signal of a release wakes one waiter: the others' waits began
    # before the switch, so when they time out they see a new switch number
    # and do not ask.  So the waiters do not pile up requests: every drop
    # request ends in a hand-over (FORCE_SWITCHING), and the hand-overs
    # beyond them are the threads' first takes and final releases, at most
    # two per worker.  (The idea that drop requests outnumber hand-overs
    # with 3 or more waiters is what this measures, and it does not hold.)
    runs = csv_rows(os.path.join(run_dir, "trust", "gil4", "runs.csv"))
    if not runs:
        return out
    drops = sum(num(r.get("gil_drop_requests")) or 0 for r in runs)
    handovers = sum(num(r.get("gil_handovers")) or 0 for r in runs)
    workers = 4 * len(runs)
    out.append(_check("gil 4 workers: hand-overs - drop requests (first takes, final releases)",
                      handovers - drops, f"0 to {2 * workers}", 0.0, 2.0 * workers))
    out.append(_check("gil 4 workers: drop requests / hand-overs",
                      round(drops / handovers, 3) if handovers > 0 else None,
                      "information", None, None))
    return out


def legacy_checks(run_dir):
    """gil-legacy at 2 workers on the CPU kernels.  Each kernel's checkpoints
    weigh the ticks their work is worth on this machine, measured before
    the runs (legacy_ticks.csv), so 100 ticks, one release, stand for the
    same work in every kernel: the seq time between two releases agrees
    (a weight gone wrong shows here), and so should the slowdowns."""
    dirs = [os.path.join(run_dir, "trust", d) for d in ("legacy", "legacy-primes")]
    summary = [r for d in dirs for r in csv_rows(os.path.join(d, "summary.csv"))]
    runs = [r for d in dirs for r in csv_rows(os.path.join(d, "runs.csv"))]
    if not summary:
        return []
    seq = {r["kernel"]: num(r["median_s"]) for r in summary if r["mode"] == "seq"}
    # The work itself: seq's fastest repetition, the one a slow spell of
    # the machine touched least (the weights are settled the same way).
    seq_work = {r["kernel"]: num(r["min_s"]) for r in summary if r["mode"] == "seq"}
    slow, per_release = {}, {}
    for r in summary:
        if r["mode"] == "gil-legacy" and r["workers"] == "2" and seq.get(r["kernel"]):
            slow[r["kernel"]] = num(r["median_s"]) / seq[r["kernel"]]
    for k in CPU_KERNELS:
        releases = [num(r["gil_acquisitions"]) for r in runs
                    if r["kernel"] == k and r["mode"] == "gil-legacy" and num(r["gil_acquisitions"])]
        if releases and seq_work.get(k):
            per_release[k] = seq_work[k] / statistics.median(releases) * 1e6
    out = [_check(f"gil-legacy 2 workers: seq work between two releases (us): {k}",
                  round(per_release[k], 2) if k in per_release else None, "information")
           for k in CPU_KERNELS]
    if len(per_release) == len(CPU_KERNELS):
        values = list(per_release.values())
        out.append(_check("gil-legacy 2 workers: seq work between two releases: max / min over CPU kernels",
                          round(max(values) / min(values), 3), "<= 1.2 (a tick is the same work)",
                          1.0, 1.2))
    out += [_check(f"gil-legacy 2 workers slowdown: {k}", round(slow[k], 3) if k in slow else None,
                   "information") for k in CPU_KERNELS]
    values = [slow[k] for k in CPU_KERNELS if k in slow]
    spread = round(max(values) - min(values), 3) if len(values) == len(CPU_KERNELS) else None
    out.append(_check("gil-legacy 2 workers slowdown: max - min over CPU kernels", spread,
                      "<= 0.1", 0.0, 0.1))
    return out


def flag_checks(run_dir):
    """How much of the main sweep was flagged or re-measured."""
    summary = csv_rows(os.path.join(run_dir, "summary.csv"))
    if not summary or "flag" not in summary[0]:
        return _granularity_flags(run_dir)
    flagged = [r for r in summary if r["flag"]]
    remeasured = [r for r in summary if (num(r.get("remeasured")) or 0) > 0]
    out = [_check("sweep rows flagged suspect (of %d)" % len(summary), len(flagged), "information"),
           _check("sweep rows re-measured (of %d)" % len(summary), len(remeasured), "information")]
    impossible = [r for r in flagged if "workers" in r["flag"] or "cores" in r["flag"]
                  or "under a GIL" in r["flag"]]
    out.append(_check("sweep rows with an impossible speedup", len(impossible), "0 on an idle machine"))
    return out + _granularity_flags(run_dir)


def _granularity_flags(run_dir):
    gran = csv_rows(os.path.join(run_dir, "granularity", "granularity.csv"))
    if not gran or "flag" not in gran[0]:
        return []
    bad = [r for r in gran if "workers" in r["flag"] or "cores" in r["flag"] or "under a GIL" in r["flag"]]
    return [_check(f"granularity rows with an impossible speedup (of {len(gran)})", len(bad),
                   "0 on an idle machine")]


def pin_checks(run_dir):
    """Pinned against unpinned (gilbench compare): the ratio of wall
    times and whether the difference is measurable."""
    out = []
    for r in csv_rows(os.path.join(run_dir, "trust", "pin", "compare.csv")):
        if r["mode"] == "seq":
            continue
        out.append(_check(f"{r['kernel']} {r['mode']} {r['workers']} workers: pinned / unpinned wall time",
                          num(r["ratio"]), f"information: {r['verdict']} (p = {r['p']})"))
    startup = {}
    for kind in ("unpinned", "pinned"):
        for r in csv_rows(os.path.join(run_dir, "trust", "pin", f"startup-{kind}", "startup.csv")):
            if r.get("parent_mib") == "0":
                startup[(kind, r["mechanism"])] = num(r["median_us"])
    for mech in ("thread", "fork"):
        a, b = startup.get(("unpinned", mech)), startup.get(("pinned", mech))
        if a and b:
            out.append(_check(f"{mech} start pinned / unpinned", round(b / a, 3),
                              f"information: {b:.1f} us pinned, {a:.1f} us unpinned"))
    return out


def checks(run_dir):
    return handover_checks(run_dir) + legacy_checks(run_dir) + flag_checks(run_dir) + pin_checks(run_dir)


if __name__ == "__main__":
    import sys
    for c in checks(sys.argv[1] if len(sys.argv) > 1 else "results/latest"):
        verdict = "info" if c["lo"] is None or c["hi"] is None else (
            "ok" if c["measured"] is not None and c["lo"] <= c["measured"] <= c["hi"] else "MISSED")
        print(f"{c['check']},{'' if c['measured'] is None else c['measured']},{c['target']},{verdict}")
