#!/usr/bin/env bash
# calibration.sh RUN_DIR - draw RUN_DIR/plots/calibration.png and .svg from
# RUN_DIR/calibration.csv: CPython's speedups next to gilbench's.  Called by
# bench/calibrate.sh (make calibrate) after it writes the CSV; the same as
#
#   plots/draw.sh calibration RUN_DIR
#
# Exit status: 0 drawn, 1 bad input, 2 usage, 3 gnuplot is not installed
# (with the line that installs it).
set -u
if [ $# -ne 1 ] || [ "$1" = "-h" ] || [ "$1" = "--help" ]; then
    echo "usage: plots/calibration.sh RUN_DIR   (draws RUN_DIR/plots/calibration.png and .svg)" >&2
    exit 2
fi
exec "$(dirname "$0")/draw.sh" calibration "$1"
