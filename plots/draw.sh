#!/usr/bin/env bash
# draw.sh CHART RUN_DIR [FILE...] - draw the chart of one experiment (the
# GIL deep dive, process start-up, break-even task size) into
# RUN_DIR/plots/CHART.png and .svg, with the machine line from the meta
# beside its data (else RUN_DIR/meta).  render.sh draws them too, whenever
# their data is in the run.
#
#   plots/draw.sh timeline RUN_DIR [GIL_TRACE [LEGACY_TRACE]]
#       who held the GIL when, new GIL vs legacy GIL (timeline.gp), from
#       RUN_DIR/trace-gil.csv and trace-gil-legacy.csv (gilbench run
#       -m gil --trace FILE, -m gil-legacy --trace FILE); either may be
#       missing, or "" when given
#   plots/draw.sh convoy RUN_DIR [CONVOY_CSV]
#       time per I/O operation beside a CPU-bound thread (convoy.gp), from
#       RUN_DIR/convoy.csv or RUN_DIR/convoy/convoy.csv (gilbench convoy)
#   plots/draw.sh switch_interval RUN_DIR [SUMMARY_CSV]
#       speedup and hand-overs vs switch interval (switch_interval.gp), from
#       a sweep's summary.csv and the runs.csv beside it (gilbench sweep -m
#       gil --switch-interval A,B,...); the first gil kernel and worker
#       count measured at more than one interval
#   plots/draw.sh calibration RUN_DIR [CALIBRATION_CSV]
#       CPython's speedups next to gilbench's (calibration.gp), from
#       RUN_DIR/calibration.csv (make calibrate)
#   plots/draw.sh startup RUN_DIR [STARTUP_CSV]
#       cost per start of a thread, a process, a pool, and its growth with
#       the parent's memory (startup.gp), from RUN_DIR/startup.csv or
#       RUN_DIR/startup/startup.csv (gilbench startup)
#   plots/draw.sh granularity RUN_DIR [GRANULARITY_CSV [BREAKEVEN_CSV]]
#       speedup vs the work in one task, break-even points marked
#       (granularity.gp), from RUN_DIR/granularity.csv or
#       RUN_DIR/granularity/granularity.csv and the breakeven.csv beside it
#       (gilbench granularity); without breakeven.csv, no marks
#
# The paths written are printed on stdout, one per line.
#
# Environment (timeline only, all optional, in milliseconds):
#   FROM_MS=0 WINDOW_MS=30   the time window of the two wide panels
#   ZOOM_MS=0.2              the width of the zoom into the legacy GIL (0: none)
#
# Exit status: 0 drawn, 1 bad input (no such run directory or data file,
# a missing column: "gilbench plots: FILE has no column 'NAME' (needed by
# SCRIPT)", or gnuplot failed), 2 usage, 3 gnuplot is not installed.
#
# The drawing is done by render.py from the table of charts in charts.py
# (a chart: one gnuplot script and one line there).
set -u
exec python3 "$(dirname "$0")/render.py" --chart "$@"
