"""CPU- and I/O-bound work in CPython, timed with a plain loop, with threads
and with a multiprocessing pool: gilbench's own Python, written in the style
of the tutorials' programs (not copied from them).

gilbench simulates CPython's GIL; this script measures the real one on the
same machine so the two can be compared, the way gilbench measures: the
loop, threads and pool repetitions interleaved (each round starts one
configuration later, so no configuration always runs first), medians with
a distribution-free interval, and the same flags on impossible or suspect
results.  Output: CSV rows on stdout,
  kernel,mode,workers,items,rep,wall_s
and with --summary FILE one row per configuration (see summarize()).
The work is split into the same number of tasks in every mode, and each
mode's answer is checked against the plain loop's.  The thread pools and
process pools are started before the clock and reused by every repetition
(start_executors), so the figures are the GIL's and the pickling's, not
the cost of starting a Pool.

With --pool-cost N it measures instead what multiprocessing.Pool costs per
task, the figure `gilbench pool` puts its own queues next to:
  Pool(workers).map(is_prime, range(1, N + 1), chunksize=1)
on a pool already running and warmed by a first map, per start method:
  start,workers,tasks,rep,wall_s,us_per_task
"""
import argparse
import math
import multiprocessing
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor

# The thresholds of gilbench's harness/lib/measurement/stats.h, so a flag means the
# same thing on both sides.
TOL_WORKERS, TOL_CORES, TOL_GIL = 0.05, 0.10, 0.05
MAX_SPREAD, MAX_DRIFT, CONFIDENCE = 0.25, 0.10, 0.95
CPU_BOUND = {"primes", "sumsq"}


def count_primes(bounds):
    begin, end = bounds
    found = 0
    for n in range(begin + 1, end + 1):  # item i is the number i + 1, as in gilbench
        if n < 2:
            continue
        if n % 2 == 0:
            found += n == 2
            continue
        d = 3
        prime = True
        while d * d <= n:
            if n % d == 0:
                prime = False
                break
            d += 2
        found += prime
    return found


def sum_squares(bounds):
    begin, end = bounds
    return sum(i * i for i in range(begin + 1, end + 1)) % 2**64


def sleep_ms(bounds):
    begin, end = bounds
    for _ in range(begin, end):
        time.sleep(0.001)  # releases the GIL while it waits
    return end - begin


def is_prime(n):
    """One task of the per-task cost: a number, trial division."""
    return count_primes((n - 1, n))


KERNELS = {"primes": count_primes, "sumsq": sum_squares, "sleep": sleep_ms}


def split(items, tasks):
    """The same split as gilbench's task_range: sizes differ by at most one."""
    base, extra = divmod(items, tasks)
    out, begin = [], 0
    for t in range(tasks):
        end = begin + base + (1 if t < extra else 0)
        out.append((begin, end))
        begin = end
    return out


def start_executors(configs):
    """A thread pool and a process pool per configuration, started before
    any timing and reused by every repetition, as a program that keeps its
    pool for all its work does: starting a Pool (forking its workers and
    bringing them up, tens of milliseconds) is lesson 03's subject, not the
    GIL's.  Each is warmed with one task per worker."""
    executors = {}
    for mode, w in configs:
        if mode == "threads":
            executors[(mode, w)] = ThreadPoolExecutor(max_workers=w)
            list(executors[(mode, w)].map(time.sleep, [0] * w))
        elif mode == "pool":
            executors[(mode, w)] = multiprocessing.get_context("fork").Pool(w)
            executors[(mode, w)].map(time.sleep, [0] * w, chunksize=1)
    return executors


def stop_executors(executors):
    for ex in executors.values():
        if isinstance(ex, ThreadPoolExecutor):
            ex.shutdown()
        else:
            ex.close()
            ex.join()


def run(kernel, mode, workers, pieces, executors):
    fn = KERNELS[kernel]
    if mode == "seq":
        return [fn(p) for p in pieces]
    if mode == "threads":
        return list(executors[(mode, workers)].map(fn, pieces))
    if mode == "pool":
        return executors[(mode, workers)].map(fn, pieces, chunksize=1)
    raise ValueError(mode)


