#!/usr/bin/env bats
# Every lesson runs in its quick mode and leaves the results its text talks
# about.  Results go to a temporary directory, never into the checkout.

setup() {
    TOP=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
    export LESSON_RESULTS=$BATS_TEST_TMPDIR/lessons
    export QUICK=1
}

run_lesson() {
    run "$TOP/lessons/$1/run.sh"
    if [ "$status" -ne 0 ]; then
        echo "$output"
        return 1
    fi
}

@test "every lesson directory has a README and an executable run.sh, and is in the index" {
    for d in "$TOP"/lessons/[0-9][0-9]-*/; do
        name=$(basename "$d")
        [ -s "$d/README.md" ] || { echo "$name: no README.md"; return 1; }
        [ -x "$d/run.sh" ] || { echo "$name: run.sh missing or not executable"; return 1; }
        grep -q "($name/README.md)" "$TOP/lessons/README.md" || { echo "$name: not in lessons/README.md"; return 1; }
    done
}

@test "01: gil, threads and fork on primes, with a speedup chart" {
    run_lesson 01-threads-under-the-gil
    out=$LESSON_RESULTS/01-threads-under-the-gil
    for m in seq gil threads fork; do grep -q "^primes,$m," "$out/summary.csv"; done
    [ -s "$out/plots/speedup-primes.png" ]
}

@test "02: primes and sleep under the GIL, with the CPU vs I/O chart" {
    run_lesson 02-waiting-is-different
    out=$LESSON_RESULTS/02-waiting-is-different
    grep -q '^sleep,gil,4,' "$out/summary.csv"
    [ -s "$out/plots/cpu_vs_io.png" ]
}

@test "03: start-up cost of every mechanism, with its chart" {
    run_lesson 03-what-a-process-costs
    out=$LESSON_RESULTS/03-what-a-process-costs
    for m in thread fork vfork posix_spawn fork_exec spawn_worker pool; do grep -q "^$m," "$out/startup.csv"; done
    [ -s "$out/plots/startup.png" ]
}

@test "04: break-even task sizes, with the granularity chart" {
    run_lesson 04-when-parallelism-pays
    out=$LESSON_RESULTS/04-when-parallelism-pays
    grep -q '^threads,' "$out/breakeven.csv"
    grep -q '^fork,' "$out/breakeven.csv"
    [ -s "$out/plots/granularity.png" ]
}

@test "05: old and new GIL, traced, with the timeline chart" {
    run_lesson 05-the-old-gil
    out=$LESSON_RESULTS/05-the-old-gil
    grep -q '^primes,gil-legacy,2,' "$out/summary.csv"
    [ "$(head -n 1 "$out/trace-gil.csv")" = "time_s,thread,event" ]
    [ "$(wc -l <"$out/trace-gil-legacy.csv")" -gt 100 ]
    [ -s "$out/plots/timeline.png" ]
}

@test "06: the convoy effect, with its chart" {
    run_lesson 06-the-convoy-effect
    out=$LESSON_RESULTS/06-the-convoy-effect
    grep -q '^beside-cpu,gil-legacy,' "$out/convoy.csv"
    [ -s "$out/plots/convoy.png" ]
}

@test "07: a sweep of switch intervals, with its chart" {
    run_lesson 07-the-switch-interval
    out=$LESSON_RESULTS/07-the-switch-interval
    [ "$(grep -c '^primes,gil,2,' "$out/summary.csv")" -eq 6 ]
    [ -s "$out/plots/switch_interval.png" ]
}

@test "08: memory-bound against CPU-bound" {
    run_lesson 08-memory-bound-work
    out=$LESSON_RESULTS/08-memory-bound-work
    grep -q '^triad,threads,2,' "$out/summary.csv"
    grep -q '^sumsq,spawn,2,' "$out/summary.csv"
}

@test "09: chunk sizes of a pool against fork's fixed split" {
    run_lesson 09-uneven-work
    out=$LESSON_RESULTS/09-uneven-work
    [ "$(wc -l <"$out/dealing.csv")" -eq 5 ]
    grep -q '^chunksize-32,' "$out/dealing.csv"
}

@test "10: a crashed worker: processes report it, threads die with it" {
    run_lesson 10-when-a-worker-crashes
    out=$LESSON_RESULTS/10-when-a-worker-crashes
    grep -qx 'fork,1' "$out/exit_status.csv"
    grep -qx 'pool,1' "$out/exit_status.csv"
    grep -qx 'threads,139' "$out/exit_status.csv"
    grep -qx 'pool-once,0' "$out/exit_status.csv"
    grep -q 'Segmentation fault' "$out/fork.out"
    grep -q 'task 5: worker [0-9] (pid [0-9]*) was killed by signal 11' "$out/pool.out"
}

@test "11: calibration against CPython (or a clean skip without python3)" {
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
