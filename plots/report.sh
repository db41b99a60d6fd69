#!/usr/bin/env bash
# shellcheck disable=SC2016,SC2034 source-path=SCRIPTDIR
# report.sh RUN_DIR - write RUN_DIR/report.md: the machine, the date, the
# summary table, every chart in RUN_DIR/plots/ embedded, and under each
# chart two or three sentences computed from this run's numbers.  Reads
# well on GitHub and in a terminal pager (padded table, wrapped text).
#
#   plots/render.sh results/latest && plots/report.sh results/latest
#
# Includes RUN_DIR/hyperfine.md (written by plots/hyperfine.sh) when it
# exists, the GIL deep-dive charts' data when present (trace-gil.csv,
# trace-gil-legacy.csv, convoy.csv, calibration.csv, a switch-interval
# sweep), the start-up cost (startup.csv, and hyperfine_startup.csv beside
# it: a table and sentences), the break-even task size (granularity.csv,
# breakeven.csv: a sentence per mode) and the bench's checks (checks.csv: a
# table).  convoy.csv, startup.csv and granularity.csv are read from RUN_DIR
# or from its subdirectory of the same name (make bench).  A run directory
# with only convoy.csv or startup.csv, say, gets a report without the
# summary table.  Prints the report's path.  Exit status: 0 written, 1 bad
# input (no summary.csv nor any experiment's data, or a missing column,
# named with its file), 2 usage.
set -u

PROG="gilbench report" # used by lib.sh
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"

if [ $# -ne 1 ] || [ "$1" = "-h" ] || [ "$1" = "--help" ]; then
    echo "usage: plots/report.sh RUN_DIR   (writes RUN_DIR/report.md)" >&2
    exit 2
fi
RUN=${1%/}
SUMMARY=$RUN/summary.csv
RUNS=$RUN/runs.csv
[ -d "$RUN" ] || die "no run directory '$RUN'"
# The experiments' data in the run, checked as draw.sh checks it; each file
# is handed to report.awk after src=NAME, so it knows what it reads.
exp_args=()
exp_data=""
for c in $DRAW_CHARTS; do
    chart_present "$c" || continue
    chart_files "$c"
    chart_columns "$c"
    exp_data="$exp_data $c"
    case $c in
        convoy | startup) exp_args+=(src="$c" "${CHART_FILES[0]}") ;;
        granularity)
            exp_args+=(src=granularity "${CHART_FILES[0]}")
            [ -z "${CHART_FILES[1]}" ] || exp_args+=(src=breakeven "${CHART_FILES[1]}")
            ;;
    esac
    if [ "$c" = startup ]; then
        # hyperfine's whole-process starts, beside startup.csv (make bench).
        hf=$(dirname "${CHART_FILES[0]}")/hyperfine_startup.csv
        if [ -f "$hf" ]; then
            need_columns report.sh "$hf" command mean stddev
            exp_args+=(src=hyperfine_startup "$hf")
        fi
    fi
done
if [ ! -f "$SUMMARY" ] && [ -z "$exp_data" ]; then
    die "no summary.csv in '$RUN' (is it a gilbench run directory?), nor the data of any other chart ($DRAW_CHARTS)"
fi
CHECKS=$RUN/checks.csv
[ ! -f "$CHECKS" ] || need_columns report.sh "$CHECKS" check measured target verdict
summary_args=()
runs_arg=()
if [ -f "$SUMMARY" ]; then
    need_columns report.sh "$SUMMARY" kernel mode workers items n median_s min_s max_s speedup efficiency cpu_util
    summary_args=(src=summary "$SUMMARY")
    if [ -f "$RUNS" ]; then
        need_columns report.sh "$RUNS" kernel mode workers items
        runs_arg=(src=runs "$RUNS")
    fi
fi
# Traces are summed up by timeline.awk (one line each), the rest read whole.
tl_gil=""
tl_legacy=""
[ -f "$RUN/trace-gil.csv" ] && tl_gil=$(awk -F, -v what=summary -f "$HERE/timeline.awk" "$RUN/trace-gil.csv")
[ -f "$RUN/trace-gil-legacy.csv" ] &&
    tl_legacy=$(awk -F, -v what=summary -f "$HERE/timeline.awk" "$RUN/trace-gil-legacy.csv")
[ -f "$RUN/calibration.csv" ] && exp_args+=(src=calibration "$RUN/calibration.csv")
sweep=$(sweep_selection "$SUMMARY")
cpython=""
[ -s "$RUN/cpython_version" ] && cpython=$(head -n 1 "$RUN/cpython_version")

online=$(online_cores)
measured=$(meta_get measured_cores)
run_id=$(basename "$(cd "$RUN" && pwd -P)")

# The charts that exist (PNG), as names: speedup-primes walltime ...
charts=""
for f in "$RUN"/plots/*.png; do
    [ -f "$f" ] || continue
    f=${f##*/}
    charts="$charts ${f%.png}"
