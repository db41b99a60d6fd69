#!/usr/bin/env bash
# bench/calibrate.sh - `make calibrate`: the simulated GIL next to the
# real one.  Runs the tutorials' Python programs (bench/
# cpython_bench.py: primes and sum of squares, CPU-bound; 1 ms sleeps,
# I/O-bound) with a plain loop, threads and a multiprocessing pool, and
# gilbench's seq, gil and pool on the same kernels, in one run directory;
# writes calibration.csv with both speedups side by side.
#
# Sizes are matched by time, not items: CPython does the same arithmetic
# about 50 to 100 times slower, so each side gets the item count that takes
# it roughly half a second sequentially.  Speedups are ratios, so they
# compare across the two even though the times do not.
set -euo pipefail
cd "$(dirname "$0")/.."

GILBENCH=${GILBENCH:-bin/gilbench}
QUICK=${QUICK:-0}
if ! command -v python3 >/dev/null 2>&1; then
    echo "gilbench calibrate: python3 is not installed, so there is no CPython to compare with; skipped."
    echo "gilbench calibrate: install it with: apt-get install -y python3"
    exit 0
fi

# Six repetitions of each side, interleaved on each side: the fewest
# whose median has a 95% interval from order statistics (1 - 2/2^6 =
# 96.9%; five give 93.8%).  CPython's sizes are halved to pay for them.
if [ "$QUICK" = 1 ]; then
    reps=2; size=(--quick)
    py_items=(primes:60000 sumsq:1500000 sleep:64)
else
    reps=6; size=()
    py_items=(primes:300000 sumsq:7500000 sleep:200)
fi

# CALIBRATE_OUT=DIR writes there instead of a new results/<run-id>/.
if [ -n "${CALIBRATE_OUT:-}" ]; then
    "$GILBENCH" sweep -k primes,sumsq,sleep -m gil,pool -w 2,4 -r "$reps" --warmup 1 "${size[@]}" \
        --no-progress -o "$CALIBRATE_OUT" >/dev/null
    run=$(readlink -f "$CALIBRATE_OUT")
else
    "$GILBENCH" sweep -k primes,sumsq,sleep -m gil,pool -w 2,4 -r "$reps" --warmup 1 "${size[@]}" \
        --no-progress >/dev/null
    run=$(readlink -f results/latest)
fi
rm -f "$run/cpython_runs.csv" "$run/cpython_summary.csv"

python3 --version >"$run/cpython_version"
first=1
for ki in "${py_items[@]}"; do
    kernel=${ki%%:*}
    items=${ki#*:}
    python3 bench/cpython_bench.py --kernel "$kernel" --items "$items" --workers 2,4 \
        --reps "$reps" --summary "$run/cpython_summary.$kernel.csv" |
        { if [ $first = 1 ]; then cat; else tail -n +2; fi; } >>"$run/cpython_runs.csv"
    { [ $first = 1 ] && cat "$run/cpython_summary.$kernel.csv" || tail -n +2 "$run/cpython_summary.$kernel.csv"; } \
        >>"$run/cpython_summary.csv"
    rm -f "$run/cpython_summary.$kernel.csv"
    first=0
done

# Median wall time per configuration, then speedup against its own seq;
# CPython's threads pair with gilbench's gil, its Pool with gilbench's pool.
python3 bench/calibration.py "$run"

echo "CPython ($(cat "$run/cpython_version")) next to gilbench's simulation, speedups vs each one's own loop:"
column -s, -t <"$run/calibration.csv"
grep '^measured_cores' "$run/meta" || true
# The same flags on both sides (impossible or suspect results, with the reason).
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    $c["flag"] != "" { printf "SUSPECT CPython %s %s %s workers: %s\n", $c["kernel"], $c["mode"], $c["workers"], $c["flag"] }' \
    "$run/cpython_summary.csv"
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    $c["flag"] != "" && $c["kernel"] ~ /^(primes|sumsq|sleep)$/ && $c["mode"] ~ /^(seq|gil|pool)$/ {
        printf "SUSPECT gilbench %s %s %s workers: %s\n", $c["kernel"], $c["mode"], $c["workers"], $c["flag"] }' \
    "$run/summary.csv"
if [ -x plots/calibration.sh ]; then plots/calibration.sh "$run" || true; fi
echo "results: $run/calibration.csv"
