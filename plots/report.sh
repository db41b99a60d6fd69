#!/usr/bin/env bash
# report.sh RUN_DIR - write RUN_DIR/report.md (plots/report.py, which says
# what the report holds): kept as the entry point of `make plots`,
# bench/bench.sh and the lessons.
#
#   plots/render.sh results/latest && plots/report.sh results/latest
#
# Exit status: 0 written, 1 bad input (no summary.csv nor any experiment's
# data, or a missing column, named with its file), 2 usage.
set -u
exec python3 "$(dirname "$0")/report.py" "$@"