done
charts=${charts# }
pair=""
[ -f "$SUMMARY" ] && pair=$(cpu_vs_io_kernels)

out=$RUN/report.md
tmp=$RUN/.report.md.tmp.$$
trap 'rm -f "$tmp"' EXIT
{
    echo "# gilbench report: $run_id"
    echo
    machine_line | fold -s -w 100 | sed "s/ *$//"
    echo
    # The machine and the run, as a two-column table (padded for pagers).
    {
        date=$(meta_get date)
        case $date in ????-??-??T??:??:??Z) date="${date:0:10} ${date:11:8} UTC" ;; esac
        printf 'date\t%s\n' "${date:-unknown}"
        printf 'host\t%s\n' "$(meta_get host)"
        printf 'cpu_model\t%s\n' "$(meta_get cpu_model)"
        case $measured in
            '' | 'not measured') printf 'cores\t%s online, not measured%s\n' "$(meta_get online_cores)" \
                "$([ -f "$SUMMARY" ] && echo ' (--no-probe)')" ;;
            *) printf 'cores\t%s online, %s measured by the probe\n' "$(meta_get online_cores)" "$measured" ;;
        esac
        printf 'os_kernel\t%s\n' "$(meta_get os_kernel)"
        printf 'compiler\t%s\n' "$(meta_get compiler)"
        printf 'cflags\t%s\n' "$(meta_get cflags)"
        printf 'commit\t%s\n' "$(meta_get commit)"
        printf 'command\tgilbench %s\n' "$(meta_get options)"
    } | awk -F'\t' '
        { gsub(/\|/, "\\|", $2); k[NR] = $1; v[NR] = ($2 == "" ? "unknown" : "`" $2 "`"); if (length(k[NR]) > a) a = length(k[NR]); if (length(v[NR]) > b) b = length(v[NR]) }
        END {
            d1 = ""; for (i = 0; i < a; i++) d1 = d1 "-"
            d2 = ""; for (i = 0; i < b; i++) d2 = d2 "-"
            printf "| %-" a "s | %-" b "s |\n| %s | %s |\n", "run", "", d1, d2
            for (i = 1; i <= NR; i++) printf "| %-" a "s | %-" b "s |\n", k[i], v[i]
        }'
    echo
    # Warn when the machine gave noticeably fewer cores than it has.
    if awk -v m="$measured" -v o="$online" 'BEGIN { exit !(m ~ /^[0-9.]+$/ && o > 0 && m < 0.9 * o) }'; then
        echo "> **Warning: this machine gave only $measured of its $online cores** during the probe at the"
        echo "> start (under 90%). Speedups here are capped by the cores the machine really gave, not by the"
        echo "> code; a shared or virtual machine may have been busy. Re-run when it is idle to compare."
        echo
    elif [ -f "$SUMMARY" ] && { [ -z "$measured" ] || [ "$measured" = "not measured" ]; }; then
        echo "> Cores were not probed (--no-probe): a flat speedup may be a busy machine, not the code."
        echo
    fi
    at=1
    [ -f "$SUMMARY" ] && at=$(walltime_workers)
    awk -F',' -f "$HERE/report.awk" -v width=100 -v cores="$online" -v charts="$charts" \
        -v at="$at" -v cpu="${pair% *}" -v io="${pair#* }" -v tl_gil="$tl_gil" -v tl_legacy="$tl_legacy" \
        -v sweep="$sweep" -v cpython="$cpython" \
        "${summary_args[@]}" "${runs_arg[@]}" "${exp_args[@]}" /dev/null || exit 1
    if [ -f "$RUN/hyperfine.md" ]; then
        cat "$RUN/hyperfine.md"
        echo
    fi
    if [ -f "$CHECKS" ]; then
        awk -F',' -f "$HERE/report.awk" -v part=checks -v width=100 -v cores="$online" -v measured="$measured" \
            src=checks "$CHECKS" || exit 1
    fi
    echo "## Files"
    echo
    if [ -f "$SUMMARY" ]; then
        echo "Data: \`summary.csv\` (one row per configuration), \`runs.csv\` (one row per run), \`meta\`."
    fi
    # listed FILE...: "`a`, `b`" for the FILEs (relative to RUN) that exist.
    listed() {
        local f out=""
        for f in "$@"; do
            if [ -f "$RUN/$f" ]; then out="$out, \`$f\`"; fi
        done
        echo "${out#, }"
    }
    gil_files=$(listed trace-gil.csv trace-gil-legacy.csv convoy.csv convoy/convoy.csv calibration.csv cpython_runs.csv)
    if [ -n "$gil_files" ]; then echo "Data of the GIL deep dive: $gil_files." | fold -s -w 100 | sed 's/ *$//'; fi
    st_files=$(listed startup.csv hyperfine_startup.csv hyperfine_startup.json startup/startup.csv \
        startup/hyperfine_startup.csv startup/hyperfine_startup.json granularity.csv breakeven.csv \
        granularity/granularity.csv granularity/breakeven.csv)
    if [ -n "$st_files" ]; then
        echo "Data of the start-up cost and the break-even task size: $st_files." | fold -s -w 100 | sed 's/ *$//'
    fi
    if [ -f "$CHECKS" ]; then echo "Checks: \`checks.csv\`."; fi
    echo "Redraw the charts with \`make plots RUN=$RUN\`."
    echo
    if [ -n "$charts" ]; then
        echo "Charts (PNG for slides, SVG for print):"
        echo
        for f in "$RUN"/plots/*.png "$RUN"/plots/*.svg; do
            if [ -f "$f" ]; then echo "- [plots/${f##*/}](plots/${f##*/})"; fi
        done
    else
        echo "No charts yet: run \`plots/render.sh $RUN\` first."
    fi
    for f in hyperfine.json hyperfine.csv hyperfine_vs_harness.csv; do
        if [ -f "$RUN/$f" ]; then printf -- '- [%s](%s)\n' "$f" "$f"; fi
    done
} >"$tmp" || die "failed writing '$tmp' (see above)"
mv -f "$tmp" "$out" || die "cannot write '$out'"
trap - EXIT
echo "$out"
