#!/usr/bin/env bash
# shellcheck disable=SC2016
# hyperfine.sh RUN_DIR [GILBENCH_BIN] - the outside view.
#
# In-process timers can lie by omission: they do not see the process start,
# the set-up before the timed region, the files written after it, or the
# exit.  For each mode this times whole
#     gilbench run -k KERNEL -m MODE -w WORKERS --quick -r 1 --warmup 0 --no-probe -o TMP
# invocations with hyperfine (-N, --warmup 1, --runs 5), then lets the
# harness time the same configuration itself, and compares the two:
#
#   RUN_DIR/hyperfine.json, hyperfine.csv  hyperfine's own exports (its
#                                          statistics, not recomputed here)
#   RUN_DIR/hyperfine_vs_harness.csv       mode,hyperfine_mean_s,harness_wall_s,ratio,
#                                          hyperfine_stddev_s,harness_cold_wall_s
#   RUN_DIR/hyperfine.md                   the Markdown section report.sh includes
#
# harness_wall_s is the harness's median wall_s over RUNS repetitions after
# one warm-up, in one process; harness_cold_wall_s is the wall_s the harness
# measured inside the last process hyperfine timed (a single, cold
# repetition); ratio = hyperfine_mean_s / harness_wall_s.  hyperfine also
# times `gilbench list modes`, named "floor": starting and ending a gilbench
# process that measures nothing.
#
#   plots/hyperfine.sh results/latest bin/gilbench
#
# Environment (optional): KERNEL (default primes), WORKERS (default 2),
# MODES (default: the modes in RUN_DIR/summary.csv, else every mode of
# `gilbench list modes`), RUNS (default 5), QUICK (default 1: --quick sizes;
# 0: the kernel's full size), SCALE (default 1: those sizes times SCALE,
# 0.01 to 1, as gilbench's --scale; make bench uses the sweep's 0.5).
#
# Exit status: 0 written, 1 a failed run or bad input, 2 usage, 3 hyperfine
# is not installed.
set -u

HERE=$(cd "$(dirname "$0")" && pwd)

die() { printf 'gilbench hyperfine: %s\n' "$1" >&2; exit "${2:-1}"; }

# need_columns FILE COLUMN...: exit 1 naming the first column FILE lacks.
need_columns() {
    local file=$1 col
    shift
    for col in "$@"; do
        head -n 1 "$file" | tr -d '\r' | tr ',' '\n' | grep -qx -- "$col" ||
            die "$file has no column '$col' (needed by hyperfine.sh)"
    done
}

# column_of FILE NAME [last]: NAME's value in FILE's first (or last) row.
column_of() {
    awk -F, -v name="$2" -v last="${3:-}" '
        NR == 1 { for (i = 1; i <= NF; i++) { gsub(/\r/, "", $i); c[$i] = i }; next }
        { v = $c[name]; if (last == "") { print v; exit } }
        END { if (last != "") print v }' "$1"
}

if [ $# -lt 1 ] || [ $# -gt 2 ] || [ "$1" = "-h" ] || [ "$1" = "--help" ]; then
    echo "usage: plots/hyperfine.sh RUN_DIR [GILBENCH_BIN]" >&2
    exit 2
fi
command -v hyperfine >/dev/null 2>&1 ||
    die "hyperfine is not installed; install it with: apt-get install hyperfine" 3

RUN=${1%/}
BIN=${2:-$HERE/../bin/gilbench}
KERNEL=${KERNEL:-primes}
WORKERS=${WORKERS:-2}
RUNS=${RUNS:-5}
QUICK=${QUICK:-1}
[ -x "$BIN" ] || die "no gilbench program at '$BIN'; build it with: make"
case $WORKERS in ''|*[!0-9]*|0) die "WORKERS: expected a whole number from 1, got '$WORKERS'" 2 ;; esac
case $RUNS in ''|*[!0-9]*|0|1) die "RUNS: expected a whole number from 2, got '$RUNS'" 2 ;; esac
mkdir -p "$RUN" || die "cannot create '$RUN'"

