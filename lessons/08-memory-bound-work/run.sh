#!/usr/bin/env bash
# 08-memory-bound-work: see README.md beside this file.  QUICK=1 for a fast pass.
. "$(dirname "$0")/../lib.sh"
lesson_init 08-memory-bound-work
# Streaming through memory against pure arithmetic, with threads and processes.
"$GILBENCH" sweep -k triad,sumsq -m threads,fork,spawn -w 1,2,4 "${REPS[@]}" "${SIZE[@]}" -o "$OUT"
lesson_charts "$OUT"
