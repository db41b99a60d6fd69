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

if [ "$QUICK" = 1 ]; then
    reps=1; size=(--quick)
    py_items=(primes:60000 sumsq:1500000 sleep:64)
else
    reps=3; size=()
    py_items=(primes:600000 sumsq:15000000 sleep:400)
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
rm -f "$run/cpython_runs.csv"

python3 --version >"$run/cpython_version"
first=1
for ki in "${py_items[@]}"; do
    kernel=${ki%%:*}
    items=${ki#*:}
    python3 bench/cpython_bench.py --kernel "$kernel" --items "$items" --workers 2,4 \
        --reps "$reps" | { if [ $first = 1 ]; then cat; else tail -n +2; fi; } >>"$run/cpython_runs.csv"
    first=0
done

# Median wall time per configuration, then speedup against its own seq;
# CPython's threads pair with gilbench's gil, its Pool with gilbench's pool.
python3 bench/calibration.py "$run"

echo "CPython ($(cat "$run/cpython_version")) next to gilbench's simulation, speedups vs each one's own loop:"
column -s, -t <"$run/calibration.csv"
grep '^measured_cores' "$run/meta" || true
if [ -x plots/calibration.sh ]; then plots/calibration.sh "$run" || true; fi
echo "results: $run/calibration.csv"
