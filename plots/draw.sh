#!/usr/bin/env bash
# shellcheck disable=SC2016 source-path=SCRIPTDIR
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
set -u

PROG="gilbench plots" # used by lib.sh
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"

usage() {
    echo "usage: plots/draw.sh CHART RUN_DIR [FILE...]   (CHART: ${DRAW_CHARTS// /, }; writes RUN_DIR/plots/CHART.png and .svg)" >&2
    exit 2
}
[ $# -ge 2 ] || usage
case $1 in -h|--help) usage ;; esac
CHART=$1
case " $DRAW_CHARTS " in
    *" $CHART "*) ;;
    *) die "unknown chart '$CHART' (one of: $DRAW_CHARTS)" 2 ;;
esac
case $CHART in
    timeline | granularity) [ $# -le 4 ] || usage ;;
    *) [ $# -le 3 ] || usage ;;
esac
command -v gnuplot >/dev/null 2>&1 ||
    die "gnuplot is not installed; install it with: apt-get install gnuplot-nox" 3

RUN=${2%/}
shift 2
[ -d "$RUN" ] || die "no run directory '$RUN'"
chart_files "$CHART" "$@"
chart_columns "$CHART"
META=$(chart_meta)
[ -f "$META" ] || note "no meta in '$RUN': the chart says 'machine unknown'"

# A string for gnuplot -e: single-quoted, with '' for a quote inside.
gq() { local s=${1//\'/\'\'}; printf "'%s'" "$s"; }
number() { # NAME VALUE: a non-negative number, or exit 2
    case $2 in
        '' | *[!0-9.]* | *.*.* | .) die "$1: expected a number of milliseconds, got '$2'" 2 ;;
    esac
}

vars="machine=$(gq "$(machine_line)")"
case $CHART in
    timeline)
        vars="$vars; gil=$(gq "${CHART_FILES[0]}"); legacy=$(gq "${CHART_FILES[1]}")"
        for v in FROM_MS WINDOW_MS ZOOM_MS; do
            if [ -n "${!v:-}" ]; then
                number "$v" "${!v}"
                vars="$vars; ${v,,}=${!v}"
            fi
        done
        if [ -f "$RUN/summary.csv" ] && header_has "$RUN/summary.csv" kernel && header_has "$RUN/summary.csv" mode; then
            kernel=$(csv_query '$c["mode"] ~ /^gil/ { print $c["kernel"]; exit }')
            [ -n "$kernel" ] && vars="$vars; kernel=$(gq "$kernel")"
        fi
        ;;
    convoy | calibration | startup)
        vars="$vars; data=$(gq "${CHART_FILES[0]}")"
        if [ "$CHART" = calibration ] && [ -s "$(dirname "${CHART_FILES[0]}")/cpython_version" ]; then
            vars="$vars; cpython=$(gq "$(head -n 1 "$(dirname "${CHART_FILES[0]}")/cpython_version")")"
        fi
        ;;
    granularity)
        # breakeven="" when there is none: the chart then marks no points.
        vars="$vars; data=$(gq "${CHART_FILES[0]}"); breakeven=$(gq "${CHART_FILES[1]}")"
        ;;
    switch_interval)
        sel=$(sweep_selection "${CHART_FILES[0]}")
        [ -n "$sel" ] ||
            die "${CHART_FILES[0]} has no gil configuration measured at more than one switch interval (run: $(chart_source switch_interval))"
        vars="$vars; summary=$(gq "${CHART_FILES[0]}"); runs=$(gq "${CHART_FILES[1]}")"
        vars="$vars; kernel=$(gq "${sel% *}"); workers=${sel#* }"
        ;;
esac

OUT=$RUN/plots
mkdir -p "$OUT" || die "cannot create '$OUT'"
rm -f "$OUT/$CHART.png" "$OUT/$CHART.svg"
if gnuplot -e "out=$(gq "$OUT/$CHART"); $vars" "$HERE/$CHART.gp" &&
        [ -s "$OUT/$CHART.png" ] && [ -s "$OUT/$CHART.svg" ]; then
    printf '%s\n%s\n' "$OUT/$CHART.png" "$OUT/$CHART.svg"
else
    die "gnuplot failed drawing $CHART with $CHART.gp (see above)"
fi
