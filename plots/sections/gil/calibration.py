"""Calibration against CPython: CPython's own speedups next to the
simulation's, pair by pair (calibration.csv, make calibrate)."""
import os

import charts
import rundata
from markdown import fx, heading, image, join_and, para


def render(run_dir: str) -> str:
    c = charts.chart("calibration")
    if "calibration" not in charts.drawn(run_dir):
        return ""
    rows = charts.data_rows(run_dir, c)[1]
    if not rows:
        return ""
    cpy = cpython_name(os.path.join(run_dir, "cpython_version"))
    text, agree, total, disagree, slow = "", 0, 0, [], []
    for threads_pass in (True, False):
        parts, pair_name = [], ""
        for r in rows:
            if threads_pass != (r["gilbench_mode"] == "gil"):
                continue
            k, w, cm, gm = r["kernel"], r["workers"], r["cpython_mode"], r["gilbench_mode"]
            cs, gs = rundata.num(r["cpython_speedup"]) or 0, rundata.num(r["gilbench_speedup"]) or 0
            parts.append(f"{k} {w}: {fx(cs)} vs {fx(gs)}")
            pair_name = f"{cm} against gilbench's {gm}"
            total += 1
            if abs(cs - gs) <= 0.15 * max(cs, gs):
                agree += 1
            else:
                disagree.append(f"{k} {w} ({cm} {fx(cs)}, {gm} {fx(gs)})")
            if cm == "pool" and cs < 0.8 * gs:
                slow.append(f"{k} {w}")
        if parts:
            text += f" {cpy}'s {pair_name}, by kernel and workers: {join_and(parts)}."
    text += f" They agree within 15% on {agree} of {total} pairs"
    text += f"; they do not on {join_and(disagree)}." if disagree else "."
    if slow:
        text += (f" Where CPython's pool fell short of gilbench's ({join_and(slow)}), the difference is what a "
                 "pool of Python processes pays and one of small C processes does not: pickling every task and "
                 "result and passing it through the parent's task and result threads (CPython's pools are "
                 "started before the clock, so their start-up is not in these figures).")
    return (heading("Calibration against CPython")
            + image("calibration", "CPython's speedups next to gilbench's simulated ones")
            + para(text.strip())
            + para("The simulation models the lock, not the interpreter: it reproduces who may run when (threads "
                   "gain nothing on CPU-bound work and overlap their blocking calls), not CPython's own costs per "
                   "bytecode, per object or per process."))


def cpython_name(version_file: str) -> str:
    """"CPython 3.11.7" from cpython_version's "Python 3.11.7"."""
    if not os.path.isfile(version_file):
        return "CPython"
    with open(version_file, encoding="utf-8") as f:
        version = f.readline().rstrip("\n")
    return "CPython" if not version else ("C" + version if version.startswith("Python ") else version)
