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

@test "12-the-pool-methods" {
    run_lesson 12-the-pool-methods
    # The C pool's tour: map in order, the callback and the async result.
    [[ "$output" == *"0 1 4 9 16 25 36 49 64 81"* ]]
    [[ "$output" == *"callback: 49"* ]]
    [[ "$output" == *"apply_async: 49"* ]]
    # imap hands results back in input order (position = task), every time.
    python3 - "$out/pool/pool_order.csv" <<'PY'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["method"] == "imap"]
assert rows and all(r["position"] == r["task"] for r in rows), "imap out of order"
PY
}

@test "13-start-methods" {
    run_lesson 13-start-methods
    # The guard demo: spawn's RuntimeError without it, a clean child with it.
    [[ "$output" == *"has finished its bootstrapping phase"* ]]
    [[ "$output" == *"parent: the child exited with 1"* ]]
    [[ "$output" == *"parent: the child exited with 0"* ]]
    for m in fork spawn forkserver; do grep -q "^$m," "$out/python_start.csv"; done
}

@test "14-talking-between-processes" {
    run_lesson 14-talking-between-processes
    # Every channel delivered every byte; CPython's four measurements are there.
    # (intact is the last column of all four files)
    [ -z "$(grep -h ',0$' "$out"/ipc/latency.csv "$out"/ipc/bandwidth.csv "$out"/ipc/serialise.csv "$out"/ipc/send_vs_share.csv)" ]
    [ "$(cut -d, -f1 "$out/python_ipc.csv" | tr '\n' ' ')" = "what Pipe Queue pickle json " ]
}

@test "15-sharing-state" {
    run_lesson 15-sharing-state
    # The mutex and atomic counters are exact in every batch (a correctness
    # figure, not a time).
    python3 - "$out/shared/counter.csv" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1])):
    if r["method"] in ("mutex", "atomic"):
        assert r["exact_batches"] == r["batches"] and r["most_lost"] == "0", r
PY
}

@test "16-real-workloads" {
    run_lesson 16-real-workloads
    # Both GIL variants of the photo batch, the hashing threshold on both
    # sides, every picture written, and the generated files removed.
    python3 - "$out" <<'PY'
import csv, os, sys
out = sys.argv[1]
images = list(csv.DictReader(open(os.path.join(out, "images", "images.csv"))))
assert {(r["mode"], r["gil_release"]) for r in images} >= {("gil", "held"), ("gil", "released")}, images
hashes = list(csv.DictReader(open(os.path.join(out, "hash", "hash.csv"))))
gil = {int(r["block_bytes"]): r["gil_released"] for r in hashes if r["mode"] == "gil"}
assert gil.get(2047) == "0" and gil.get(2048) == "1", gil
PY
    [ "$(find "$out/pictures" -type f | wc -l)" -eq 8 ]
    [ ! -e "$out/files" ]
}

@test "17-where-scaling-stops" {
    run_lesson 17-where-scaling-stops
    # The fit covers every mode of both kernels, on the worker counts the
    # cores can run at once, and its capped curve never exceeds the law.
    python3 - "$out" <<'PY'
import csv, os, sys
out = sys.argv[1]
rows = list(csv.DictReader(open(os.path.join(out, "amdahl.csv"))))
assert {(r["kernel"], r["mode"]) for r in rows} == {(k, m) for k in ("primes", "triad") for m in ("gil", "threads", "fork")}, rows
for r in rows:
    assert 0 <= float(r["p"]) <= 1, r
    assert int(r["fit_workers"]) == len([w for w in (1, 2, 4, 8) if w <= int(r["cores"])]), r
    assert float(r["amdahl_cores"]) <= float(r["amdahl"]) + 1e-9, r
PY
}

@test "17-where-scaling-stops: the fit recovers p from speedups that follow Amdahl's law" {
    dir=$BATS_TEST_TMPDIR/fit
    mkdir -p "$dir"
    printf 'online_cores: 4\n' >"$dir/meta"
    python3 - "$dir/summary.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("kernel,mode,workers,speedup\nk,seq,1,1\n")
    for n in (1, 2, 4, 8):
        # p = 0.8 up to the 4 cores; above them, what 4 workers give.
        f.write(f"k,threads,{n},{1 / (0.2 + 0.8 / min(n, 4)):.6f}\n")
PY
    run python3 "$TOP/lessons/17-where-scaling-stops/amdahl_fit.py" "$dir"
    [ "$status" -eq 0 ]
    python3 - "$dir/amdahl.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert len(rows) == 4 and all(abs(float(r["p"]) - 0.8) < 0.002 for r in rows), rows
assert all(r["fit_workers"] == "3" for r in rows), rows
eight = next(r for r in rows if r["workers"] == "8")
assert abs(float(eight["amdahl_cores"]) - float(eight["measured_speedup"])) < 0.01, eight
PY
}

