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

# --- pool: what one task costs, CPython's Pool next to gilbench's queues ---
# gilbench pool measures its queues into $run/pool/; CPython's
# Pool(2).map(is_prime, range(1, N + 1), chunksize=1) lands beside them,
# where the pool chart, report section and bench check look for it.
if [ "$QUICK" = 1 ]; then pool_tasks=5000; pool_size=(--quick); else pool_tasks=50000; pool_size=(); fi
"$GILBENCH" pool "${pool_size[@]}" -r "$reps" -o "$run/pool" >/dev/null
python3 bench/cpython_bench.py --pool-cost "$pool_tasks" --workers 2 --reps "$reps" \
    >"$run/pool/cpython_pool_cost.csv.tmp"
mv "$run/pool/cpython_pool_cost.csv.tmp" "$run/pool/cpython_pool_cost.csv"
cp "$run/cpython_version" "$run/pool/cpython_version"

echo "CPython ($(cat "$run/cpython_version")) next to gilbench's simulation, speedups vs each one's own loop:"
column -s, -t <"$run/calibration.csv"
grep '^measured_cores' "$run/meta" || true
if [ -x plots/calibration.sh ]; then plots/calibration.sh "$run" || true; fi
echo "CPython's Pool.map per task (us), next to gilbench pool's queues (us_per_task, medians):"
python3 - "$run/pool" <<'PY'
import csv, statistics, sys
def medians(path, key):
    by = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            by.setdefault(key(row), []).append(float(row["us_per_task"]))
    return {k: statistics.median(v) for k, v in by.items()}
for name, us in medians(sys.argv[1] + "/cpython_pool_cost.csv", lambda r: "CPython Pool, " + r["start"]).items():
    print(f"  {name:28s} {us:9.2f}")
for name, us in medians(sys.argv[1] + "/pool_cost.csv", lambda r: "gilbench " + r["start"] + "/" + r["queue"]).items():
    print(f"  {name:28s} {us:9.2f}")
PY
echo "results: $run/calibration.csv, $run/pool/"
