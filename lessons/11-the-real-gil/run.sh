#!/usr/bin/env bash
# 11-the-real-gil: see README.md beside this file.  QUICK=1 for a fast pass.
# `sh run.sh` runs it with dash, which has no pipefail: hand it to bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$(dirname "$0")/../lib.sh"
lesson_init 11-the-real-gil
# CPython's threads and multiprocessing.Pool next to the simulation: the
# first part of `make calibrate` (bench/calibrate.sh), with the same tools
# (bench/cpython_bench.py, bench/calibration.py), at a lesson's sizes.
if ! command -v python3 >/dev/null 2>&1; then
    echo "lesson 11: python3 is not installed, so there is no CPython to compare with; skipped."
    echo "lesson 11: install it with: apt-get install -y python3"
    exit 0
fi
# Sizes matched by time, not items: CPython does the same arithmetic 50 to
# 100 times slower.  Its pools are started before the clock (see
# cpython_bench.py), so even QUICK's loops of 30 to 70 ms measure the GIL
# and the pickling, not the ~0.1 s it takes to start a Pool.
if [ "$QUICK" = 1 ]; then
    py_reps=2
    py_items=(primes:60000 sumsq:1500000 sleep:64)
else
    py_reps=3
    py_items=(primes:300000 sumsq:7500000 sleep:200)
fi
echo "--- gilbench: seq, gil and pool on primes, sumsq and sleep"
"$GILBENCH" sweep -k primes,sumsq,sleep -m gil,pool -w 2,4 "${REPS[@]}" "${SIZE[@]}" --no-progress -o "$OUT"
python3 --version >"$OUT/cpython_version"
echo "--- CPython ($(cat "$OUT/cpython_version")): a loop, ThreadPoolExecutor and multiprocessing.Pool on the same work"
first=1
for ki in "${py_items[@]}"; do
    python3 "$TOP/bench/cpython_bench.py" --kernel "${ki%%:*}" --items "${ki#*:}" --workers 2,4 \
        --reps "$py_reps" | { if [ $first = 1 ]; then cat; else tail -n +2; fi; } >>"$OUT/cpython_runs.csv"
    first=0
done
python3 "$TOP/bench/calibration.py" "$OUT"
echo "Speedups over each one's own loop: CPython's threads beside gilbench's gil, its Pool beside gilbench's pool"
column -s, -t <"$OUT/calibration.csv"
lesson_chart "$OUT" calibration
lesson_finish
