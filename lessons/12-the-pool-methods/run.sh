#!/usr/bin/env bash
# 12-the-pool-methods: see README.md beside this file.  QUICK=1 for a fast pass.
# `sh run.sh` runs it with dash, which has no pipefail: hand it to bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$(dirname "$0")/../lib.sh"
lesson_init 12-the-pool-methods
# The pool's methods in 40 lines of C (harness/pool/example.c, the same
# program as harness/pool/example.py): map, imap_unordered, apply_async
# with a callback.
[ -x "$TOP/bin/pool-example" ] || make -s bin/pool-example
echo "-- harness/pool/example.c: map, imap_unordered, apply_async + callback"
"$TOP/bin/pool-example"
# What each method costs: time to the first result of map, imap and
# imap_unordered (8 sleeping tasks, task 0 the slowest), and the cost of
# one task through each queue.  QUICK naps 2 ms units instead of 10 ms.
echo "-- gilbench pool"
"$GILBENCH" pool "${SIZE[@]}" -o "$OUT/pool"
lesson_chart "$OUT" pool
lesson_finish
