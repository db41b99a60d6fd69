#!/usr/bin/env bash
# 09-uneven-work: see README.md beside this file.  QUICK=1 for a fast pass.
. "$(dirname "$0")/../lib.sh"
lesson_init 09-uneven-work
# Trial division costs more for larger numbers, so the 64 tasks of primes
# grow heavier along the range.  The same pool of 2 workers deals them out
# in two chunks of 32 (first half, second half) or one task at a time.
for chunk in 32 8 1; do
    "$GILBENCH" sweep -k primes -m pool -w 2 --chunksize "$chunk" "${REPS[@]}" "${SIZE[@]}" \
        --no-progress -o "$OUT/chunksize-$chunk" >/dev/null
done
# fork deals round-robin (task t to worker t mod 2): fixed, but interleaved.
"$GILBENCH" sweep -k primes -m fork -w 2 "${REPS[@]}" "${SIZE[@]}" --no-progress -o "$OUT/fork" >/dev/null

echo "primes on 2 workers: speedup over seq, by how the 64 tasks are dealt"
echo "dealing,speedup,cpu_util" >"$OUT/dealing.csv"
for run in chunksize-32 chunksize-8 chunksize-1 fork; do
    awk -F, -v run="$run" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        $c["mode"] != "seq" { printf "%s,%s,%s\n", run, $c["speedup"], $c["cpu_util"] }' \
        "$OUT/$run/summary.csv" >>"$OUT/dealing.csv"
done
column -s, -t "$OUT/dealing.csv"
