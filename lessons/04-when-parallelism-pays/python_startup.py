#!/usr/bin/env python3
"""python_startup.py - where the tutorials' "50 to 100 ms" comes from.

The rule "use processes only for tasks of at least 50-100 ms" is about what
a Python program pays before a new process does any work: starting a
Python interpreter, importing modules in it, starting a pool and pickling
the work over to it.  This script times each of those on this machine:

  interpreter       python3 -c pass                    (what 'spawn' starts, per worker)
  import_mp         python3 -c "import multiprocessing" (a worker must import what it uses)
  pool_fork         multiprocessing.Pool(2) with 'fork': start, one tiny task, close, join
  pool_spawn        the same with 'spawn': each worker is a fresh interpreter
  thread            threading.Thread: start and join, for comparison

    python3 python_startup.py [--quick] [--csv FILE]

--quick: fewer repetitions (about 2 s on an idle machine).  --csv FILE: write
what,runs,median_ms,min_ms,max_ms to FILE (the lesson's run.sh does).
"""
# lesson-test: --quick
import csv
import multiprocessing
import os
import statistics
import subprocess
import sys
import threading
import time


def square(x):
    return x * x


def time_ms(action, runs):
    """Wall times of `runs` calls of action(), in ms, after one warm-up."""
    action()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        action()
        times.append(1000 * (time.perf_counter() - t0))
    return times


def interpreter(code):
    return lambda: subprocess.run([sys.executable, "-c", code], check=True)


def pool(method):
    ctx = multiprocessing.get_context(method)

    def start_use_stop():
        with ctx.Pool(2) as p:
            p.map(square, [1, 2])  # the pool exists once a task came back
    return start_use_stop


def thread():
    t = threading.Thread(target=square, args=(1,))
    t.start()
    t.join()


def main(argv):
    quick = "--quick" in argv
    out = None
    if "--csv" in argv:
        i = argv.index("--csv")
        if i + 1 >= len(argv):
            sys.exit("python_startup.py: --csv needs a file name")
        out = argv[i + 1]
    runs = 3 if quick else 21
    cases = [
        ("interpreter", "python3 -c pass", interpreter("pass")),
        ("import_mp", 'python3 -c "import multiprocessing"', interpreter("import multiprocessing")),
        ("pool_fork", "Pool(2), fork: start, 2 tasks, stop", pool("fork")),
        ("pool_spawn", "Pool(2), spawn: start, 2 tasks, stop", pool("spawn")),
        ("thread", "threading.Thread: start, join", thread),
    ]
    rows = []
    print(f"{sys.version.split()[0]} at {sys.executable}; median of {runs} runs after a warm-up")
    for what, label, action in cases:
        t = time_ms(action, runs if what != "thread" else 10 * runs)
        rows.append({"what": what, "runs": len(t), "median_ms": f"{statistics.median(t):.3f}",
                     "min_ms": f"{min(t):.3f}", "max_ms": f"{max(t):.3f}"})
        print(f"  {label:40s} {statistics.median(t):8.2f} ms")
    if out:
        tmp = out + ".tmp"
        with open(tmp, "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=["what", "runs", "median_ms", "min_ms", "max_ms"], lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
        os.replace(tmp, out)


if __name__ == "__main__":
    main(sys.argv[1:])