def pool_cost(tasks, workers, reps):
    """Per-task cost of Pool.map with chunksize=1.  'forkserver' is the
    default start method on Linux since CPython 3.14; 'fork' was before."""
    numbers = range(1, tasks + 1)
    expected = count_primes((0, tasks))
    print("start,workers,tasks,rep,wall_s,us_per_task")
    for rep in range(1, reps + 1):
        for start in ("fork", "forkserver"):
            with multiprocessing.get_context(start).Pool(workers) as pool:
                pool.map(is_prime, range(1, tasks // 10 + 2), chunksize=1)  # warm-up
                t0 = time.perf_counter()
                found = sum(pool.map(is_prime, numbers, chunksize=1))
                wall = time.perf_counter() - t0
            if found != expected:
                sys.exit(f"cpython_bench.py: Pool.map found {found} primes, expected {expected}")
            print(f"{start},{workers},{tasks},{rep},{wall:.6f},{wall / tasks * 1e6:.4f}", flush=True)


def median(values):
    v = sorted(values)
    n = len(v)
    return v[n // 2] if n % 2 else 0.5 * (v[n // 2 - 1] + v[n // 2])


def median_ci(values, confidence=CONFIDENCE):
    """[x(k), x(n+1-k)] covers the median with probability 1 - 2 P(B <= k-1),
    B ~ Binomial(n, 1/2): the narrowest pair reaching `confidence`, else
    [min, max] with the level it reaches (stats_median_ci in lib/measurement/stats.c)."""
    v = sorted(values)
    n = len(v)
    cdf = lambda k: sum(math.comb(n, i) for i in range(k + 1)) / 2**n
    best, level = 1, 1 - 2 * cdf(0) if n > 1 else 0.0
    for k in range(1, (n + 1) // 2 + 1):
        lv = 1 - 2 * cdf(k - 1)
        if lv + 1e-12 < confidence:
            break
        best, level = k, lv
    return v[best - 1], v[n - best], level


def outliers(values):
    """Tukey's fences with type-7 quartiles, as stats_count_outliers."""
    v = sorted(values)
    def q(p):
        h = (len(v) - 1) * p
        lo = math.floor(h)
        return v[-1] if lo + 1 >= len(v) else v[lo] + (h - lo) * (v[lo + 1] - v[lo])
    q1, q3 = q(0.25), q(0.75)
    return sum(x < q1 - 1.5 * (q3 - q1) or x > q3 + 1.5 * (q3 - q1) for x in v)


def summarize(kernel, walls, cores):
    """One row per configuration: median, its interval, speedup and its
    interval against the loop, outliers, and the flags with their reasons."""
    ordered = [t for _, t in sorted(walls[("seq", 1)])]  # seq's walls in the order measured
    s_lo, s_hi, _ = median_ci(ordered)
    half = len(ordered) // 2
    drift = (abs(median(ordered[-half:]) - median(ordered[:half])) / median(ordered)
             if half else float("nan"))
    rows = []
    for (mode, w), reps in walls.items():
        times = [t for _, t in reps]
        med, (lo, hi, level) = median(times), median_ci(times)
        speedup = median(ordered) / med
        reasons = []
        if speedup > w * (1 + TOL_WORKERS):
            reasons.append(f"speedup {speedup:.2f}x > {w} workers")
        if kernel in CPU_BOUND and speedup > max(1.0, cores) * (1 + TOL_CORES):
            reasons.append(f"speedup {speedup:.2f}x > {max(1.0, cores):.2f} cores")
        if kernel in CPU_BOUND and mode == "threads" and speedup > 1 + TOL_GIL:
            reasons.append(f"speedup {speedup:.2f}x > 1 under a GIL")
        if (max(times) - min(times)) / med > MAX_SPREAD:
            reasons.append(f"spread {100 * (max(times) - min(times)) / med:.0f}% of median")
        if drift > MAX_DRIFT:
            reasons.append(f"seq drifted {100 * drift:.0f}%")
        rows.append([kernel, mode, w, len(times), f"{med:.6f}", f"{lo:.6f}", f"{hi:.6f}",
                     f"{level:.4f}", f"{speedup:.4f}", f"{s_lo / hi:.4f}", f"{s_hi / lo:.4f}",
                     outliers(times), "; ".join(reasons)])
    return rows


SUMMARY_HEADER = ("kernel,mode,workers,n,median_s,median_lo_s,median_hi_s,median_ci_level,"
                  "speedup,speedup_lo,speedup_hi,outliers,flag")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kernel", choices=sorted(KERNELS))
    ap.add_argument("--items", type=int)
    ap.add_argument("--pool-cost", type=int, metavar="N",
                    help="measure Pool.map's per-task cost over N one-number tasks instead")
    ap.add_argument("--workers", default="2,4")
    ap.add_argument("--tasks", type=int, default=64)
    ap.add_argument("--reps", type=int, default=6)
    ap.add_argument("--summary", help="write one row per configuration here (CSV)")
    args = ap.parse_args()
    if args.pool_cost is not None:
        if args.pool_cost < 100 or args.reps < 1:
            sys.exit("cpython_bench.py: --pool-cost must be >= 100 and --reps >= 1")
        pool_cost(args.pool_cost, int(args.workers.split(",")[0]), args.reps)
        return
    if args.kernel is None or args.items is None:
        sys.exit("cpython_bench.py: --kernel and --items are required (or --pool-cost N)")
    if args.items < args.tasks or args.reps < 1:
        sys.exit("cpython_bench.py: --items must be >= --tasks and --reps >= 1")
    workers = [int(w) for w in args.workers.split(",")]
    pieces = split(args.items, args.tasks)
    reference = None
    configs = [("seq", 1)] + [(m, w) for m in ("threads", "pool") for w in workers]
    walls = {c: [] for c in configs}
    executors = start_executors(configs)
    print("kernel,mode,workers,items,rep,wall_s")
    for rep in range(1, args.reps + 1):
        # Interleaved, like gilbench sweep, and rotated: a configuration
        # that always ran right after the pool's teardown, say, would carry
        # that cost in every repetition.
        shift = (rep - 1) % len(configs)
        for mode, w in configs[shift:] + configs[:shift]:
            t0 = time.perf_counter()
            answer = sum(run(args.kernel, mode, w, pieces, executors))
            wall = time.perf_counter() - t0
            if reference is None:
                reference = answer
            elif answer != reference:
                sys.exit(f"cpython_bench.py: {mode} with {w} workers gave {answer}, seq {reference}")
            walls[(mode, w)].append((time.perf_counter(), wall))
            print(f"{args.kernel},{mode},{w},{args.items},{rep},{wall:.6f}", flush=True)
    stop_executors(executors)
    if args.summary:
        cores = len(os.sched_getaffinity(0))
        with open(args.summary, "w") as f:
            print(SUMMARY_HEADER, file=f)
            for row in summarize(args.kernel, walls, cores):
                print(",".join(str(x) for x in row), file=f)


if __name__ == "__main__":
    main()
