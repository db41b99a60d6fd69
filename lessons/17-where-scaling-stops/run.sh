#!/usr/bin/env bash
# 17-where-scaling-stops: see README.md beside this file.  QUICK=1 for a fast pass.
# `sh run.sh` runs it with dash, which has no pipefail: hand it to bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$(dirname "$0")/../lib.sh"
lesson_init 17-where-scaling-stops
# A CPU-bound kernel and a memory-bound one on 1, 2, 4 and 8 workers: on a
# 2-core machine 4 and 8 workers are more than the cores (oversubscribed).
# Half the default sizes keep the full run under a minute; QUICK takes 6%,
# where each run still lasts tens of milliseconds (gilbench's --quick sizes
# are so small that starting 8 processes would dominate).
scale=0.5
[ "$QUICK" = 1 ] && scale=0.06
"$GILBENCH" sweep -k primes,triad -m gil,threads,fork -w 1,2,4,8 "${REPS[@]}" --scale "$scale" -o "$OUT"
# Amdahl's law fitted to the speedups on 1 worker up to the cores; the fit
# and its predictions go to $OUT/amdahl.csv.
python3 "$LESSONS_DIR/17-where-scaling-stops/amdahl_fit.py" "$OUT"
lesson_chart "$OUT" speedup-primes efficiency-primes speedup-triad
lesson_finish
