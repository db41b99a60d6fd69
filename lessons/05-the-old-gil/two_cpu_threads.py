#!/usr/bin/env python3
"""two_cpu_threads.py - David Beazley's 2009 experiment, on the GIL you have.

Count down from N once in one thread, then split the same work over two
threads.  On CPython 2 (the old GIL) on a multi-core machine the two
threads took markedly longer than one; since CPython 3.2's new GIL they
take about as long as one, never less (only one thread runs bytecode at
a time).  This script prints the ratio for the python3 that runs it.

    python3 two_cpu_threads.py [--quick]
"""
# lesson-test: --quick
import sys
import threading
import time


def count(n):
    while n > 0:
        n -= 1


def timed(threads):
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - t0


def main():
    n = 2_000_000 if "--quick" in sys.argv[1:] else 20_000_000
    one = min(timed([threading.Thread(target=count, args=(n,))]) for _ in range(3))
    two = min(timed([threading.Thread(target=count, args=(n // 2,)) for _ in range(2)]) for _ in range(3))
    print(f"Python {sys.version.split()[0]}, switch interval {sys.getswitchinterval() * 1000:g} ms")
    print(f"  count down {n:,} in 1 thread:    {one:.3f} s")
    print(f"  the same split over 2 threads: {two:.3f} s   ({one / two:.2f}x)")
    if not hasattr(sys, "setcheckinterval"):
        print("  (sys.setcheckinterval, the old GIL's knob, is gone: removed in Python 3.9)")


if __name__ == "__main__":
    main()
