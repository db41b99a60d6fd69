#!/usr/bin/env bash
# 07-the-switch-interval: see README.md beside this file.  QUICK=1 for a fast pass.
. "$(dirname "$0")/../lib.sh"
lesson_init 07-the-switch-interval
# Two CPU-bound threads under the GIL at switch intervals from 0.1 ms to 50 ms.
"$GILBENCH" sweep -k primes -m gil -w 2 --switch-interval 0.0001,0.0005,0.001,0.005,0.01,0.05 \
    "${REPS[@]}" "${SIZE[@]}" -o "$OUT"
lesson_charts "$OUT"
