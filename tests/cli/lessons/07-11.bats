#!/usr/bin/env bats
# Lessons 07 to 11 in their QUICK mode (lessons_helpers.bash says what every
# lesson must leave behind; each block adds what is particular to it).

load lessons_helpers

@test "07-the-switch-interval" {
    run_lesson 07-the-switch-interval
    out=$LESSON_RESULTS/07-the-switch-interval
    # QUICK measures the three intervals whose figures the text quotes, in
    # runs long enough that each has hand-overs (at 25 ms runs, 50 ms had none).
    [ "$(grep -c '^primes,gil,2,' "$out/summary.csv")" -eq 3 ]
    python3 - "$out/summary.csv" <<'PY'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["mode"] == "gil"]
bad = [r["switch_interval_s"] for r in rows if float(r["gil_handovers"]) < 10]
sys.exit(f"too few hand-overs at {bad}" if bad else 0)
PY
}

@test "08-memory-bound-work" {
    run_lesson 08-memory-bound-work
    out=$LESSON_RESULTS/08-memory-bound-work
    # QUICK keeps a warm-up (REPS): without one, seq alone pays the first
    # touch of every page and threads on 1 worker came out 2.81x faster.
    grep -q -- '--warmup 1' "$TOP/lessons/lib.sh"
    grep -q '"${REPS\[@\]}"' "$TOP/lessons/08-memory-bound-work/run.sh"
    grep -q '^triad,threads,2,' "$out/summary.csv"
    grep -q '^sumsq,spawn,2,' "$out/summary.csv"
}

@test "09-uneven-work" {
    run_lesson 09-uneven-work
    out=$LESSON_RESULTS/09-uneven-work
    # Four dealings, speedups printed as 1.23x (not 1.2278), gilbench's own
    # output (its warnings included) on screen, and the chart drawn.
    [ "$(wc -l <"$out/dealing.csv")" -eq 5 ]
    grep -q '^chunks-32,' "$out/dealing.csv"
    [[ "$output" == *"chunks of 32       speedup "[0-9]*.[0-9][0-9]"x"* ]]
    [[ "$output" == *"kernel      mode"* ]]
    [ -s "$out/plots/dealing.png" ]
}

@test "10-when-a-worker-crashes" {
    run_lesson 10-when-a-worker-crashes
    out=$LESSON_RESULTS/10-when-a-worker-crashes
    # Processes report the dead worker and stop; the pool retries a task
    # that crashes or hangs once and finishes; threads die with it, and the
    # lesson explains bash's "Segmentation fault" line before it appears.
    grep -qx 'fork,1' "$out/outcomes.csv"
    grep -qx 'pool,1' "$out/outcomes.csv"
    grep -qx 'pool-once,0' "$out/outcomes.csv"
    grep -qx 'pool-hang,0' "$out/outcomes.csv"
    grep -qx 'pool-clean,0' "$out/outcomes.csv"
    # The recovery chart's three finished runs: no fault replaces nothing,
    # a crash once and a hang once replace one worker and retry one task.
    [ "$(cut -d, -f1,3,4 "$out/recovery.csv" | tr '\n' ' ')" = \
      "label,worker_replacements,task_retries no fault,0,0 crashes once,1,1 hangs once (timeout 0.5 s),1,1 " ]
    grep -qx 'threads,139' "$out/outcomes.csv"
    grep -q 'killed by signal 11 (Segmentation fault)' "$out/fork.out"
    grep -q 'task 5: worker [0-9] (pid [0-9]*) was killed by signal 11 (Segmentation fault), the last of 3 tries' "$out/pool.out"
    [[ "$output" == *"not a failure of the lesson"*"Segmentation fault"*"exit status 139"* ]]
}

@test "11-the-real-gil" {
    run_lesson 11-the-real-gil
    out=$LESSON_RESULTS/11-the-real-gil
    if command -v python3 >/dev/null 2>&1; then
        [ "$(head -n 1 "$out/calibration.csv")" = "kernel,workers,cpython_mode,cpython_speedup,gilbench_mode,gilbench_speedup" ]
        [ "$(wc -l <"$out/calibration.csv")" -eq 13 ]
    else
        [[ "$output" == *"python3 is not installed"* ]]
    fi
}



@test "make calibrate without python3 says so and skips cleanly" {
    bin=$BATS_TEST_TMPDIR/bin
    mkdir -p "$bin"
    for tool in dirname bash; do ln -s "$(command -v "$tool")" "$bin/$tool"; done
    run env PATH="$bin" "$(command -v bash)" "$TOP/bench/calibrate.sh"
    [ "$status" -eq 0 ]
    [[ "$output" == *"python3 is not installed"* ]]
    [[ "$output" == *"skipped"* ]]
}
