#!/usr/bin/env bats
# run/faults.bats - the gilbench command line, part 3 of 3 (usage/*.bats and
# run/results.bats are the others): crashed and hung workers, interrupts and
# abrupt death: the run says what happened, exits 1 (or 128+signal), leaves
# no process behind, and whatever it wrote is whole.
# Runs against $GILBENCH when set (tests/run.sh points it at the ASan build).

load ../helpers

@test "helper check: run_reaped does see a process left behind" {
    # Without this, a broken reaper would pass every no_orphans below.
    run_reaped sh -c 'sleep 30 & exit 3'
    [ "$status" -eq 3 ] || fail "$(show_run)"
    [ -s "$ORPHANS" ] || fail "the orphaned sleep went unnoticed"
}

@test "helper check: run_reaped does see a zombie left behind" {
    # A child that exited and was never waited for: when its parent ends
    # it is re-parented to the reaper, which must list it in state Z (the
    # zombies no_orphans guards against; a zombie is never the test
    # shell's own child, the reaper sits in between).
    run_reaped python3 -c '
import os, sys
pid = os.fork()
if pid == 0:
    os._exit(0)
while True:  # until the child is a zombie, without reaping it
    with open("/proc/%d/stat" % pid) as f:
        if f.read().rsplit(")", 1)[1].split()[0] == "Z":
            break
os.execvp("true", ["true"])'
    [ "$status" -eq 0 ] || fail "$(show_run)"
    grep -q ' Z$' "$ORPHANS" || fail "the zombie went unnoticed:" "$(cat "$ORPHANS")"
}

# --- crash ---------------------------------------------------------------

# crashed_worker_fails MODE: with GILBENCH_CRASH_TASK=3, one worker process
# of MODE dies of SIGSEGV.  The run fails (exit 1) saying which signal, it
# reaps every child itself (nothing is left to the subreaper: no zombie,
# no orphan), and the files it leaves are whole (the failed configuration
# has no rows).
crashed_worker_fails() {
    local mode=$1
    GILBENCH_CRASH_TASK=3 run_reaped "$GB" run -k primes -m "$mode" -w 2 -n 100000 -r 3 --warmup 0 \
        --no-probe --no-progress -o "$OUT"
    [ "$status" -eq 1 ] || fail "expected exit 1" "$(show_run)"
    [[ "$stderr" == *"killed by signal 11 (Segmentation fault)"* ]] || fail "$(show_run)"
    [[ "$stderr" == *"primes/$mode"* ]] || fail "the message should name the configuration" "$(show_run)"
    no_orphans
    check_csv "$OUT/runs.csv" "$RUNS_HEADER"
    check_csv "$OUT/summary.csv" "$SUMMARY_HEADER"
    [ "$(data_rows "$OUT/runs.csv")" -eq 0 ] || fail "a crashed configuration must not have rows"
    no_temp_files "$OUT"
}

@test "fork: a worker killed by SIGSEGV fails the run (exit 1), named, reaped" {
    crashed_worker_fails fork
}

@test "pool: a worker killed by SIGSEGV fails the run (exit 1), named, reaped" {
    crashed_worker_fails pool
}

@test "spawn: a worker killed by SIGSEGV fails the run (exit 1), named, reaped" {
    crashed_worker_fails spawn
}

@test "fork: a crash in one worker of 5 is reported once and the others are reaped" {
    GILBENCH_CRASH_TASK=0 run_reaped "$GB" run -k sleep -m fork -w 5 -n 200 -t 20 "${FAST[@]}" -o "$OUT"
    [ "$status" -eq 1 ] || fail "$(show_run)"
    [ "$(grep -c 'killed by signal 11' <<<"$stderr")" -eq 1 ] || fail "$(show_run)"
    [[ "$stderr" == *"worker 0 "* ]] || fail "task 0 belongs to worker 0" "$(show_run)"
    no_orphans
}

