#!/usr/bin/env bash
# 06-the-convoy-effect: see README.md beside this file.  QUICK=1 for a fast pass.
# `sh run.sh` runs it with dash, which has no pipefail: hand it to bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$(dirname "$0")/../lib.sh"
lesson_init 06-the-convoy-effect
# An I/O-bound thread (400 blocking operations of 100 us, the GIL released
# around each) alone, then beside one CPU-bound thread under the new GIL at
# switch intervals of 1, 5 and 20 ms, and under the old GIL.  QUICK: 100
# operations, still enough for a stable median.
"$GILBENCH" convoy "${SIZE[@]}" -o "$OUT"
lesson_chart "$OUT" convoy
lesson_finish
