#!/usr/bin/env bash
# 18-measuring-honestly: see README.md beside this file.  QUICK=1 for a fast pass.
# `sh run.sh` runs it with dash, which has no pipefail: hand it to bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$(dirname "$0")/../lib.sh"
lesson_init 18-measuring-honestly
# Four runs of the same configuration (primes: seq, threads on 1 and 2
# workers), then `gilbench compare` puts B, C and D beside A.
# QUICK keeps the 7 repetitions (fewer cannot outvote one slow repetition)
# and shrinks the work to a fifth.
reps=(-r 7 --warmup 1)
scale=0.5
[ "$QUICK" = 1 ] && scale=0.1
# --remeasure 0: every run keeps exactly its repetitions, so the comparison
# sees the same number from each.
measure() {
    local name=$1
    shift
    "$GILBENCH" sweep -k primes -m threads -w 1,2 "${reps[@]}" --scale "$scale" --remeasure 0 \
        --no-progress -o "$OUT/$name" "$@" | grep -E '^(kernel|primes)'
}
echo "-- A: the configuration"
measure a
echo "-- B: the same again"
measure b
echo "-- C: the same work in 2 tasks instead of 64 (a real difference)"
measure c -t 2
echo "-- D: the same as A, beside a busy loop this script starts (a busy machine)"
# (named, so that it can be recognised in ps while it runs)
(exec -a lesson18-busy-loop bash -c 'while :; do :; done') &
hog=$!
trap 'kill "$hog" 2>/dev/null || true' EXIT
measure d
kill "$hog"
wait "$hog" 2>/dev/null || true
trap - EXIT
echo "-- compare: B, C and D against A"
"$GILBENCH" compare "$OUT/a" "$OUT/b" "$OUT/c" "$OUT/d" -o "$OUT/compare"
# The same comparisons pair by pair, each in its own folder, so every figure
# of figures.txt can name its row by configuration alone.
for x in b c d; do
    "$GILBENCH" compare "$OUT/a" "$OUT/$x" -o "$OUT/a-vs-$x" >/dev/null
    # (its speedups are already in compare/: not listed twice)
    rm -f "$OUT/a-vs-$x/compare_speedup.csv"
done
lesson_chart "$OUT/compare" compare
echo "(The busy-machine warning below about d/meta is expected: run D was measured"
echo " beside a busy loop on purpose.  A warning about any other run is real.)"
lesson_finish