@test "crash env in a sweep: seq runs in the main process, so the harness itself dies" {
    # The fault injection applies to every kernel and mode, and sweep runs
    # seq first, in gilbench's own process: a segfault there kills the
    # harness (as a crashing C extension kills the interpreter).  What
    # must hold: it dies of SIGSEGV rather than claiming success, leaves
    # no worker behind, and what is on disk is whole.
    GILBENCH_CRASH_TASK=3 run_reaped "$GB" sweep -k sumsq,primes -m fork -w 2 -n 20000 -r 2 --warmup 0 \
        --no-probe --no-progress -o "$OUT"
    [ "$status" -eq 139 ] || fail "expected death by SIGSEGV (139)" "$(show_run)"
    no_orphans
    grep -q '^options: sweep -k sumsq,primes' "$OUT/meta" || fail "meta is incomplete" "$(cat "$OUT/meta")"
    if [ -e "$OUT/runs.csv" ]; then
        check_csv "$OUT/runs.csv" "$RUNS_HEADER"
    fi
    no_temp_files "$OUT"
}

@test "threads: a crashing worker takes the whole process down (the lesson of threads vs processes)" {
    GILBENCH_CRASH_TASK=3 run_reaped "$GB" run -k primes -m threads -w 2 -n 100000 "${FAST[@]}" -o "$OUT"
    [ "$status" -eq 139 ] || fail "$(show_run)"
    no_orphans
}

@test "killed mid-sweep (SIGKILL): the rows written so far are whole and parseable" {
    # The harshest crash of the harness itself: no handler runs.  Files
    # are replaced by rename, so runs.csv is an old or a new version,
    # never a torn one.
    start_background "$GB" sweep -k sleep -m threads,fork -w 2 -n 100 -r 50 --warmup 0 --no-probe --no-progress \
        -o "$OUT"
    wait_for_rows "$OUT/runs.csv" 3 20
    # Hold on to this version of runs.csv: replaced by rename, it must
    # never change under a reader, whatever is written after it.
    local snap="$BATS_TEST_TMPDIR/snapshot.csv"
    ln "$OUT/runs.csv" "$snap"
    cp "$snap" "$snap.copy"
    wait_for_rows "$OUT/runs.csv" 6 20
    kill -KILL "$BG_PID"
    wait_bounded "$BG_PID" 10
    [ "$BG_STATUS" -eq 137 ] || fail "status $BG_STATUS"
    check_csv "$OUT/runs.csv" "$RUNS_HEADER"
    check_csv "$OUT/summary.csv" "$SUMMARY_HEADER"
    [ "$(data_rows "$OUT/runs.csv")" -ge 6 ] || fail "rows were lost"
    [ "$(stat -c %i "$snap")" != "$(stat -c %i "$OUT/runs.csv")" ] || fail "runs.csv was rewritten in place"
    cmp -s "$snap" "$snap.copy" || fail "an earlier runs.csv changed under its reader"
    check_csv "$snap" "$RUNS_HEADER"
    [ "$(csv_column "$OUT/runs.csv" checksum | sort -u)" = 100 ] || fail "$(cat "$OUT/runs.csv")"
    # Files are written after each whole round (seq, threads, fork), so
    # what is on disk is whole rounds, in order.
    [ $(($(data_rows "$OUT/runs.csv") % 3)) -eq 0 ] || fail "a partial round on disk:" "$(cat "$OUT/runs.csv")"
    awk -F, 'BEGIN { split("seq threads fork", order, " ") }
             NR > 1 && $2 != order[(NR - 2) % 3 + 1] { bad = 1 }
             END { exit bad }' "$OUT/runs.csv" || fail "rows out of order:" "$(cat "$OUT/runs.csv")"
}

# --- hang ----------------------------------------------------------------

# hung_worker_killed MODE: with GILBENCH_HANG_TASK=1 and --timeout 1, a
# worker process of MODE never finishes; the harness gives up on it, kills
# and reaps it, and exits 1 saying so.  `timeout` only guards the suite.
hung_worker_killed() {
    local mode=$1
    GILBENCH_HANG_TASK=1 run_reaped timeout -k 5 30 "$GB" run -k primes -m "$mode" -w 2 -n 100000 \
        --timeout 1 "${FAST[@]}" -o "$OUT"
    [ "$status" -eq 1 ] || fail "expected exit 1 (124 or 137: it never gave up)" "$(show_run)"
    [[ "$stderr" == *"killed as hung"* ]] || fail "$(show_run)"
    [[ "$stderr" == *"--timeout 1 s"* ]] || fail "the message should give the timeout" "$(show_run)"
    no_orphans
    check_csv "$OUT/runs.csv" "$RUNS_HEADER"
    [ "$(data_rows "$OUT/runs.csv")" -eq 0 ] || fail "a hung configuration must not have rows"
}

