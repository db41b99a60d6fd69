"""bench/checks/openmp.py - what the openmp block of bench.sh shows.

Reads $run/openmp/primes/summary.csv and $run/openmp/mandelbrot/summary.csv
(columns by name).  Every figure is a ratio of medians measured in one
sweep, so a slow spell of a shared machine hits both sides alike.

- primes, 2 workers: openmp-dynamic hands out tasks one at a time, as the
  `threads` crew does with its atomic counter, so the two must agree
  within 2% (the issue's target).  Both are pinned (--pin): unpinned,
  openmp-dynamic came out 3.5-4.5% faster in every run on the development
  machine, and pinning the crew's threads closed it (0.2885 s vs
  0.2871 s, in a run where --pin did not yet reach the OpenMP modes).  The
  crew's threads are created in every repetition and wait for the
  scheduler to place them; libgomp keeps its team between regions, already
  placed, with the main thread as its master.  That is a cost of starting
  threads, which the threads mode measures on purpose (as Python's
  threading does), not of the schedule this check compares.  openmp-static is information: primes
  is uneven too (a number's trial division grows with its square root), so
  the thread given the upper half of the tasks has more to do.
- mandelbrot, 2 and 3 workers: static / dynamic, information.  With 2
  threads the static halves mirror each other (the image is symmetric
  about the real axis), so the schedule matters little; with 3 the middle
  block holds most of the set.
"""
import csv
import os


def _medians(path):
    """{(mode, workers): median_s} of one summary.csv, {} when absent."""
    try:
        with open(path, newline="") as f:
            return {(row["mode"], int(row["workers"])): float(row["median_s"])
                    for row in csv.DictReader(f)}
    except (OSError, KeyError, ValueError):
        return {}


def _ratio(medians, a, b):
    if a in medians and b in medians and medians[b] > 0:
        return round(medians[a] / medians[b], 4)
    return None


def checks(run_dir: str) -> list:
    primes = _medians(os.path.join(run_dir, "openmp", "primes", "summary.csv"))
    mandel = _medians(os.path.join(run_dir, "openmp", "mandelbrot", "summary.csv"))
    if not primes and not mandel:
        return []
    out = [
        {"check": "primes 2 workers: openmp-dynamic / threads time",
         "measured": _ratio(primes, ("openmp-dynamic", 2), ("threads", 2)),
         "target": "0.98-1.02 (within 2%)", "lo": 0.98, "hi": 1.02},
        {"check": "primes 2 workers: openmp-static / threads time",
         "measured": _ratio(primes, ("openmp-static", 2), ("threads", 2)),
         "target": "info (static gives one thread the costlier upper half)",
         "lo": None, "hi": None},
    ]
    for w in (2, 3):
        out.append({"check": "mandelbrot %d workers: openmp-static / openmp-dynamic time" % w,
                    "measured": _ratio(mandel, ("openmp-static", w), ("openmp-dynamic", w)),
                    "target": "info (what the schedule changes on uneven rows)",
                    "lo": None, "hi": None})
    return out
