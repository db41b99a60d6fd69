#!/usr/bin/env bash
# 02-waiting-is-different: see README.md beside this file.  QUICK=1 for a fast pass.
. "$(dirname "$0")/../lib.sh"
lesson_init 02-waiting-is-different
# A CPU-bound kernel next to an I/O-bound one, under the GIL and without.
"$GILBENCH" sweep -k primes,sleep -m gil,threads -w 1,2,4 "${REPS[@]}" "${SIZE[@]}" -o "$OUT"
lesson_charts "$OUT"
