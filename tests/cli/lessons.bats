#!/usr/bin/env bats
# Every lesson runs in its QUICK mode and leaves what its text talks about:
# the charts its figures.txt names, drawn, and every figure of figures.txt
# computable from the run (so QUICK measures the same rows as the full
# run).  A lesson's own block adds what is particular to it.  Results go to
# a temporary directory, never into the checkout.  The lessons' texts are
# checked by lessons_shape.bats.

setup() {
    TOP=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
    export LESSON_RESULTS=$BATS_TEST_TMPDIR/lessons
    export QUICK=1
}

# run_lesson NN-name: runs it, then checks its charts and figures; sets
# $out to its result directory.
run_lesson() {
    out=$LESSON_RESULTS/$1
    run "$TOP/lessons/$1/run.sh"
    if [ "$status" -ne 0 ]; then
        echo "$output"
        return 1
    fi
    [[ "$output" == *"-- the reference machine"* ]] || { echo "$1: no reference-vs-yours table"; echo "$output"; return 1; }
    # On a machine the lesson itself reported busy, a result may not exist
    # (no task size at which 2 workers on a fraction of a core break even):
    # an empty cell is then accepted; a missing row or column never is.
    busy=0
    [[ "$output" == *"warning: the machine was busy"* ]] && busy=1
    python3 - "$TOP/lessons/$1" "$out" "$busy" <<'PY'
import glob, os, sys
sys.path.insert(0, os.path.join(os.path.dirname(sys.argv[1]), "tools"))
import figures
lesson, out, busy = sys.argv[1:]
m = figures.Manifest(lesson)
bad = [c for c in m.charts if not glob.glob(os.path.join(glob.escape(out), "**", "plots", c + ".png"), recursive=True)]
for f in m.figures:
    try:
        f.value(out)
    except figures.ManifestError as e:
        if busy == "1" and "is '', not a number" in str(e):
            print(f"{os.path.basename(lesson)}: figure {f.ident}: no value on a busy machine", file=sys.stderr)
            continue
        bad.append(f"figure {f.ident}: {e}")
if bad:
    sys.exit("\n".join(f"{os.path.basename(lesson)}: {b}" for b in bad))
PY
}

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
        [[ "$output" == *" $holds holds, "*" $handovers hand-overs"* ]]
        grep -q "$(python3 -c "print(f'{$holds:,}')") holds, $handovers hand-over" "$out/plots/timeline.svg"
    done
}

@test "06-the-convoy-effect" {
    run_lesson 06-the-convoy-effect
    out=$LESSON_RESULTS/06-the-convoy-effect
    grep -q '^beside-cpu,gil-legacy,' "$out/convoy.csv"
    [ "$(grep -c '^beside-cpu,gil,' "$out/convoy.csv")" -eq 3 ]
    grep -q '^measured_cores: [0-9]' "$out/probe/meta"
}

@test "07-the-switch-interval" {
    run_lesson 07-the-switch-interval
}

@test "08-memory-bound-work" {
    run_lesson 08-memory-bound-work
}

@test "09-uneven-work" {
    run_lesson 09-uneven-work
}

@test "10-when-a-worker-crashes" {
    run_lesson 10-when-a-worker-crashes
}

@test "11-the-real-gil" {
    run_lesson 11-the-real-gil
}

@test "12-the-pool-methods" {
    run_lesson 12-the-pool-methods
}

@test "13-start-methods" {
    run_lesson 13-start-methods
}

@test "14-talking-between-processes" {
    run_lesson 14-talking-between-processes
}

@test "15-sharing-state" {
    run_lesson 15-sharing-state
}

@test "16-real-workloads" {
    run_lesson 16-real-workloads
}

@test "17-where-scaling-stops" {
    run_lesson 17-where-scaling-stops
}

@test "18-measuring-honestly" {
    run_lesson 18-measuring-honestly
}

@test "19-waiting-with-an-event-loop" {
    run_lesson 19-waiting-with-an-event-loop
}

@test "20-beyond-one-machine" {
    run_lesson 20-beyond-one-machine
}

@test "21-choosing-the-tool" {
    run_lesson 21-choosing-the-tool
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
