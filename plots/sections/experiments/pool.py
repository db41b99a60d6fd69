"""plots/sections/pool.py - the report section of `gilbench pool`.

render(run_dir) returns Markdown computed from RUN/pool/*.csv (or RUN/*.csv
when the run directory is the pool's own): what one task costs with each
start method and queue next to the old round-trip pool (and CPython's Pool
when `make calibrate` measured it), when map, imap and imap_unordered hand
over their first result, what maxtasksperchild costs per replaced worker,
and which chunksize suits uneven work.  '' when the run has no pool data.
Medians of the repetitions; columns are read by name.
"""
import csv
import os
import statistics

import rundata


def _rows(path):
    if not os.path.exists(path):
        return []
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def _median(rows, column, **match):
    v = [float(r[column]) for r in rows if all(r[k] == str(x) for k, x in match.items())]
    return statistics.median(v) if v else None


def _us(x):
    if x is None:
        return "n/a"
    if x >= 1000:
        return f"{x / 1000:.1f} ms"
    return f"{x:.3g} µs"


def _cost_part(d):
    rows = _rows(os.path.join(d, "pool_cost.csv"))
    if not rows:
        return []
    tasks = rows[0]["tasks"]
    workers = rows[0]["workers"]
    out = [f"Each figure is one call of `map` over {tasks} one-number prime tests with chunksize 1 on "
           f"{workers} workers, the pool already running, divided by the task count (so it includes "
           "the prime test itself), median of the repetitions.", "",
           "| start | queue | µs per task |", "|---|---|---:|"]
    pairs = []
    for r in rows:
        if (r["start"], r["queue"]) not in pairs:
            pairs.append((r["start"], r["queue"]))
    for start, queue in pairs:
        out.append(f"| {start} | {queue} | {_median(rows, 'us_per_task', start=start, queue=queue):.3f} |")
    out.append("")
    old = _median(rows, "us_per_task", start="fork", queue="roundtrip")
    pipe = _median(rows, "us_per_task", start="fork", queue="pipe")
    shm = _median(rows, "us_per_task", start="fork", queue="shm")
    if old and pipe and shm:
        out.append(f"Handing out one chunk at a time, with a round trip through the parent for each "
                   f"(`roundtrip`, the pool before this one), costs {_us(old)} per task. Keeping the next "
                   f"chunks queued in the worker's pipe while it works, as CPython's task handler does, "
                   f"brings that to {_us(pipe)} ({pipe / old:.2f}x). With the shared-memory queue a task "
                   f"is one compare-and-swap on a shared counter and a result written into a shared slot: "
                   f"{_us(shm)} per task, {old / shm:.0f}x cheaper than the round trip.")
    cpy = _rows(os.path.join(d, "cpython_pool_cost.csv"))
    if cpy and shm:
        version = ""
        vpath = os.path.join(d, "cpython_version")
        if os.path.exists(vpath):
            version = open(vpath).read().strip() + " "
        c_fork = _median(cpy, "us_per_task", start="fork")
        c_fs = _median(cpy, "us_per_task", start="forkserver")
        out.append("")
        out.append(f"On the same machine {version}`Pool(2).map(is_prime, range(1, N + 1), chunksize=1)` costs "
                   f"{_us(c_fork)} per task with fork"
                   + (f" and {_us(c_fs)} with forkserver (the default on Linux since 3.14)" if c_fs else "")
                   + f": {c_fork / shm:.0f}x the shared-memory queue"
                   + (f", {c_fork / pipe:.0f}x the pipelined pipe." if pipe else "."))
    out.append("")
    return out


def _first_part(d):
    rows = _rows(os.path.join(d, "pool_first.csv"))
    order = _rows(os.path.join(d, "pool_order.csv"))
    if not rows:
        return []
    f = {m: _median(rows, "first_s", method=m) for m in ("map", "imap", "imap_unordered")}
    a = {m: _median(rows, "all_s", method=m) for m in ("map", "imap", "imap_unordered")}
    if None in f.values():
        return []
    out = ["**When results arrive.** Eight tasks, the first one slowest (it naps 1.5 times as long as "
           f"the others). `map` hands over nothing until all are done ({f['map'] * 1000:.0f} ms); `imap` "
           f"gives results in order as they come, so its first waits for the slow task 0 "
           f"({f['imap'] * 1000:.0f} ms); `imap_unordered` gives whichever finishes first "
           f"({f['imap_unordered'] * 1000:.0f} ms). All three finish together "
           f"({min(a.values()) * 1000:.0f} to {max(a.values()) * 1000:.0f} ms)."]
    first_rep = [r for r in order if r["method"] == "imap_unordered" and r["rep"] == "1"]
    if first_rep:
        seq = ", ".join(r["task"] for r in sorted(first_rep, key=lambda r: int(r["position"])))
        out[-1] += f" The order imap_unordered delivered them in (first repetition): {seq}."
    out.append("")
    return out


def _maxtasks_part(d):
    rows = _rows(os.path.join(d, "pool_maxtasks.csv"))
    if not rows:
        return []
    parts = []
    for start in ("fork", "spawn", "forkserver"):
        w0 = _median([r for r in rows if r["maxtasksperchild"] == "0"], "wall_s", start=start)
        with_rows = [r for r in rows if r["maxtasksperchild"] != "0"]
        w1 = _median(with_rows, "wall_s", start=start)
        n = _median(with_rows, "retirements", start=start)
        if w0 is not None and w1 is not None and n:
            parts.append(f"{start} {_us((w1 - w0) / n * 1e6)}")
    if not parts:
        return []
    limit = next(r["maxtasksperchild"] for r in rows if r["maxtasksperchild"] != "0")
    return [f"**maxtasksperchild={limit}** replaces each worker after {limit} tasks; what that adds per "
            f"replaced worker (extra time of the map / workers replaced): " + ", ".join(parts) + ".", ""]


def _chunks_part(d):
    rows = _rows(os.path.join(d, "pool_chunks.csv"))
    if not rows:
        return []
    out = []
    for queue in ("pipe", "shm"):
        sizes = sorted({int(r["chunksize"]) for r in rows if r["queue"] == queue})
        if not sizes:
            continue
        walls = {c: _median(rows, "wall_s", queue=queue, chunksize=c) for c in sizes}
        best = min(walls, key=walls.get)
        out.append(f"{queue}: chunksize 1 takes {walls[sizes[0]] * 1000:.0f} ms, the best ({best}) "
                   f"{walls[best] * 1000:.0f} ms, the largest ({sizes[-1]}) {walls[sizes[-1]] * 1000:.0f} ms")
    if not out:
        return []
    return [f"**Chunksize on uneven work** ({rows[0]['rows']} Mandelbrot rows, whose cost differs from row "
            "to row): " + "; ".join(out) + ". Small chunks pay the queue once per task; large ones can "
            "leave one worker with the expensive rows while the other idles.", ""]


def render(run_dir):
    d = rundata.experiment_dir(run_dir, "pool", "pool_cost.csv")
    if d is None:
        return ""
    out = ["## The process pool", ""]
    if os.path.exists(os.path.join(run_dir, "plots", "pool.png")):
        out += ["![The process pool: cost per task, first results, maxtasksperchild, chunksize]"
                "(plots/pool.png)", ""]
    out += _cost_part(d) + _first_part(d) + _maxtasks_part(d) + _chunks_part(d)
    return "\n".join(out).rstrip() + "\n"
