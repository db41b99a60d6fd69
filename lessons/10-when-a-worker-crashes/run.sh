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
