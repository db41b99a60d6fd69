"""The tutorials' experiment in CPython: count primes with a plain loop, with
threads and with a process pool, and print each one's speedup.

    python3 primes_threads_vs_processes.py            # about 10 s
    python3 primes_threads_vs_processes.py --quick    # about 1 s

gilbench's `primes` kernel does the same work in C (trial division over
the same numbers, split into the same 64 tasks); its `gil` mode is the
simulation of what the threads below run into.
"""
# lesson-test: --quick
import argparse
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

TASKS = 64


def count_primes(bounds):
    """Primes in [begin, end) by trial division: pure CPU work."""
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


def tasks(limit):
    step = -(-limit // TASKS)
    return [(i, min(i + step, limit)) for i in range(0, limit, step)]


def timed(label, run, baseline=None):
    start = time.perf_counter()
    answer = run()
    wall = time.perf_counter() - start
    speedup = f"{baseline / wall:.2f}x" if baseline else "1.00x"
    print(f"{label:<22} {wall:7.3f} s  {speedup:>6}  ({answer} primes)")
    return wall


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the size")
    parser.add_argument("--workers", type=int, default=2, help="threads or processes (default 2)")
    args = parser.parse_args()
    limit = 50_000 if args.quick else 500_000
    work = tasks(limit)

    seq = timed("plain loop", lambda: sum(map(count_primes, work)))
    with ThreadPoolExecutor(args.workers) as threads:
        timed(f"{args.workers} threads", lambda: sum(threads.map(count_primes, work)), seq)
    # The pool is started before the clock: lesson 03 measures what starting it costs.
    with ProcessPoolExecutor(args.workers) as processes:
        list(processes.map(count_primes, [(0, 10)] * args.workers))
        timed(f"{args.workers} processes", lambda: sum(processes.map(count_primes, work)), seq)


# The guard matters: under the spawn and forkserver start methods each
# worker imports this file, and without it would start a pool of its own.
if __name__ == "__main__":
    main()
