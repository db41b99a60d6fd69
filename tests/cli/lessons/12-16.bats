#!/usr/bin/env bats
# Lessons 12 to 16 in their QUICK mode (lessons_helpers.bash says what every
# lesson must leave behind; each block adds what is particular to it).

load lessons_helpers

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
