#!/usr/bin/env bash
# 04-when-parallelism-pays: see README.md beside this file.  QUICK=1 for a fast pass.
. "$(dirname "$0")/../lib.sh"
lesson_init 04-when-parallelism-pays
# The same total work cut into tasks from 1 us to 100 ms: where does each
# mode start to beat a plain loop?
"$GILBENCH" granularity "${SIZE[@]}" -o "$OUT"
lesson_charts "$OUT"