@test "fork: a hung worker is killed at --timeout 1 and the run exits 1" {
    hung_worker_killed fork
}

@test "pool: a hung worker is killed at --timeout 1 and the run exits 1" {
    hung_worker_killed pool
}

@test "spawn: a hung worker is killed at --timeout 1 and the run exits 1" {
    hung_worker_killed spawn
}

@test "fork: a fractional --timeout 1.5 catches a hang in worker 0 of 3" {
    GILBENCH_HANG_TASK=0 run_reaped timeout -k 5 30 "$GB" run -k sleep -m fork -w 3 -n 30 --timeout 1.5 \
        "${FAST[@]}" -o "$OUT"
    [ "$status" -eq 1 ] || fail "$(show_run)"
    [[ "$stderr" == *"killed as hung"* ]] || fail "$(show_run)"
    no_orphans
}

@test "threads: a hung worker trips the watchdog (timeout + 5 s) and the run exits 1" {
    GILBENCH_HANG_TASK=1 run_reaped timeout -k 5 30 "$GB" run -k primes -m threads -w 2 -n 100000 --timeout 1 \
        "${FAST[@]}" -o "$OUT"
    [ "$status" -eq 1 ] || fail "expected exit 1 from the watchdog (124: no watchdog)" "$(show_run)"
    [[ "$stderr" == *hung* ]] || fail "$(show_run)"
    [[ "$stderr" == *primes/threads* ]] || fail "the message should name the configuration" "$(show_run)"
    no_orphans
}

# --- interrupts -------------------------------------------------------------

# check_interrupted_run DIR: after an interrupt, DIR holds whole CSVs (or
# none), no temporary files, and the summary counts what runs.csv holds.
check_interrupted_run() {
    local dir=$1
    no_temp_files "$dir"
    if [ -e "$dir/runs.csv" ]; then
        check_csv "$dir/runs.csv" "$RUNS_HEADER"
        check_csv "$dir/summary.csv" "$SUMMARY_HEADER"
        local counted
        counted=$(csv_column "$dir/summary.csv" n | awk '{ s += $1 } END { print s + 0 }')
        [ "$counted" -eq "$(data_rows "$dir/runs.csv")" ] ||
            fail "summary.csv counts $counted reps, runs.csv has $(data_rows "$dir/runs.csv")"
    fi
}

@test "SIGTERM during a sweep: exit 143, whole CSVs, no temp files, workers gone" {
    start_background "$GB" sweep -k sleep -m fork -w 2 -n 300 -r 20 --warmup 0 --no-probe --no-progress \
        -o "$OUT"
    wait_for_rows "$OUT/runs.csv" 1 20
    wait_for_children "$BG_PID" 20 # a repetition is under way
    kill -TERM "$BG_PID"
    wait_bounded "$BG_PID" 15
    [ "$BG_STATUS" -eq 143 ] || fail "status $BG_STATUS" "$(cat "$BATS_TEST_TMPDIR/stderr")"
    grep -q interrupted "$BATS_TEST_TMPDIR/stderr" || fail "no word of the interrupt:" "$(cat "$BATS_TEST_TMPDIR/stderr")"
    check_interrupted_run "$OUT"
    [ "$(data_rows "$OUT/runs.csv")" -ge 1 ] || fail "the finished repetitions were not kept"
    [ "$(data_rows "$OUT/runs.csv")" -lt 40 ] || fail "the sweep ran to the end despite SIGTERM"
    # Fork children of an interrupted repetition were killed and reaped
    # before gilbench exited (so no wait here): their command line is
    # gilbench's, with this test's unique -o.
    [ -z "$(pgrep -f -- "-o $OUT" || true)" ] || fail "processes left behind:" "$(pgrep -af -- "-o $OUT")"
}

@test "SIGTERM while fork workers compute: the repetition is abandoned, exit 143" {
    # One repetition of 3 s; the signal arrives while gilbench waits on
    # its children, so it must kill them rather than finish.
    start_background "$GB" run -k sleep -m fork -w 2 -n 6000 -r 1 --warmup 0 --no-probe --no-progress \
        -o "$OUT"
    wait_for_children "$BG_PID" 20
    kill -TERM "$BG_PID"
    wait_bounded "$BG_PID" 15
    [ "$BG_STATUS" -eq 143 ] || fail "status $BG_STATUS" "$(cat "$BATS_TEST_TMPDIR/stderr")"
    check_interrupted_run "$OUT"
    [ ! -e "$OUT/runs.csv" ] || [ "$(data_rows "$OUT/runs.csv")" -eq 0 ] || fail "an abandoned rep was recorded"
    # Reaped before gilbench exited: nothing to wait for.
    [ -z "$(pgrep -f -- "-o $OUT" || true)" ] || fail "workers left behind:" "$(pgrep -af -- "-o $OUT")"
}

