#!/usr/bin/env bash
# 10-when-a-worker-crashes: see README.md beside this file.  QUICK=1 for a fast pass.
# `sh run.sh` runs it with dash, which has no pipefail: hand it to bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$(dirname "$0")/../lib.sh"
lesson_init 10-when-a-worker-crashes
# Fault injection: GILBENCH_CRASH_TASK=5 makes whichever worker runs task 5
# die of a segmentation fault, as a bug in a C extension would kill it;
# GILBENCH_HANG_TASK=5 makes it hang.  Each case is one repetition of primes
# on 2 workers at the --quick size: what matters is what happens, not how
# fast, so QUICK runs the same cases.
echo "case,exit_status" >"$OUT/outcomes.csv"
# attempt CASE MODE [OPTION...]: runs primes, prints what gilbench said and
# what its exit status means, records the status in outcomes.csv.
attempt() {
    local name=$1 mode=$2 status
    shift 2
    set +e
    "$GILBENCH" run -k primes -m "$mode" -w 2 "$@" -r 1 --warmup 0 --quick --no-probe --no-progress \
        -o "$OUT/$name" >"$OUT/$name.out" 2>&1
    status=$?
    set -e
    sed 's/^/   | /' "$OUT/$name.out"
    case $status in
    0) echo "=> exit status 0: the run finished, every task done and the checksum right" ;;
    1) echo "=> exit status 1: gilbench stopped the run, reported the dead worker, reaped the others; nothing hangs" ;;
    139) echo "=> exit status 139 = 128 + 11: the whole program was killed by signal 11 (SIGSEGV)" ;;
    *) echo "=> exit status $status" ;;
    esac
    echo "$name,$status" >>"$OUT/outcomes.csv"
}
runs_csv() { # DIR COLUMN: COLUMN of DIR's one repetition in runs.csv
    awk -F, -v col="$2" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } { print $c[col] }' "$1/runs.csv"
}

echo
echo "--- 1. fork: GILBENCH_CRASH_TASK=5 gilbench run -k primes -m fork -w 2"
GILBENCH_CRASH_TASK=5 attempt fork fork

echo
echo "--- 2. pool: GILBENCH_CRASH_TASK=5 gilbench run -k primes -m pool -w 2   (--retries 2 by default)"
GILBENCH_CRASH_TASK=5 attempt pool pool

echo
echo "--- 2b. pool, no fault at all: the time the two runs below are compared with"
attempt pool-clean pool

echo
echo "--- 3. pool, a crash on the first try only: GILBENCH_CRASH_TASK=5:once ... -m pool"
GILBENCH_CRASH_TASK=5:once attempt pool-once pool
echo "   runs.csv: worker_replacements=$(runs_csv "$OUT/pool-once" worker_replacements)," \
    "task_retries=$(runs_csv "$OUT/pool-once" task_retries)"

echo
echo "--- 4. pool, a task that hangs once: GILBENCH_HANG_TASK=5:once ... -m pool --task-timeout 0.5"
GILBENCH_HANG_TASK=5:once attempt pool-hang pool --task-timeout 0.5
echo "   runs.csv: wall_s=$(runs_csv "$OUT/pool-hang" wall_s)," \
    "worker_replacements=$(runs_csv "$OUT/pool-hang" worker_replacements)," \
    "task_retries=$(runs_csv "$OUT/pool-hang" task_retries)"

echo
echo "--- 5. threads: GILBENCH_CRASH_TASK=5 gilbench run -k primes -m threads -w 2"
echo "   Threads share one process, so the segmentation fault kills all of gilbench."
echo "   bash, which ran it, reports that on the next line (\"Segmentation fault\"):"
echo "   that line is the lesson's result, not a failure of the lesson."
GILBENCH_CRASH_TASK=5 attempt threads threads

# The three pool runs that finished, side by side: what surviving costs.
{
    echo "label,wall_s,worker_replacements,task_retries"
    for c in "no fault:pool-clean" "crashes once:pool-once" "hangs once (timeout 0.5 s):pool-hang"; do
        echo "${c%%:*},$(runs_csv "$OUT/${c#*:}" wall_s),$(runs_csv "$OUT/${c#*:}" worker_replacements),$(runs_csv "$OUT/${c#*:}" task_retries)"
    done
} >"$OUT/recovery.csv"
cp "$OUT/pool-clean/meta" "$OUT/meta" # the machine, for the chart's footer
lesson_chart "$OUT" recovery

echo
lesson_finish
