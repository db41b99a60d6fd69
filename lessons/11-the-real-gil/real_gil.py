"""The real GIL, measured from inside CPython: is it there, and what do
threads and a process pool gain against it on CPU-bound work?

    python3 real_gil.py            # about 8 s
    python3 real_gil.py --quick    # about 2 s

It prints the interpreter, whether this build has a GIL and whether it is
on (free-threaded builds, PEP 703, have sys._is_gil_enabled() since 3.13),
then the speedups of 2 threads and of a 2-process Pool over a plain loop on
prime counting, the work of bench/cpython_bench.py that run.sh sets beside
gilbench's simulation.  Both pools are started before the clock, as in
cpython_bench.py: this measures the GIL, not the start-up.
"""
# lesson-test: --quick
import argparse
import multiprocessing
import sys
import sysconfig
import time
from concurrent.futures import ThreadPoolExecutor

TASKS = 64


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


def gil_state():
    free_threaded = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
    if not free_threaded:
        return "this build has a GIL (the default build)"
    enabled = sys._is_gil_enabled()  # exists in free-threaded builds, 3.13+
    return f"free-threaded build; the GIL is {'on (PYTHON_GIL=1 or an extension asked)' if enabled else 'off'}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smaller range")
    args = parser.parse_args()
    limit = 100_000 if args.quick else 400_000
    step = -(-limit // TASKS)
    tasks = [(i, min(i + step, limit)) for i in range(0, limit, step)]
    print(f"Python {sys.version.split()[0]}: {gil_state()}")

    start = time.perf_counter()
    expected = sum(map(count_primes, tasks))
    seq = time.perf_counter() - start
    with ThreadPoolExecutor(2) as threads, multiprocessing.get_context("fork").Pool(2) as pool:
        pool.map(abs, range(2))  # workers up before the clock
        for label, run in (("2 threads", lambda: sum(threads.map(count_primes, tasks))),
                           ("Pool of 2 processes", lambda: sum(pool.map(count_primes, tasks, chunksize=1)))):
            start = time.perf_counter()
            assert run() == expected
            wall = time.perf_counter() - start
            print(f"{label:<20} {seq / wall:.2f}x over the plain loop ({seq:.2f} s)")


if __name__ == "__main__":
    main()
