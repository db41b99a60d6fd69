#!/usr/bin/env bash
# 02-waiting-is-different: see README.md beside this file.  QUICK=1 for a fast pass.
# `sh run.sh` runs it with dash, which has no pipefail: hand it to bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$(dirname "$0")/../lib.sh"
lesson_init 02-waiting-is-different
# A CPU-bound kernel (primes) next to an I/O-bound one (sleep: blocking
# 1 ms sleeps, the GIL released around each), under the GIL and without,
# on 1, 2 and 4 threads.  One sweep, so every speedup is against a seq run
# of the same run.
"$GILBENCH" sweep -k primes,sleep -m gil,threads -w 1,2,4 "${REPS[@]}" "${SIZE[@]}" --no-progress -o "$OUT"
lesson_chart "$OUT" cpu_vs_io
lesson_finish
