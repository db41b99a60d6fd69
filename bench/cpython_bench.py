"""The tutorials' own programs, timed: CPU- and I/O-bound work in CPython
with a plain loop, with threads, and with a multiprocessing pool.

gilbench simulates CPython's GIL; this script measures the real one on the
same machine so the two can be compared.  Output: CSV rows on stdout,
  kernel,mode,workers,items,rep,wall_s
The work is split into the same number of tasks in every mode, and each
mode's answer is checked against the plain loop's.
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


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kernel", required=True, choices=sorted(KERNELS))
    ap.add_argument("--items", type=int, required=True)
    ap.add_argument("--workers", default="2,4")
    ap.add_argument("--tasks", type=int, default=64)
    ap.add_argument("--reps", type=int, default=3)
    args = ap.parse_args()
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
