"""Uneven tasks on a multiprocessing.Pool: how chunksize decides who waits.

    python3 uneven_chunks.py            # about 8 s
    python3 uneven_chunks.py --quick    # about 2 s

Counting primes by trial division costs more for larger numbers, so of 64
tasks over [0, N) the later ones are heavier.  Pool.map cuts the 64 tasks
into chunks of `chunksize`; a worker takes a whole chunk at a time.  With
chunks of 32 on 2 workers, one worker gets the light half and the other the
heavy half; with chunks of 1 the worker that finishes first takes the next
task.  Without chunksize, Pool.map uses its own rule (Pool._map_async in
Lib/multiprocessing/pool.py): len(tasks) / (4 * workers), rounded up.
gilbench's pool mode (run.sh beside this file) does the same in C.
"""
# lesson-test: --quick
import argparse
import multiprocessing
import time

TASKS = 64
WORKERS = 2


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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smaller range")
    args = parser.parse_args()
    limit = 120_000 if args.quick else 400_000
    step = limit // TASKS
    tasks = [(i * step, (i + 1) * step) for i in range(TASKS)]
    default, extra = divmod(TASKS, WORKERS * 4)
    default += bool(extra)

    start = time.perf_counter()
    expected = sum(map(count_primes, tasks))
    seq = time.perf_counter() - start
    print(f"{'plain loop':<22} {seq:6.2f} s   1.00x")
    with multiprocessing.get_context("fork").Pool(WORKERS) as pool:
        pool.map(abs, range(WORKERS))  # workers up before the clock
        for chunksize in (32, default, 1):
            start = time.perf_counter()
            found = sum(pool.map(count_primes, tasks, chunksize=chunksize))
            wall = time.perf_counter() - start
            assert found == expected
            label = f"chunksize {chunksize}" + (" (default)" if chunksize == default else "")
            print(f"{label:<22} {wall:6.2f} s   {seq / wall:.2f}x")


if __name__ == "__main__":
    main()