@test "a second SIGTERM ends the run at once, while the first lets the repetition finish" {
    # seq cannot be stopped inside a repetition (5 s of sleeps here): the
    # first signal is noted, the second exits straight away.
    start_background "$GB" run -k sleep -m seq -w 1 -n 5000 -r 1 --warmup 0 --no-probe --no-progress \
        -o "$OUT"
    wait_for_file "$OUT/meta" 20 # written after the handlers are installed
    kill -TERM "$BG_PID"
    # Two quick SIGTERMs would merge into one pending signal: wait until
    # the first has been delivered (its handler ran) before the second.
    wait_signal_delivered "$BG_PID" TERM 10
    kill -0 "$BG_PID" || fail "one SIGTERM should not end a seq repetition" "$(cat "$BATS_TEST_TMPDIR/stderr")"
    kill -TERM "$BG_PID"
    wait_bounded "$BG_PID" 15
    [ "$BG_STATUS" -eq 143 ] || fail "status $BG_STATUS" "$(cat "$BATS_TEST_TMPDIR/stderr")"
    grep -q 'interrupted again' "$BATS_TEST_TMPDIR/stderr" ||
        fail "the second signal did not end it (it ran to the end of the repetition):" "$(cat "$BATS_TEST_TMPDIR/stderr")"
    check_interrupted_run "$OUT"
}

@test "SIGINT reaches a run started in the background (where SIGINT starts ignored)" {
    # A background job of a non-interactive shell (make, a test runner)
    # starts with SIGINT ignored, and exec keeps it ignored.  Whether this
    # shell does that depends on how the suite was started, so the test
    # ignores it itself, the same way; gilbench must then have installed a
    # handler of its own (SigCgt) rather than kept the inherited SIG_IGN.
    (
        trap '' INT
        exec "$GB" run -k sleep -m threads -w 2 -n 400 -r 50 --warmup 0 --no-probe --no-progress \
            -o "$OUT" >"$BATS_TEST_TMPDIR/stdout" 2>"$BATS_TEST_TMPDIR/stderr" 3>&-
    ) &
    BG_PID=$!
    wait_for_rows "$OUT/runs.csv" 2 20
    local caught
    caught=$(awk '/^SigCgt:/ { print $2 }' "/proc/$BG_PID/status")
    (((0x$caught & 0x2) != 0)) || fail "gilbench does not catch SIGINT (SigCgt $caught)"
    kill -INT "$BG_PID"
    wait_bounded "$BG_PID" 15
    [ "$BG_STATUS" -eq 130 ] || fail "status $BG_STATUS (SIGINT ignored?)" "$(cat "$BATS_TEST_TMPDIR/stderr")"
    grep -q interrupted "$BATS_TEST_TMPDIR/stderr" || fail "$(cat "$BATS_TEST_TMPDIR/stderr")"
    check_interrupted_run "$OUT"
    local rows
    rows=$(data_rows "$OUT/runs.csv")
    [ "$rows" -ge 2 ] && [ "$rows" -lt 50 ] || fail "$rows rows"
    [ "$(csv_column "$OUT/runs.csv" rep | tr '\n' ' ')" = "$(seq -s ' ' 1 "$rows") " ] ||
        fail "reps are not 1..$rows:" "$(cat "$OUT/runs.csv")"
}

@test "SIGINT to a background sweep in the default results/ dir: latest is whole" {
    start_background "$GB" sweep -k sleep -m fork -w 2 -n 200 -r 50 --warmup 0 --no-probe --no-progress
    wait_for_rows "$CWD/results/latest/runs.csv" 2 20
    kill -INT "$BG_PID"
    wait_bounded "$BG_PID" 15
    [ "$BG_STATUS" -eq 130 ] || fail "status $BG_STATUS" "$(cat "$BATS_TEST_TMPDIR/stderr")"
    check_interrupted_run "$CWD/results/latest/"
    no_temp_files "$CWD/results"
}
