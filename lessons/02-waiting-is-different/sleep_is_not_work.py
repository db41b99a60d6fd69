#!/usr/bin/env python3
"""sleep_is_not_work.py - a tutorial's stand-in for work, and real work.

Many threading tutorials "simulate" a slow task with time.sleep(1) and show
that 4 threads finish 4 tasks in about 1 second instead of 4.  That proves
that threads overlap *waiting*: time.sleep() releases the GIL while it
blocks.  This script runs the same 4 tasks twice on a thread pool, once as
sleeps and once as a pure-Python loop that takes as long on one thread,
and prints both speedups over doing them one after another.

    python3 sleep_is_not_work.py [--quick]
"""
# lesson-test: --quick
import sys
import time
from concurrent.futures import ThreadPoolExecutor

TASKS = 4


def wait(seconds):
    time.sleep(seconds)  # blocks with the GIL released, like a socket read


def compute(n):
    total = 0
    for i in range(n):  # bytecode: needs the GIL all the time
        total += i * i
    return total


def loops_for(seconds):
    """The loop length that takes about `seconds` on one thread here."""
    n = 100_000
    while True:
        t0 = time.perf_counter()
        compute(n)
        took = time.perf_counter() - t0
        if took > 0.02:
            return int(n * seconds / took)
        n *= 2


def speedup(task, arg):
    t0 = time.perf_counter()
    for _ in range(TASKS):
        task(arg)
    one_by_one = time.perf_counter() - t0
    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=TASKS) as pool:
        list(pool.map(task, [arg] * TASKS))
    threaded = time.perf_counter() - t0
    return one_by_one, threaded


def main():
    seconds = 0.05 if "--quick" in sys.argv[1:] else 0.25
    n = loops_for(seconds)
    print(f"{TASKS} tasks of about {1000 * seconds:.0f} ms each, one after another and on {TASKS} threads")
    for name, task, arg in (("time.sleep (waiting)", wait, seconds), ("Python loop (computing)", compute, n)):
        seq, par = speedup(task, arg)
        print(f"  {name:24s} one by one {seq:6.3f} s   {TASKS} threads {par:6.3f} s   speedup {seq / par:.2f}x")
    print("The sleeps overlap; the loops take turns holding the GIL.")


if __name__ == "__main__":
    main()
