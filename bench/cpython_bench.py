"""The tutorials' own programs, timed: CPU- and I/O-bound work in CPython
with a plain loop, with threads, and with a multiprocessing pool.

gilbench simulates CPython's GIL; this script measures the real one on the
same machine so the two can be compared.  Output: CSV rows on stdout,
  kernel,mode,workers,items,rep,wall_s
The work is split into the same number of tasks in every mode, and each
mode's answer is checked against the plain loop's.

With --pool-cost N it measures instead what multiprocessing.Pool costs per
task, the figure `gilbench pool` puts its own queues next to:
  Pool(workers).map(is_prime, range(1, N + 1), chunksize=1)
on a pool already running and warmed by a first map, per start method:
  start,workers,tasks,rep,wall_s,us_per_task
"""
import argparse
import math
import multiprocessing
import sys
import time
from concurrent.futures import ThreadPoolExecutor


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


def run(kernel, mode, workers, pieces):
    fn = KERNELS[kernel]
    if mode == "seq":
        return [fn(p) for p in pieces]
    if mode == "threads":
        with ThreadPoolExecutor(max_workers=workers) as ex:
            return list(ex.map(fn, pieces))
    if mode == "pool":
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return pool.map(fn, pieces, chunksize=1)
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


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kernel", choices=sorted(KERNELS))
    ap.add_argument("--items", type=int)
    ap.add_argument("--pool-cost", type=int, metavar="N",
                    help="measure Pool.map's per-task cost over N one-number tasks instead")
    ap.add_argument("--workers", default="2,4")
    ap.add_argument("--tasks", type=int, default=64)
    ap.add_argument("--reps", type=int, default=3)
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
    print("kernel,mode,workers,items,rep,wall_s")
    for rep in range(1, args.reps + 1):
        for mode, w in configs:  # interleaved, like gilbench sweep
            t0 = time.perf_counter()
            answer = sum(run(args.kernel, mode, w, pieces))
            wall = time.perf_counter() - t0
            if reference is None:
                reference = answer
            elif answer != reference:
                sys.exit(f"cpython_bench.py: {mode} with {w} workers gave {answer}, seq {reference}")
            print(f"{args.kernel},{mode},{w},{args.items},{rep},{wall:.6f}", flush=True)


if __name__ == "__main__":
    main()
