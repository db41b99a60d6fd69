"""Amdahl's law fitted to measured speedups.

    python3 amdahl_fit.py RUN_DIR            # fit a gilbench sweep: writes RUN_DIR/amdahl.csv
    python3 amdahl_fit.py --measure          # measure CPython processes first, then fit (~10 s)
    python3 amdahl_fit.py --measure --quick  # the same, smaller (~2 s)

Amdahl's law: if a fraction p of the work can run in parallel and the rest
cannot, n workers make it at most S(n) = 1 / ((1 - p) + p / n) times faster.
The fit finds the p whose curve is closest to the measured speedups (least
squares over p in [0, 1]).  It only uses worker counts up to the machine's
cores: above that the workers take turns on the cores, so the cores, not
p, limit the speedup, and the law (which assumes a core per worker) no
longer describes the machine.  `amdahl_cores` is the law with that limit
added: S = 1 / ((1 - p) + p / min(n, cores)).

With --measure, the job is the tutorials' kind: a serial part (reading
the input, done once, in the parent) and a parallel part (independent
tasks on a ProcessPoolExecutor), timed on 1, 2 and 4 processes.
"""
# lesson-test: --measure --quick
import argparse
import csv
import os
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor


def amdahl(p, n):
    return 1.0 / ((1.0 - p) + p / n)


def fit_p(points):
    """The p in [0, 1] minimising the squared distance between amdahl(p, n)
    and the measured speedups [(n, speedup), ...]: a grid of 1001 values,
    then a finer grid around the best (the error has one minimum in p)."""
    def error(p):
        return sum((amdahl(p, n) - s) ** 2 for n, s in points)
    best = min((i / 1000 for i in range(1001)), key=error)
    lo, hi = max(0.0, best - 0.001), min(1.0, best + 0.001)
    best = min((lo + (hi - lo) * i / 1000 for i in range(1001)), key=error)
    rmse = (error(best) / len(points)) ** 0.5
    return best, rmse


def read_meta(path):
    meta = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            key, sep, value = line.partition(":")
            if sep:
                meta[key.strip()] = value.strip()
    return meta


def fit_run(run_dir):
    """Fits every (kernel, mode) of RUN_DIR/summary.csv and writes
    RUN_DIR/amdahl.csv, one row per measured worker count."""
    cores = int(read_meta(os.path.join(run_dir, "meta"))["online_cores"])
    curves = {}
    with open(os.path.join(run_dir, "summary.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["mode"] == "seq":
                continue
            curves.setdefault((row["kernel"], row["mode"]), []).append(
                (int(row["workers"]), float(row["speedup"])))
    out = []
    for (kernel, mode), points in sorted(curves.items()):
        points.sort()
        fitted = [(n, s) for n, s in points if n <= cores]
        if not fitted:
            continue
        p, rmse = fit_p(fitted)
        for n, s in points:
            out.append({"kernel": kernel, "mode": mode, "p": f"{p:.4f}", "fit_workers": len(fitted),
                        "fit_rmse": f"{rmse:.4f}", "cores": cores, "workers": n, "measured_speedup": f"{s:.4f}",
                        "amdahl": f"{amdahl(p, n):.4f}", "amdahl_cores": f"{amdahl(p, min(n, cores)):.4f}"})
    path = os.path.join(run_dir, "amdahl.csv")
    with open(path + ".tmp", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(out[0]) if out else ["kernel"])
        writer.writeheader()
        writer.writerows(out)
    os.replace(path + ".tmp", path)  # whole or not at all
    print(f"{'kernel':<8} {'mode':<8} {'p':>6}  fitted on workers 1..{cores} (the cores)")
    seen = set()
    for r in out:
        if (r["kernel"], r["mode"]) not in seen:
            seen.add((r["kernel"], r["mode"]))
            print(f"{r['kernel']:<8} {r['mode']:<8} {float(r['p']):6.3f}")
    print(f"wrote {path}")


# ---- --measure: the same fit on CPython processes ---------------------------

def count_primes(bounds):
    begin, end = bounds
    found = 0
    for n in range(max(begin, 2), end):
        d = 2
        while d * d <= n:
            if n % d == 0:
                break
            d += 1
        else:
            found += 1
    return found


def job(pool, limit, serial_s):
    """One run: a serial part of serial_s seconds of Python work in the
    parent, then 64 prime-counting tasks on the pool."""
    end = time.perf_counter() + serial_s
    while time.perf_counter() < end:
        pass
    step = -(-limit // 64)
    return sum(pool.map(count_primes, [(i, min(i + step, limit)) for i in range(0, limit, step)]))


def timed_job(workers, limit, serial_s):
    """The median of 3 runs of job() on a pool of `workers` processes,
    started (and warmed) before the clock: lesson 03 measures that cost."""
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(count_primes, [(0, 10)] * workers))
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            job(pool, limit, serial_s)
            runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def measure(quick):
    limit = 60_000 if quick else 300_000
    cores = os.cpu_count() or 1
    # The serial part lasts a quarter of the parallel part on one process,
    # so one fifth of the one-process run is serial: p = 0.8 by construction.
    serial_s = timed_job(1, limit, 0.0) / 4
    walls = {n: timed_job(n, limit, serial_s) for n in (1, 2, 4)}
    points = [(n, walls[1] / walls[n]) for n in sorted(walls)]
    p, _ = fit_p([(n, s) for n, s in points if n <= cores])
    print(f"a job made 1/5 serial (p = 0.80 by construction), on {cores} cores: fitted p = {p:.2f}")
    for n, s in points:
        print(f"  {n} processes: {s:.2f}x measured, Amdahl {amdahl(p, n):.2f}x, "
              f"with the cores' limit {amdahl(p, min(n, cores)):.2f}x")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run_dir", nargs="?", help="a gilbench sweep's result directory")
    parser.add_argument("--measure", action="store_true", help="measure CPython processes and fit them")
    parser.add_argument("--quick", action="store_true", help="with --measure: smaller")
    args = parser.parse_args()
    if args.measure == bool(args.run_dir):
        parser.error("give RUN_DIR or --measure")
    if args.run_dir:
        fit_run(args.run_dir)
    else:
        measure(args.quick)
    return 0


if __name__ == "__main__":
    sys.exit(main())
