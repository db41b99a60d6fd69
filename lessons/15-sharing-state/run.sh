#!/usr/bin/env bash
# 15-sharing-state: see README.md beside this file.  QUICK=1 for a fast pass.
# `sh run.sh` runs it with dash, which has no pipefail: hand it to bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$(dirname "$0")/../lib.sh"
lesson_init 15-sharing-state
# A counter two processes (and two threads) increment three ways, a
# Manager's table vs one in shared memory, false sharing, and a shared
# array vs slices sent back.  The counters run long enough (millions of
# increments) for the two workers to overlap: two that never run at the
# same time lose nothing, even unsynchronised.
echo "-- gilbench shared"
if [ "$QUICK" = 1 ]; then
    sizes=(--increments 2000000 --batches 5 --ops 1000 --array-mib 4)
else
    sizes=(--increments 5000000 --batches 5 --ops 5000 --array-mib 16)
fi
"$GILBENCH" shared "${sizes[@]}" --no-progress -o "$OUT/shared"
column -s, -t "$OUT/shared/counter.csv" | cut -c1-120
echo "(most_lost 0 on an unsynchronised row means its workers never ran at the same time in any"
echo " batch, as on a busy machine: the code is still wrong; run again and watch the count.)"
lesson_chart "$OUT" shared
lesson_finish
