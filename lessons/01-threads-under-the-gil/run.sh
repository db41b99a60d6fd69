#!/usr/bin/env bash
# 01-threads-under-the-gil: see README.md beside this file.  QUICK=1 for a fast pass.
# `sh run.sh` runs it with dash, which has no pipefail: hand it to bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$(dirname "$0")/../lib.sh"
lesson_init 01-threads-under-the-gil
# One CPU-bound kernel, four ways: the whole claim of the tutorials.
"$GILBENCH" sweep -k primes -m gil,threads,fork -w 1,2,4 "${REPS[@]}" "${SIZE[@]}" -o "$OUT"
lesson_chart "$OUT" speedup-primes
lesson_finish
