#!/usr/bin/env bats
# Lessons 01 to 06 in their QUICK mode (lessons_helpers.bash says what every
# lesson must leave behind; each block adds what is particular to it).

load lessons_helpers

@test "01-threads-under-the-gil" {
    run_lesson 01-threads-under-the-gil
}

@test "02-waiting-is-different" {
    run_lesson 02-waiting-is-different
    out=$LESSON_RESULTS/02-waiting-is-different
    grep -q '^sleep,gil,4,' "$out/summary.csv"
    grep -q '^primes,threads,4,' "$out/summary.csv"
    # only the chart the text discusses
    [ "$(ls "$out/plots" | grep -c '\.png$')" -eq 1 ]
    [[ "$output" != *"skipping"* ]]
}

@test "03-what-a-process-costs" {
    run_lesson 03-what-a-process-costs
    out=$LESSON_RESULTS/03-what-a-process-costs
    for m in thread fork vfork posix_spawn fork_exec spawn_worker pool forkserver; do
        grep -q "^$m,0," "$out/startup.csv"
        grep -q "^$m,256," "$out/startup.csv"
    done
    # startup measures no core count: lesson_finish probes one
    grep -q '^measured_cores: [0-9]' "$out/probe/meta"
}

@test "04-when-parallelism-pays" {
    run_lesson 04-when-parallelism-pays
    out=$LESSON_RESULTS/04-when-parallelism-pays
    for m in threads fork pool spawn; do grep -q "^$m," "$out/breakeven.csv"; done
    [ "$(head -n 1 "$out/python_startup.csv")" = "what,runs,median_ms,min_ms,max_ms" ]
    for w in interpreter import_mp pool_fork pool_spawn thread; do grep -q "^$w," "$out/python_startup.csv"; done
    for m in thread fork spawn_worker; do grep -q "^$m,0," "$out/startup/startup.csv"; done
}

@test "05-the-old-gil" {
    run_lesson 05-the-old-gil
    out=$LESSON_RESULTS/05-the-old-gil
    grep -q '^primes,gil-legacy,2,' "$out/summary.csv"
    [ "$(head -n 1 "$out/trace-gil.csv")" = "time_s,thread,event" ]
    [ "$(wc -l <"$out/trace-gil-legacy.csv")" -gt 100 ]
    # one count of holds and hand-overs: the screen, handovers.csv and the
    # chart's titles (drawn over the whole traces) say the same
    [ "$(head -n 1 "$out/handovers.csv")" = "mode,holds,handovers,drop_requests,duration_ms" ]
    for mode in gil gil-legacy; do
        IFS=, read -r _ holds handovers _ <<<"$(grep "^$mode," "$out/handovers.csv")"
        [ "$handovers" -lt "$holds" ]
        # "%6d holds, %3d hand-overs": one space or more before each count.
        [[ "$output" =~ [[:space:]]$holds\ holds,\ +$handovers\ hand-overs ]] ||
            { echo "holds=$holds handovers=$handovers"; echo "$output" | grep holds; false; }
        grep -q "$(python3 -c "print(f'{$holds:,} holds, {$handovers:,} hand-over')")" "$out/plots/timeline.svg"
    done
}

@test "06-the-convoy-effect" {
    run_lesson 06-the-convoy-effect
    out=$LESSON_RESULTS/06-the-convoy-effect
    grep -q '^beside-cpu,gil-legacy,' "$out/convoy.csv"
    [ "$(grep -c '^beside-cpu,gil,' "$out/convoy.csv")" -eq 3 ]
    grep -q '^measured_cores: [0-9]' "$out/probe/meta"
}
