#!/usr/bin/env bash
# 10-when-a-worker-crashes: see README.md beside this file.  QUICK=1 for a fast pass.
. "$(dirname "$0")/../lib.sh"
lesson_init 10-when-a-worker-crashes
# Task 5 crashes with a segmentation fault.  What happens to the run?
for mode in fork pool threads; do
    echo "--- $mode: GILBENCH_CRASH_TASK=5 gilbench run -k primes -m $mode -w 2"
    set +e
    GILBENCH_CRASH_TASK=5 "$GILBENCH" run -k primes -m "$mode" -w 2 -r 1 --warmup 0 --quick \
        --no-probe --no-progress -o "$OUT/$mode" >"$OUT/$mode.out" 2>&1
    status=$?
    set -e
    grep -v '^kernel\|^results' "$OUT/$mode.out" || true
    case $status in
    1) echo "=> exit status 1: the harness reported the dead worker and carried on" ;;
    139) echo "=> exit status 139: killed by SIGSEGV, the whole program died with the thread" ;;
    *) echo "=> exit status $status" ;;
    esac
    echo "$mode,$status" >>"$OUT/exit_status.csv"
done
# The same crash, but only on the task's first try: the pool replaces the
# dead worker, runs task 5 again on the fresh one, and the run succeeds.
echo "--- pool: GILBENCH_CRASH_TASK=5:once gilbench run -k primes -m pool -w 2"
set +e
GILBENCH_CRASH_TASK=5:once "$GILBENCH" run -k primes -m pool -w 2 -r 1 --warmup 0 --quick \
    --no-probe --no-progress -o "$OUT/pool-once" >"$OUT/pool-once.out" 2>&1
status=$?
set -e
echo "=> exit status $status; runs.csv: worker_replacements=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } { print $c["worker_replacements"] }' "$OUT/pool-once/runs.csv"), task_retries=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } { print $c["task_retries"] }' "$OUT/pool-once/runs.csv")"
echo "pool-once,$status" >>"$OUT/exit_status.csv"
