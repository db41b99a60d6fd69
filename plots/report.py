#!/usr/bin/env python3
"""report.py RUN_DIR - write RUN_DIR/report.md: the machine, the date, the
summary table, every chart in RUN_DIR/plots/ embedded, and under each
chart two or three sentences computed from this run's numbers.  Reads well
on GitHub and in a terminal pager (padded tables, text wrapped at 100).

    plots/render.sh results/latest && plots/report.py results/latest

The report is the sections below, in this order; each is one module
plots/sections/PART/NAME.py (PART: run, gil or experiments) with `def render(run_dir: str) -> str` returning
its Markdown ('' when the run lacks its data).  Adding a section: one
file and one line here.  A section states only what its numbers show:
every explanation is printed only when the data shows the effect.

Before any section runs, the columns of every experiment's data in the
run are checked (the charts' own lists, charts.py), so a bad file fails
the same way for the charts and the report.  Prints the report's path.
Exit status: 0 written, 1 bad input (no summary.csv nor any experiment's
data, or a missing column, named with its file), 2 usage.
"""
import importlib
import os
import sys

import charts
import program
from rundata import InputError

PROG = "gilbench report"

SECTIONS = (
    "run.header",       # title, machine, a warning when cores were missing
    "run.at_a_glance",  # five lines to read first
    "run.summary",      # the summary table and the checksums
    "run.speedup",      # speedup vs workers, per kernel
    "run.cpu_vs_io",    # CPU-bound vs I/O-bound under the GIL
    "run.walltime",     # wall time per mode at one worker count
    "run.efficiency",   # efficiency vs workers, per kernel
    "experiments.startup", # start-up cost of threads, processes, pools
    "experiments.breakeven", # the task size from which parallelism pays
    "experiments.pool", # the process pool: cost per task, first results, chunksize
    "gil.timeline",     # who holds the GIL: new vs legacy
    "gil.convoy",       # an I/O-bound thread beside a CPU-bound one
    "gil.switch_interval", # the cost of switching more often
    "run.compare",      # runs side by side (gilbench compare): pinned vs unpinned
    "run.trust",        # what makes the numbers trustworthy: flags, intervals, ticks
    "experiments.ipc",  # what talking between processes costs, per channel
    "experiments.shared", # what sharing state between processes costs
    "experiments.openmp", # OpenMP's schedules next to the hand-written threads
    "experiments.mpi",  # ranks that share nothing: speedup and message cost
    "experiments.images", # the photo batch: C libraries that release the GIL
    "experiments.hash", # hashing files: hashlib's 2048-byte threshold
    "gil.calibration",  # CPython's speedups next to gilbench's
    "run.hyperfine",    # the outside view (hyperfine.md)
    "run.checks",       # checks.csv: the suite's claims, measured
    "run.files",        # the data and chart files
)


def check_inputs(run: str) -> None:
    """Fail before writing anything when the run has no data at all, or a
    file the report reads lacks a column."""
    present = [c for c in charts.EXPERIMENTS if charts.present(run, c)]
    for c in present:
        charts.check(run, c, charts.locate(run, c))
    if not os.path.isfile(os.path.join(run, "summary.csv")) and not present:
        raise InputError(f"no summary.csv in '{run}' (is it a gilbench run directory?), nor the data "
                         f"of any other chart ({' '.join(c.name for c in charts.EXPERIMENTS)})")


def write_report(run: str) -> int:
    check_inputs(run)
    text = "".join(importlib.import_module(f"sections.{name}").render(run) for name in SECTIONS)
    out = os.path.join(run, "report.md")
    program.write_atomic(out, text.rstrip("\n") + "\n")
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(program.run_command(PROG, "plots/report.py RUN_DIR   (writes RUN_DIR/report.md)", sys.argv[1:],
                                 write_report))
