"""bench/checks/pool.py - the process pool's speed targets (issue 10),
measured as ratios within one run of `gilbench pool` (RUN/pool/*.csv):

  - the pipelined pipe queue costs at most half of the round-trip pool's
    per-task cost (one chunk at a time through the parent, what `pool` did
    before);
  - the shared-memory queue costs at most 1 us per task with chunksize 1,
    and at least 30x less than CPython's multiprocessing.Pool measured on
    the same machine (`make calibrate` writes RUN/pool/cpython_pool_cost.csv);
    without calibration data the run's own round-trip pool stands in:
    CPython's Pool cost about 2.2x the round-trip pool on the development
    machine (35 vs 16 us per task), so 30x CPython is about 14x it.

Medians of the repetitions; columns are read by name.
"""
import csv
import os
import statistics

import rundata


def _median_cost(path, start, queue=None):
    values = []
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            if row["start"] == start and (queue is None or row["queue"] == queue):
                values.append(float(row["us_per_task"]))
    return statistics.median(values) if values else None


def _ratio(a, b):
    return a / b if a is not None and b else None


def checks(run_dir):
    d = rundata.experiment_dir(run_dir, "pool", "pool_cost.csv")
    if d is None:
        return []
    cost = os.path.join(d, "pool_cost.csv")
    roundtrip = _median_cost(cost, "fork", "roundtrip")
    pipe = _median_cost(cost, "fork", "pipe")
    shm = _median_cost(cost, "fork", "shm")
    out = [
        {"check": "pool: pipelined pipe queue / round-trip pool, per task", "measured": _ratio(pipe, roundtrip),
         "target": "<= 0.5", "lo": None, "hi": 0.5},
        {"check": "pool: shm queue per task (us, chunksize 1)", "measured": shm,
         "target": "<= 1", "lo": None, "hi": 1.0},
    ]
    cpython_path = os.path.join(d, "cpython_pool_cost.csv")
    if os.path.exists(cpython_path):
        cpython = _median_cost(cpython_path, "fork")
        out.append({"check": "pool: CPython Pool per task / shm queue per task", "measured": _ratio(cpython, shm),
                    "target": ">= 30", "lo": 30.0, "hi": None})
    else:
        out.append({"check": "pool: round-trip pool / shm queue per task (no calibration data; 14x ~ 30x CPython)",
                    "measured": _ratio(roundtrip, shm), "target": ">= 14", "lo": 14.0, "hi": None})
    for start in ("spawn", "forkserver"):
        for queue in ("pipe", "shm"):
            out.append({"check": f"pool: {start}/{queue} per task (us)", "measured": _median_cost(cost, start, queue),
                        "target": "info", "lo": None, "hi": None})
    return out
