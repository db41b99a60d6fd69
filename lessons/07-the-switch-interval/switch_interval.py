"""Two CPU-bound threads under CPython's real GIL at several switch
intervals: how often the GIL changes hands, and what it costs.

    python3 switch_interval.py            # about 6 s
    python3 switch_interval.py --quick    # about 2 s

Each thread counts up in a loop and, at every step, notes whether the other
thread was the last one to step: a change means the GIL was handed over in
between.  Hand-overs per second should follow 1 / interval, while the total
time stays that of one thread doing all the steps (the GIL lets only one run
at a time).  gilbench's `gil` mode (run.sh beside this file) simulates the
same lock in C and counts the hand-overs itself.
"""
# lesson-test: --quick
import argparse
import sys
import threading
import time


def race(steps):
    """Two threads, `steps` loop steps each; returns (wall seconds, hand-overs)."""
    last = [None]
    handovers = [0, 0]

    def worker(me):
        seen = 0
        for _ in range(steps):
            if last[0] != me:
                seen += 1
                last[0] = me
        handovers[me] = seen

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(2)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - start, sum(handovers) - 1  # the first step is no hand-over


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer intervals, shorter runs")
    args = parser.parse_args()
    intervals = [0.0001, 0.001, 0.005] if args.quick else [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05]
    steps = 1_500_000 if args.quick else 4_000_000
    default = sys.getswitchinterval()
    print(f"default switch interval: {default * 1000:g} ms")
    print(f"{'interval':>10} {'wall':>8} {'hand-overs':>11} {'per second':>11} {'1/interval':>11}")
    try:
        for interval in intervals:
            sys.setswitchinterval(interval)
            wall, handovers = race(steps)
            print(f"{interval * 1000:8g} ms {wall:7.3f}s {handovers:11d} {handovers / wall:11.0f} {1 / interval:11.0f}")
    finally:
        sys.setswitchinterval(default)


if __name__ == "__main__":
    main()
