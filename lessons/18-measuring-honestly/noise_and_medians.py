"""Noise, means and medians: the same Python function timed in three
batches, two on a quiet machine and one during which, for a moment, every
core gets a process spinning beside it (a short busy spell, like a
compiler job starting).  Prints each batch's mean, median and minimum.

    python3 noise_and_medians.py            # about 3 s
    python3 noise_and_medians.py --quick    # about 1 s

gilbench does the same on every measurement: repetitions after a warm-up,
interleaved across configurations, the median reported with an interval
(harness/lib/measurement/timing.c, harness/lib/measurement/stats.c).
"""
# lesson-test: --quick
import argparse
import multiprocessing
import os
import statistics
import time


def work(n):
    """Pure Python arithmetic: one core, no I/O."""
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def spin(seconds):
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


def batch(n, reps, busy_at=None, busy_s=0.0):
    """Wall times of `reps` calls of work(n); before call `busy_at`, two
    spinning processes per core start and run for busy_s seconds, so this
    process gets well under a core while they spin."""
    walls, spinners = [], []
    for i in range(reps):
        if i == busy_at:
            spinners = [multiprocessing.Process(target=spin, args=(busy_s,))
                        for _ in range(2 * (os.cpu_count() or 1))]
            for p in spinners:
                p.start()
        start = time.perf_counter()
        work(n)
        walls.append(time.perf_counter() - start)
    for p in spinners:
        p.join()
    return walls


def report(label, walls):
    ms = [w * 1000 for w in walls]
    print(f"{label:<34} mean {statistics.mean(ms):7.2f} ms   median {statistics.median(ms):7.2f} ms"
          f"   min {min(ms):7.2f} ms   max {max(ms):7.2f} ms")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smaller function")
    args = parser.parse_args()
    n = 150_000 if args.quick else 600_000
    reps = 15
    batch(n, 5)  # a warm-up batch: the first calls pay for page faults, caches, the clock speeding up
    one = statistics.median(batch(n, 3))
    quiet = batch(n, reps) + batch(n, reps)
    report("quiet batch 1", quiet[:reps])
    report("quiet batch 2", quiet[reps:])
    # Busy for about 4 calls' worth of time, starting at call 6 of 15.
    busy = batch(n, reps, busy_at=5, busy_s=4 * one)
    report("busy spell from call 6", busy)
    for name, stat in (("mean", statistics.mean), ("median", statistics.median), ("min", min), ("max", max)):
        print(f"busy against quiet: the {name:<6} moved by {100 * (stat(busy) / stat(quiet) - 1):+6.1f}%")
    print("A short spell slows a few calls a lot: it shows in the maximum and pulls the mean,")
    print("while the median of 15 moves only if more than half the calls were slowed.  How far")
    print("the two quiet medians differ is how much this machine moves with no spell at all.")


# The guard matters: under the spawn and forkserver start methods each
# spinner imports this file, and without it would run main() again.
if __name__ == "__main__":
    main()