if [ -n "${MODES:-}" ]; then
    modes=${MODES//,/ }
elif [ -f "$RUN/summary.csv" ] && head -n 1 "$RUN/summary.csv" | tr ',' '\n' | grep -qx mode; then
    modes=$(python3 "$HERE/modes.py" of "$RUN/summary.csv")
else
    modes=$("$BIN" list modes | awk '{ print $1 }' | tr '\n' ' ')
fi
[ -n "${modes// /}" ] || die "no modes to time (set MODES=seq,threads,...)"

SCALE=${SCALE:-1}
awk -v s="$SCALE" 'BEGIN { exit !(s ~ /^[0-9]*\.?[0-9]+$/ && s >= 0.01 && s <= 1) }' ||
    die "SCALE: expected a number from 0.01 to 1, got '$SCALE'" 2
size=(--scale "$SCALE")
[ "$QUICK" = 1 ] && size=(--quick --scale "$SCALE")

TMP=$(mktemp -d "${TMPDIR:-/tmp}/gilbench-hyperfine.XXXXXX") || die "cannot create a temporary directory"
trap 'rm -rf "$TMP"' EXIT

workers_of() { if [ "$1" = seq ]; then echo 1; else echo "$WORKERS"; fi; }

# --- 1. hyperfine: whole processes. --------------------------------------
# -N runs each command without a shell, so the shell's own start-up is not
# counted; commands are split on spaces, with backslash-escaped paths.
q() { printf '%q' "$1"; }
hf_args=()
for m in $modes; do
    hf_args+=(-n "$m" "$(q "$BIN") run -k $KERNEL -m $m -w $(workers_of "$m") ${size[*]:-} -r 1 --warmup 0 --no-probe --no-progress -o $(q "$TMP/hf-$m")")
done
hf_args+=(-n floor "$(q "$BIN") list modes")
hyperfine -N --warmup 1 --runs "$RUNS" --export-json "$RUN/hyperfine.json" \
    --export-csv "$RUN/hyperfine.csv" "${hf_args[@]}" >&2 ||
    die "hyperfine failed (did a gilbench run exit non-zero? see above)"
need_columns "$RUN/hyperfine.csv" command mean stddev

# --- 2. the harness's own timer, same configurations. --------------------
rows="$TMP/rows"
: >"$rows"
for m in $modes; do
    w=$(workers_of "$m")
    "$BIN" run -k "$KERNEL" -m "$m" -w "$w" "${size[@]}" -r "$RUNS" --warmup 1 --no-probe \
        --no-progress -o "$TMP/h-$m" >/dev/null ||
        die "gilbench run -k $KERNEL -m $m -w $w failed (see above)"
    warm=$(column_of "$TMP/h-$m/summary.csv" median_s)
    cold=$(column_of "$TMP/hf-$m/runs.csv" wall_s last)
    items=$(column_of "$TMP/h-$m/summary.csv" items)
    printf '%s,%s,%s,%s,%s\n' "$m" "$w" "$warm" "$cold" "$items" >>"$rows"
done

# --- 3. the comparison: CSV and Markdown. --------------------------------
probe=$(awk 'index($0, "probe: ") == 1 { print substr($0, 8); exit }' "$RUN/meta" 2>/dev/null)
awk -F',' -v kernel="$KERNEL" -v runs="$RUNS" -v quick="$QUICK" -v probe="$probe" \
    -v csv_out="$RUN/hyperfine_vs_harness.csv" -v md_out="$RUN/hyperfine.md" '
function ms(s) { return sprintf(s < 0.01 ? "%.2f" : "%.1f", 1000 * s) }
function wrap(text,    n, w, i, line, out) {
    n = split(text, w, " "); line = ""; out = ""
    for (i = 1; i <= n; i++) {
        if (line != "" && length(line) + 1 + length(w[i]) > 100) { out = out line "\n"; line = w[i] }
        else line = (line == "" ? w[i] : line " " w[i])
    }
    return out line
}
FNR == 1 { file++ }
file == 1 && FNR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
file == 1 { mean[$c["command"]] = $c["mean"]; sd[$c["command"]] = $c["stddev"]; next }
file == 2 { n++; mode[n] = $1; wk[n] = $2; warm[n] = $3; cold[n] = $4; items[n] = $5 }
END {
    floor = ("floor" in mean) ? mean["floor"] + 0 : -1
    print "mode,hyperfine_mean_s,harness_wall_s,ratio,hyperfine_stddev_s,harness_cold_wall_s" > csv_out
    for (i = 1; i <= n; i++) {
        m = mode[i]
        ratio[i] = warm[i] > 0 ? mean[m] / warm[i] : 0
        printf "%s,%.6f,%.6f,%.4f,%.6f,%s\n", m, mean[m], warm[i], ratio[i], sd[m], cold[i] > csv_out
    }
    close(csv_out)

    out = md_out
    print "## Outside view: hyperfine vs the harness timer" > out
    print "" > out
    print wrap("hyperfine timed whole `gilbench run -k " kernel " -m MODE -w N" (quick == 1 ? " --quick" : "") \
        " -r 1 --warmup 0 --no-probe` processes (" runs " runs after 1 warm-up, `-N`: no shell in between); " \
        "the harness timed the same configuration from inside (median wall_s of " runs \
        " repetitions after 1 warm-up, in one process). A gilbench process that measures nothing " \
        "(`gilbench list modes`) takes " ms(floor) " ms: the floor of starting and ending one.") > out
    print "" > out
    h[1] = "mode"; h[2] = "workers"; h[3] = "hyperfine mean +- sd (ms)"; h[4] = "harness wall (ms)"
    h[5] = "ratio"; h[6] = "harness, cold first run (ms)"
    for (j = 1; j <= 6; j++) { cell[0, j] = h[j]; wid[j] = length(h[j]) }
    for (i = 1; i <= n; i++) {
        cell[i, 1] = mode[i]; cell[i, 2] = wk[i]
        cell[i, 3] = ms(mean[mode[i]]) " +- " ms(sd[mode[i]])
        cell[i, 4] = ms(warm[i]); cell[i, 5] = sprintf("%.2fx", ratio[i]); cell[i, 6] = ms(cold[i])
        for (j = 1; j <= 6; j++) if (length(cell[i, j]) > wid[j]) wid[j] = length(cell[i, j])
    }
    for (i = 0; i <= n; i++) {
        line = "|"
        for (j = 1; j <= 6; j++) line = line " " sprintf(j == 1 ? "%-" wid[j] "s" : "%" wid[j] "s", cell[i, j]) " |"
        print line > out
        if (i == 0) {
            line = "|"
            for (j = 1; j <= 6; j++) {
                d = ""; for (k = 1; k < wid[j]; k++) d = d "-"
                line = line (j == 1 ? " " d "- |" : " " d ": |")
            }
            print line > out
        }
    }
    print "" > out
    over = 0
    for (i = 1; i <= n; i++) {
        m = mode[i]
        outside = mean[m] - warm[i]
        if (ratio[i] >= 0.9 && ratio[i] <= 1.1)
            text = m ": within 10% (" sprintf("%.2fx", ratio[i]) "): the " ms(outside) \
                   " ms outside the timer are small next to " ms(warm[i]) " ms of work."
        else if (ratio[i] < 0.9)
            text = m ": the whole process took less than the harness measured inside it (" \
                   sprintf("%.2fx", ratio[i]) "): noise; re-run on an idle machine."
        else {
            over++
            text = m ": **" sprintf("%.2fx", ratio[i]) ", " ms(outside) " ms more than the harness** (" \
                   ms(mean[m]) " against " ms(warm[i]) " ms)" \
                   (floor >= 0 ? "; a bare process start and exit is " ms(floor) " ms of it" : "")
            if (cold[i] != "" && cold[i] - warm[i] > 0.1 * warm[i])
                text = text "; its one repetition ran cold: " ms(cold[i]) " ms inside the last " \
                       "hyperfine run against " ms(warm[i]) " ms warm"
            text = text "."
        }
        print wrap("- " text) > out
    }
    print "" > out
    if (over > 0)
        print wrap("Where hyperfine sees more than 10% over the harness, the difference is what the " \
            "harness timer leaves out by design. It starts after the set-up (loading the program, " \
            "signal handlers, reading /proc/cpuinfo, writing meta with fsync, preparing the " \
            "kernel input) and stops before the results are written (runs.csv and summary.csv, " \
            "each flushed with fsync), memory is freed and the process exits. Each hyperfine run is " \
            "also a fresh process with a single repetition: first-touch page faults, thread creation " \
            "and cold caches fall inside it, while the harness median is of warm repetitions. This " \
            "cost is roughly fixed, so the shorter the work, the larger the ratio: at --quick sizes " \
            "it is a visible fraction.") > out
    print "" > out
    print wrap("The runs use `--no-probe`: otherwise every process would also spend " \
        (probe != "" ? "the parallelism probe (" probe ")" : "the parallelism probe (about a quarter second)") \
        " before measuring, and hyperfine would see mostly the probe. Both numbers are right; they " \
        "answer different questions: the harness times the work, hyperfine what a user waits for.") > out
    close(out)
}' "$RUN/hyperfine.csv" "$rows" || die "cannot write the comparison"

echo "$RUN/hyperfine.json"
echo "$RUN/hyperfine.csv"
echo "$RUN/hyperfine_vs_harness.csv"
echo "$RUN/hyperfine.md"
