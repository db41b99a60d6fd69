#!/usr/bin/env bash
# 05-the-old-gil: see README.md beside this file.  QUICK=1 for a fast pass.
. "$(dirname "$0")/../lib.sh"
lesson_init 05-the-old-gil
# CPython 2's GIL against CPython 3's, on two CPU-bound threads, with a
# trace of every hand-over of each.
"$GILBENCH" sweep -k primes -m gil,gil-legacy -w 1,2,4 "${REPS[@]}" "${SIZE[@]}" -o "$OUT"
for mode in gil gil-legacy; do
    "$GILBENCH" run -k primes -m "$mode" -w 2 -r 1 --warmup 0 --quick --no-probe \
        -o "$OUT/trace-run-$mode" --trace "$OUT/trace-$mode.csv" >/dev/null
done
echo "hand-overs traced: $(($(wc -l <"$OUT/trace-gil.csv") - 1)) events (gil), $(($(wc -l <"$OUT/trace-gil-legacy.csv") - 1)) (gil-legacy)"
lesson_charts "$OUT"
