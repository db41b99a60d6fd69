#!/usr/bin/env bash
# 05-the-old-gil: see README.md beside this file.  QUICK=1 for a fast pass.
# `sh run.sh` runs it with dash, which has no pipefail: hand it to bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$(dirname "$0")/../lib.sh"
lesson_init 05-the-old-gil
# 1. CPython 2's GIL (gil-legacy) against CPython 3.2's (gil) on CPU-bound
#    threads: 1, 2 and 4 threads against a plain loop.
"$GILBENCH" sweep -k primes -m gil,gil-legacy -w 1,2,4 "${REPS[@]}" "${SIZE[@]}" --no-progress -o "$OUT"
# 2. One short run of 2 threads under each lock, tracing every GIL event:
#    who asks for the lock, who gets it, who lets it go.
for mode in gil gil-legacy; do
    "$GILBENCH" run -k primes -m "$mode" -w 2 -r 1 --warmup 0 --quick --no-probe --no-progress \
        -o "$OUT/trace-run-$mode" --trace "$OUT/trace-$mode.csv" >/dev/null
done
# Count them with the code that draws the chart (plots/timeline.py): a
# hold is one acquisition of the lock, a hand-over a hold by a different
# thread than the one before.
{
    echo "mode,holds,handovers,drop_requests,duration_ms"
    for mode in gil gil-legacy; do
        python3 "$TOP/plots/timeline.py" --summary "$OUT/trace-$mode.csv" |
            awk -v m="$mode" '{ printf "%s,%d,%d,%d,%.3f\n", m, $2, $3, $4, $5 }'
    done
} >"$OUT/handovers.csv"
echo
echo "traced, 2 threads (handovers.csv):"
awk -F, 'NR > 1 { printf "  %-10s %6d holds, %3d hand-overs to the other thread, in %.0f ms\n", $1, $2, $3, $5 }' "$OUT/handovers.csv"
# The chart's window covers both whole traces, so its counts are these.
WINDOW_MS=100000 lesson_chart "$OUT" timeline
lesson_finish
