#!/usr/bin/env bash
# 07-the-switch-interval: see README.md beside this file.  QUICK=1 for a fast pass.
# `sh run.sh` runs it with dash, which has no pipefail: hand it to bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$(dirname "$0")/../lib.sh"
lesson_init 07-the-switch-interval
# Two CPU-bound threads under the GIL, at switch intervals from 0.1 ms to
# 50 ms (CPython's default is 5 ms).  A run must last many intervals for
# its hand-over count to mean anything: at 50 ms a 25 ms run has none.
# So QUICK keeps runs of about 0.2 s (primes on 2.5 million numbers) and
# measures only the intervals that fit in them many times over.
intervals=0.0001,0.0005,0.001,0.005,0.01,0.05
size=()
if [ "$QUICK" = 1 ]; then
    intervals=0.0001,0.001,0.005
    size=(-n 2500000)
fi
"$GILBENCH" sweep -k primes -m gil -w 2 --switch-interval "$intervals" "${REPS[@]}" "${size[@]}" -o "$OUT"
lesson_chart "$OUT" switch_interval
lesson_finish
