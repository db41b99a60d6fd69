#!/usr/bin/env bats
# Lessons 17 to 21 in their QUICK mode (lessons_helpers.bash says what every
# lesson must leave behind; each block adds what is particular to it).

load lessons_helpers

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
