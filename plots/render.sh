#!/usr/bin/env bash
# render.sh RUN_DIR - draw every chart a run's data supports into RUN_DIR/plots/.
#
#   plots/render.sh results/latest
#
# Charts (PNG 1280x720 for slides, SVG for print), one gnuplot script each:
#   speedup-KERNEL     speedup.gp     speedup vs workers, a line per mode   (per kernel)
#   efficiency-KERNEL  efficiency.gp  speedup / workers vs workers          (per kernel)
#   walltime           walltime.gp    wall time per kernel and mode at one worker count
#   cpu_vs_io          cpu_vs_io.gp   gil and threads on a CPU kernel vs on sleep
# and, drawn by draw.sh when the run holds their data (a run directory with
# only convoy.csv or startup.csv, say, gets only these; see draw.sh):
#   timeline           timeline.gp    who held the GIL when, new vs legacy  (trace-gil.csv,
#                                     trace-gil-legacy.csv)
#   convoy             convoy.gp      I/O operation latency beside a CPU thread (convoy.csv)
#   switch_interval    switch_interval.gp  speedup and hand-overs vs switch interval
#                                     (a summary.csv with gil at several switch_interval_s)
#   calibration        calibration.gp CPython vs gilbench speedups (calibration.csv)
#   startup            startup.gp     cost per start of a thread, a process, a pool, and
#                                     its growth with the parent's memory (startup.csv)
#   granularity        granularity.gp speedup vs the work in one task, break-even points
#                                     marked (granularity.csv, breakeven.csv)
#   compare            compare.gp     runs' speedup curves side by side, with intervals
#                                     (gilbench compare: compare_speedup.csv, compare_runs.csv;
#                                     make bench's pinned vs unpinned in RUN_DIR/trust/pin/)
# convoy.csv, startup.csv and granularity.csv are read from RUN_DIR itself
# (gilbench convoy|startup|granularity -o RUN_DIR) or from RUN_DIR/convoy/,
# RUN_DIR/startup/ and RUN_DIR/granularity/ (make bench).
# A chart whose data the run lacks is skipped with a note on stderr (no seq
# measured: no speedup; no sleep kernel: no cpu_vs_io).  The paths written
# are printed on stdout, one per line.
#
# Environment (all optional):
#   WALLTIME_WORKERS=N  worker count of the wall-time chart (default: the
#                       online core count if measured, else the nearest below)
#   CPU_KERNEL=NAME     CPU-bound kernel of cpu_vs_io (default: primes, else
#                       the first CPU-bound kernel in the run)
#   IO_KERNEL=NAME      I/O-bound kernel of cpu_vs_io (default: sleep)
#   ONLY="NAME..."      draw only these outputs (e.g. "speedup-primes cpu_vs_io");
#                       the others are still removed, so plots/ holds just them
#
# Exit status: 0 charts drawn (possibly none, with notes), 1 bad input
# (no summary.csv nor any experiment's data, a missing column: "gilbench
# plots: FILE has no column 'NAME' (needed by SCRIPT)", or gnuplot failed),
# 2 usage, 3 gnuplot is not installed.
#
# The drawing is done by render.py from the table of charts in charts.py
# (a chart: one gnuplot script and one line there).
set -u
exec python3 "$(dirname "$0")/render.py" "$@"
