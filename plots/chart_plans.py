"""chart_plans.py - the gnuplot variables of the charts that need more
than their data files (charts.py names the function in Chart.plan).

Each plan(run, paths, notes) returns the drawings to make, as a list of
(output name, {gnuplot variable: value}); it appends to `notes` why a
chart is skipped.  The data files (by their DataFile.var), `out`,
`machine` and `cores` are added by render.py."""
import os

import rundata
from rundata import InputError, UsageError


def speedup(run, paths, notes):
    """speedup-KERNEL per kernel with a seq baseline (efficiency: the same)."""
    return _per_kernel(run, "speedup", notes)


def efficiency(run, paths, notes):
    return _per_kernel(run, "efficiency", None)


def _per_kernel(run, name, notes):
    s = rundata.summary(run, f"{name}.gp")
    out = []
    for k in s.kernels():
        def parallel(c, k=k):
            return c.kernel == k and c.mode != "seq"
        why = ""
        if not s.modes(parallel):
            why = f"only seq was measured for {k}"
        elif not s.modes(lambda c: parallel(c) and c.speedup is not None):
            why = (f"no seq baseline for {k} in this run (speedup is relative to seq measured in the "
                   f"same run)")
        if why:
            if notes is not None:
                notes.append(f"skipping speedup-{k} and efficiency-{k}: {why}")
            continue
        out.append((f"{name}-{k}", {
            "kernel": k,
            "modes": " ".join(s.modes(lambda c: parallel(c) and c.speedup is not None)),
            "workers": " ".join(str(w) for w in s.workers(k))}))
    return out


def walltime(run, paths, notes):
    """Wall time of every kernel and mode at one worker count (seq: 1)."""
    s = rundata.summary(run, "walltime.gp")
    at = rundata.walltime_workers(s, rundata.online_cores(rundata.meta(run)))

    def at_rows(c):
        return c.workers == (1 if c.mode == "seq" else at)
    kernels = list(dict.fromkeys(c.kernel for c in s.records if at_rows(c)))
    if not kernels:
        notes.append(f"skipping walltime: no configuration ran {at} workers")
        return []
    return [("walltime", {"at": at, "kernels": " ".join(kernels), "modes": " ".join(s.modes(at_rows))})]


def cpu_vs_io(run, paths, notes):
    """gil and threads on a CPU-bound kernel next to an I/O-bound one."""
    s = rundata.summary(run, "cpu_vs_io.gp")
    pair, why = rundata.cpu_vs_io_kernels(s)
    if pair is None:
        notes.append(f"skipping cpu_vs_io: {why}")
        return []
    cpu, io = pair
    modes = [m for m in ("gil", "gil-legacy", "threads")
             if rundata.has_speedup(s, cpu, m) and rundata.has_speedup(s, io, m)]
    workers = sorted({c.workers for c in s.records if c.kernel in pair and c.mode != "seq"})
    return [("cpu_vs_io", {"cpu": cpu, "io": io, "modes": " ".join(modes),
                           "workers": " ".join(str(w) for w in workers)})]


def timeline(run, paths, notes):
    """Both traces; the window from FROM_MS, WINDOW_MS, ZOOM_MS; the kernel
    of the run's first gil row for the title."""
    variables = {}
    for env in ("FROM_MS", "WINDOW_MS", "ZOOM_MS"):
        value = os.environ.get(env, "")
        if value:
            if not value.replace(".", "", 1).isdigit():
                raise UsageError(f"{env}: expected a number of milliseconds, got '{value}'")
            variables[env.lower()] = float(value)
    path = os.path.join(run, "summary.csv")
    if os.path.isfile(path) and {"kernel", "mode"} <= set(rundata.header(path)):
        kernel = next((r["kernel"] for r in rundata.read_csv(path) if r["mode"].startswith("gil")), "")
        if kernel:
            variables["kernel"] = kernel
    return [("timeline", variables)]


def calibration(run, paths, notes):
    """The CPython version (cpython_version beside calibration.csv) for the
    title, and the cores (meta's online_cores) for the ideal lines."""
    version = os.path.join(os.path.dirname(paths[0]), "cpython_version")
    variables = {}
    if os.path.isfile(version) and os.path.getsize(version) > 0:
        with open(version, encoding="utf-8") as f:
            variables["cpython"] = f.readline().rstrip("\n")
    meta = os.path.join(os.path.dirname(paths[0]), "meta")
    if os.path.isfile(meta):
        with open(meta, encoding="utf-8") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key.strip() == "online_cores" and value.strip().isdigit():
                    variables["cores"] = int(value.strip())
    return [("calibration", variables)]


def switch_interval(run, paths, notes):
    """The first gil kernel and worker count measured at several intervals."""
    selection = rundata.sweep_selection(rundata.Summary(paths[0], "switch_interval.gp"))
    if selection is None:
        raise InputError(f"{paths[0]} has no gil configuration measured at more than one switch "
                         f"interval (run: gilbench sweep -m gil --switch-interval 0.0001,0.001,0.01 -o DIR)")
    return [("switch_interval", {"kernel": selection[0], "workers": selection[1]})]
