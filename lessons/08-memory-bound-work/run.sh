#!/usr/bin/env bash
# 08-memory-bound-work: see README.md beside this file.  QUICK=1 for a fast pass.
# `sh run.sh` runs it with dash, which has no pipefail: hand it to bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$(dirname "$0")/../lib.sh"
lesson_init 08-memory-bound-work
# Streaming through memory (the STREAM triad) against pure arithmetic
# (sum of squares), with threads and with processes.  REPS keeps one
# warm-up even in QUICK: without it seq alone would pay the first touch of
# every page of the arrays, and every other mode would look faster.
"$GILBENCH" sweep -k triad,sumsq -m threads,fork,spawn -w 1,2 "${REPS[@]}" "${SIZE[@]}" -o "$OUT"
lesson_chart "$OUT" speedup-triad
lesson_finish