@test "18-measuring-honestly" {
    run_lesson 18-measuring-honestly
    # Every run has the same repetitions (no re-measuring), the comparisons
    # name a verdict per configuration, and the busy loop is gone.
    python3 - "$out" <<'PY'
import csv, os, sys
out = sys.argv[1]
for x in "bcd":
    rows = list(csv.DictReader(open(os.path.join(out, f"a-vs-{x}", "compare.csv"))))
    assert len(rows) == 3, rows
    for r in rows:
        assert r["n_a"] == r["n_b"] == "7", r
        assert r["verdict"] in ("slower", "faster", "no measurable difference"), r
PY
    [[ "$output" == *"d/meta"*"is expected"* ]]
    [ -z "$(pgrep -f lesson18-busy-loop || true)" ]
}

@test "19-waiting-with-an-event-loop" {
    run_lesson 19-waiting-with-an-event-loop
    # Every mode at every task count, and each run's checksum equal to
    # seq's: the event loop did the same work on its one thread.
    for m in threads gil eventloop; do
        for w in 1 2 4 8; do
            grep -q "^sleep,$m,$w," "$out/summary.csv"
            grep -q "^primes,$m,$w," "$out/summary.csv"
        done
    done
    python3 - "$out/runs.csv" "$out/many/runs.csv" <<'PY'
import csv, sys
for path in sys.argv[1:]:
    sums = {}
    for r in csv.DictReader(open(path)):
        sums.setdefault(r["kernel"], set()).add(r["checksum"])
    bad = {k: v for k, v in sums.items() if len(v) != 1}
    if bad:
        sys.exit(f"{path}: checksums differ between modes: {bad}")
PY
    grep -q '^sleep,eventloop,64,' "$out/many/summary.csv"
    grep -q '^sleep,gil,64,' "$out/many/summary.csv"
}

@test "20-beyond-one-machine" {
    run_lesson 20-beyond-one-machine
    for m in threads fork openmp-static openmp-dynamic; do
        grep -q "^mandelbrot,$m,3," "$out/summary.csv"
        grep -q "^primes,$m,2," "$out/primes/summary.csv"
    done
    grep -q '^primes,mpi,2,' "$out/mpi/summary.csv"
    # The MPI ranks and every gilbench mode computed the same answer.
    [ "$(cut -d, -f14 "$out/mpi/runs.csv" | sort -u | grep -vc checksum)" -eq 1 ]
    grep -q '^mpi,8,' "$out/mpi/pingpong.csv"
    grep -q '^mpi,4096,' "$out/mpi/pingpong.csv"
    grep -q '^pipe,8,.*,1$' "$out/ipc/latency.csv"
}

@test "21-choosing-the-tool" {
    run_lesson 21-choosing-the-tool
    [ "$(head -n 1 "$out/choose.csv")" = "row,workload,advice,baseline,best,best_speedup,runner_up,runner_up_speedup" ]
    [ "$(cut -d, -f1 "$out/choose.csv" | tail -n +2 | tr '\n' ' ')" = "cpu io c tiny shared " ]
    [[ "$output" == *"measured best"* ]]
    # choose.py: bad usage, and a run missing a baseline, say so.
    run python3 "$TOP/lessons/21-choosing-the-tool/choose.py"
    [ "$status" -eq 2 ]
    copy=$BATS_TEST_TMPDIR/copy
    cp -r "$out" "$copy"
    grep -v '^sleep,seq,' "$out/io/summary.csv" >"$copy/io/summary.csv"
    run python3 "$TOP/lessons/21-choosing-the-tool/choose.py" "$copy"
    [ "$status" -eq 1 ]
    [[ "$output" == *"I/O-bound"*"no seq row (the baseline)"* ]]
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
