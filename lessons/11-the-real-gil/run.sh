#!/usr/bin/env bash
# 11-the-real-gil: see README.md beside this file.  QUICK=1 for a fast pass.
. "$(dirname "$0")/../lib.sh"
lesson_init 11-the-real-gil
# CPython's threads and multiprocessing.Pool next to the simulation.
QUICK=$QUICK GILBENCH=$GILBENCH CALIBRATE_OUT=$OUT "$TOP/bench/calibrate.sh"
