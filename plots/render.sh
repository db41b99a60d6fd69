#!/usr/bin/env bash
# shellcheck disable=SC2016,SC2034 source-path=SCRIPTDIR
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
#
# Exit status: 0 charts drawn (possibly none, with notes), 1 bad input
# (no summary.csv nor any experiment's data, a missing column: "gilbench
# plots: FILE has no column 'NAME' (needed by SCRIPT)", or gnuplot failed),
# 2 usage, 3 gnuplot is not installed.
set -u

PROG="gilbench plots" # used by lib.sh
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"

if [ $# -ne 1 ] || [ "$1" = "-h" ] || [ "$1" = "--help" ]; then
    echo "usage: plots/render.sh RUN_DIR   (draws RUN_DIR/plots/*.png and *.svg)" >&2
    exit 2
fi
command -v gnuplot >/dev/null 2>&1 ||
    die "gnuplot is not installed; install it with: apt-get install gnuplot-nox" 3

RUN=${1%/}
SUMMARY=$RUN/summary.csv
[ -d "$RUN" ] || die "no run directory '$RUN'"

# The charts of single experiments whose data is here, their columns
# checked now, before anything is drawn; draw.sh draws them last.
exp_charts=""
for c in $DRAW_CHARTS; do
    if chart_present "$c"; then
        chart_files "$c"
        chart_columns "$c"
        exp_charts="$exp_charts $c"
    fi
done
for f in "$RUN"/trace-*.csv; do
    case ${f##*/} in
        'trace-*.csv' | trace-gil.csv | trace-gil-legacy.csv) ;;
        *) note "skipping ${f##*/} in the timeline: it reads trace-gil.csv and trace-gil-legacy.csv (or: plots/draw.sh timeline $RUN $f)" ;;
    esac
done
failed=0
draw_exp_charts() {
    local c
    for c in $exp_charts; do
        "$HERE/draw.sh" "$c" "$RUN" || failed=1
    done
}
# Charts of an experiment whose data is gone are removed (below too).
remove_stale_exp_charts() {
    local c
    for c in $DRAW_CHARTS; do rm -f "$RUN/plots/$c.png" "$RUN/plots/$c.svg"; done
}
if [ ! -f "$SUMMARY" ]; then
    [ -n "$exp_charts" ] ||
        die "no summary.csv in '$RUN' (is it a gilbench run directory?), nor the data of any other chart ($DRAW_CHARTS)"
    # gilbench convoy, startup or granularity -o DIR, say: only their charts.
    remove_stale_exp_charts
    draw_exp_charts
    exit $failed
fi

# Every column a script reads, checked by name before anything is drawn.
need_columns speedup.gp "$SUMMARY" kernel mode workers speedup
need_columns efficiency.gp "$SUMMARY" kernel mode workers efficiency
need_columns walltime.gp "$SUMMARY" kernel mode workers median_s min_s max_s
need_columns cpu_vs_io.gp "$SUMMARY" kernel mode workers speedup
[ "$(wc -l <"$SUMMARY")" -ge 2 ] || die "$SUMMARY has a header but no rows"
[ -f "$RUN/meta" ] || note "no meta in '$RUN': the charts say 'machine unknown'"

machine=$(machine_line)
online=$(online_cores)

# A string for gnuplot -e: single-quoted, with '' for a quote inside.
gq() { local s=${1//\'/\'\'}; printf "'%s'" "$s"; }

OUT=$RUN/plots
mkdir -p "$OUT" || die "cannot create '$OUT'"
# Charts from an earlier rendering are redrawn or, if their data is gone,
# removed: plots/ holds exactly what this data supports.
rm -f "$OUT"/speedup-*.png "$OUT"/speedup-*.svg "$OUT"/efficiency-*.png "$OUT"/efficiency-*.svg \
      "$OUT"/walltime.png "$OUT"/walltime.svg "$OUT"/cpu_vs_io.png "$OUT"/cpu_vs_io.svg
remove_stale_exp_charts

draw() { # NAME SCRIPT GNUPLOT-ASSIGNMENTS
    local name=$1 script=$2 vars=$3
    if gnuplot -e "data=$(gq "$SUMMARY"); out=$(gq "$OUT/$name"); machine=$(gq "$machine"); cores=$online; $vars" \
            "$HERE/$script" && [ -s "$OUT/$name.png" ] && [ -s "$OUT/$name.svg" ]; then
        printf '%s\n%s\n' "$OUT/$name.png" "$OUT/$name.svg"
    else
        printf '%s: gnuplot failed drawing %s with %s (see above)\n' "$PROG" "$name" "$script" >&2
        failed=1
    fi
}

# 1 and 4: speedup and efficiency, a file per kernel.
for k in $(run_kernels); do
    par="\$c[\"kernel\"] == \"$k\" && \$c[\"mode\"] != \"seq\""
    if [ -z "$(modes_where "$par")" ]; then
        note "skipping speedup-$k and efficiency-$k: only seq was measured for $k"
        continue
    fi
    modes=$(modes_where "$par && \$c[\"speedup\"] != \"\"")
    if [ -z "$modes" ]; then
        note "skipping speedup-$k and efficiency-$k: no seq baseline for $k in this run (speedup is relative to seq measured in the same run)"
        continue
    fi
    vars="kernel=$(gq "$k"); modes=$(gq "$modes"); workers=$(gq "$(workers_where "$par")")"
    draw "speedup-$k" speedup.gp "$vars"
    draw "efficiency-$k" efficiency.gp "$vars"
done

# 2: wall time at one worker count (seq at its one worker).
at=$(walltime_workers) || exit
at_rows="(\$c[\"mode\"] == \"seq\" && \$c[\"workers\"] == 1) || (\$c[\"mode\"] != \"seq\" && \$c[\"workers\"] == $at)"
wt_kernels=$(csv_query "$at_rows { if (!seen[\$c[\"kernel\"]]++) printf \"%s%s\", (n++ ? \" \" : \"\"), \$c[\"kernel\"] }")
if [ -z "$wt_kernels" ]; then
    note "skipping walltime: no configuration ran $at workers"
else
    draw walltime walltime.gp "at=$at; kernels=$(gq "$wt_kernels"); modes=$(gq "$(modes_where "$at_rows")")"
fi

# 3: CPU-bound vs I/O-bound under the GIL.
pair=$(VERBOSE=1 cpu_vs_io_kernels)
if [ -n "$pair" ]; then
    cpu=${pair% *}
    io=${pair#* }
    draw cpu_vs_io cpu_vs_io.gp \
        "cpu=$(gq "$cpu"); io=$(gq "$io"); modes=$(gq "$(cpu_vs_io_modes "$cpu" "$io")"); workers=$(gq "$(workers_where "(\$c[\"kernel\"] == \"$cpu\" || \$c[\"kernel\"] == \"$io\") && \$c[\"mode\"] != \"seq\"")")"
fi

# 5-10: the GIL deep dive, start-up cost, break-even task size.
draw_exp_charts

exit $failed
