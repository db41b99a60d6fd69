#!/usr/bin/env bats
# modes/pool.bats - the pool mode's start methods, queues and faults from the
# command line, and `gilbench pool`.  The library itself is tested in
# tests/unit/pool/test_pool_faults.c.

load ../helpers

POOLRUN=(run -k primes -m pool -w 2 -n 100000 -t 64 "${FAST[@]}")

# last_row_value COLUMN: the value of COLUMN in the last row of runs.csv.
last_row_value() {
    csv_column "$OUT/runs.csv" "$1" | tail -n 1
}

@test "pool: every start method and queue gives fork's checksum" {
    mkdir -p "$OUT"
    run --separate-stderr "$GB" run -k primes -m fork -w 2 -n 100000 -t 64 "${FAST[@]}" -o "$OUT/ref"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    local reference
    reference=$(csv_column "$OUT/ref/runs.csv" checksum)
    for start in fork spawn forkserver; do
        for queue in pipe shm; do
            run_reaped "$GB" "${POOLRUN[@]}" --start "$start" --queue "$queue" --chunksize 3 \
                -o "$OUT/$start-$queue"
            [ "$status" -eq 0 ] || fail "$start/$queue" "$(show_run)"
            no_orphans
            check_csv "$OUT/$start-$queue/runs.csv" "$RUNS_HEADER"
            [ "$(csv_column "$OUT/$start-$queue/runs.csv" checksum)" = "$reference" ] ||
                fail "$start/$queue: checksum differs from fork's $reference"
        done
    done
}

@test "pool: a task that crashes once is retried on a fresh worker; runs.csv counts it" {
    for start in fork spawn forkserver; do
        for queue in pipe shm; do
            rm -rf "$OUT"
            GILBENCH_CRASH_TASK=3:once run_reaped "$GB" "${POOLRUN[@]}" --start "$start" --queue "$queue" -o "$OUT"
            [ "$status" -eq 0 ] || fail "$start/$queue" "$(show_run)"
            no_orphans
            [ "$(last_row_value checksum)" = 9592 ] || fail "$start/$queue: wrong checksum" "$(cat "$OUT/runs.csv")"
            [ "$(last_row_value worker_replacements)" = 1 ] || fail "$start/$queue" "$(cat "$OUT/runs.csv")"
            [ "$(last_row_value task_retries)" = 1 ] || fail "$start/$queue" "$(cat "$OUT/runs.csv")"
        done
    done
}

@test "pool: a worker killed by SIGKILL (GILBENCH_CRASH_SIGNAL=9) is survived too" {
    GILBENCH_CRASH_TASK=10:once GILBENCH_CRASH_SIGNAL=9 run_reaped "$GB" "${POOLRUN[@]}" --queue shm -o "$OUT"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    no_orphans
    [ "$(last_row_value checksum)" = 9592 ] || fail "$(cat "$OUT/runs.csv")"
    [ "$(last_row_value worker_replacements)" = 1 ] || fail "$(cat "$OUT/runs.csv")"
}

@test "pool: a poison task fails the run after --retries, naming the task and the signal" {
    for start in fork forkserver; do
        rm -rf "$OUT"
        GILBENCH_CRASH_TASK=5 run_reaped "$GB" "${POOLRUN[@]}" --start "$start" --retries 1 -o "$OUT"
        [ "$status" -eq 1 ] || fail "$start: expected exit 1" "$(show_run)"
        [[ "$stderr" == *"task 5:"* ]] || fail "$(show_run)"
        [[ "$stderr" == *"killed by signal 11 (Segmentation fault)"* ]] || fail "$(show_run)"
        [[ "$stderr" == *"2 tries"* ]] || fail "$(show_run)"
        no_orphans
        check_csv "$OUT/runs.csv" "$RUNS_HEADER"
        no_temp_files "$OUT"
    done
}

@test "pool: a task that hangs once is killed at --task-timeout and retried" {
    for queue in pipe shm; do
        rm -rf "$OUT"
        GILBENCH_HANG_TASK=7:once run_reaped timeout -k 5 60 "$GB" "${POOLRUN[@]}" --queue "$queue" \
            --task-timeout 1 -o "$OUT"
        [ "$status" -eq 0 ] || fail "$queue" "$(show_run)"
        no_orphans
        [ "$(last_row_value checksum)" = 9592 ] || fail "$(cat "$OUT/runs.csv")"
        [ "$(last_row_value worker_replacements)" = 1 ] || fail "$(cat "$OUT/runs.csv")"
    done
}

@test "pool: a task that always hangs is reported like a crash" {
    GILBENCH_HANG_TASK=7 run_reaped timeout -k 5 60 "$GB" "${POOLRUN[@]}" --task-timeout 0.3 --retries 1 -o "$OUT"
    [ "$status" -eq 1 ] || fail "$(show_run)"
    [[ "$stderr" == *"task 7: ran longer than the task timeout (0.3 s) on worker "* ]] || fail "$(show_run)"
    no_orphans
}

@test "pool: a worker killed from outside mid-task is replaced and the run completes" {
    start_background "$GB" run -k sleep -m pool -w 2 -n 400 -t 100 --chunksize 1 "${FAST[@]}" -o "$OUT"
    local victim="" deadline=$((SECONDS + 10))
    while [ -z "$victim" ] && [ "$SECONDS" -le "$deadline" ]; do
        victim=$(pgrep -P "$BG_PID" | head -n 1 || true)
        sleep 0.02
    done
    [ -n "$victim" ] || fail "no worker appeared"
    sleep 0.05
    kill -KILL "$victim"
    wait_bounded "$BG_PID" 30
    [ "$BG_STATUS" -eq 0 ] || fail "status $BG_STATUS" "$(cat "$BATS_TEST_TMPDIR/stderr")"
    [ "$(last_row_value worker_replacements)" -ge 1 ] || fail "$(cat "$OUT/runs.csv")"
    [ "$(last_row_value checksum)" = 400 ] || fail "$(cat "$OUT/runs.csv")"
}

@test "pool: SIGTERM or SIGINT mid-run ends every worker within a second, rows kept, no zombie" {
    local sig status alive
    for start_sig in fork:TERM forkserver:INT spawn:TERM; do
        start=${start_sig%%:*}
        sig=${start_sig#*:}
        rm -rf "$OUT"
        start_background "$GB" run -k sleep -m pool -w 2 -n 200 -t 50 --start "$start" -r 100 --warmup 0 --no-probe \
            --no-progress -o "$OUT"
        wait_for_rows "$OUT/runs.csv" 2 20
        # Children and grandchildren (the forkserver's workers).  A pool
        # lives for one repetition: between two there may be none for a
        # moment, so look again for up to 2 s.
        local pids=
        for _ in $(seq 100); do
            pids=$(pgrep -P "$BG_PID" || true)
            for p in $pids; do pids="$pids $(pgrep -P "$p" || true)"; done
            [ -z "$pids" ] || break
            sleep 0.02
        done
        [ -n "$pids" ] || fail "$start: no worker found"
        kill -"$sig" "$BG_PID"
        wait_bounded "$BG_PID" 5
        status=$((128 + $(kill -l "$sig")))
        [ "$BG_STATUS" -eq "$status" ] || fail "$start: SIG$sig: status $BG_STATUS" "$(cat "$BATS_TEST_TMPDIR/stderr")"
        # Looked at every 20 ms for a second, rather than once after it.
        for _ in $(seq 50); do
            alive=
            for p in $pids; do
                if kill -0 "$p" 2>/dev/null; then alive=$p; fi
            done
            [ -n "$alive" ] || break
            sleep 0.02
        done
        [ -z "$alive" ] || fail "$start: process $alive outlived gilbench by a second" "$(ps -o pid,stat,cmd -p "$alive")"
        check_csv "$OUT/runs.csv" "$RUNS_HEADER"
        [ "$(data_rows "$OUT/runs.csv")" -ge 2 ] || fail "rows were lost"
    done
}

@test "fault injection: bad values are refused with exit 2 and one line naming the variable" {
    local var value
    for pair in GILBENCH_CRASH_TASK=abc GILBENCH_CRASH_TASK=3:twice GILBENCH_CRASH_TASK=-1 \
        GILBENCH_HANG_TASK=1.5 GILBENCH_HANG_TASK=:once GILBENCH_CRASH_SIGNAL=0 GILBENCH_CRASH_SIGNAL=99; do
        var=${pair%%=*}
        value=${pair#*=}
        run --separate-stderr env "$var=$value" "$GB" "${POOLRUN[@]}" -o "$OUT"
        [ "$status" -eq 2 ] || fail "$pair: expected exit 2" "$(show_run)"
        [[ "$stderr" == *"$var"* ]] || fail "$pair" "$(show_run)"
        [[ "$stderr" != *$'\n'* ]] || fail "$pair: expected one line" "$(show_run)"
        [ ! -e "$OUT/runs.csv" ] || fail "$pair: something was measured"
    done
}

@test "pool options: bad values are usage errors" {
    expect_usage_error --start run -k primes -m pool -w 2 --start thread
    expect_usage_error --queue run -k primes -m pool -w 2 --queue mq
    expect_usage_error --retries run -k primes -m pool -w 2 --retries 101
    expect_usage_error --task-timeout run -k primes -m pool -w 2 --task-timeout 0
    expect_usage_error --maxtasksperchild run -k primes -m pool -w 2 --maxtasksperchild 0
    expect_usage_error "pool mode only" run -k primes -m fork -w 2 --start spawn
}

@test "pool: --maxtasksperchild replaces workers and keeps the checksum" {
    run_reaped "$GB" "${POOLRUN[@]}" --maxtasksperchild 4 --chunksize 1 --start forkserver -o "$OUT"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    no_orphans
    [ "$(last_row_value checksum)" = 9592 ] || fail "$(cat "$OUT/runs.csv")"
    [ "$(last_row_value worker_replacements)" = 0 ] || fail "retirements are not faults" "$(cat "$OUT/runs.csv")"
}

@test "gilbench pool --quick: every CSV with its header, reaped, the targets' raw data in place" {
    run_reaped "$GB" pool --quick -r 1 -o "$OUT"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    no_orphans
    no_temp_files "$OUT"
    check_csv "$OUT/pool_cost.csv" "start,queue,workers,tasks,rep,wall_s,us_per_task"
    check_csv "$OUT/pool_first.csv" "method,workers,rep,first_s,all_s"
    check_csv "$OUT/pool_order.csv" "method,rep,position,task,at_s"
    check_csv "$OUT/pool_maxtasks.csv" "start,workers,tasks,maxtasksperchild,rep,wall_s,retirements"
    check_csv "$OUT/pool_chunks.csv" "queue,workers,rows,chunksize,rep,wall_s"
    # 7 configurations: the round trip, then 3 start methods x 2 queues.
    [ "$(data_rows "$OUT/pool_cost.csv")" -eq 7 ] || fail "$(cat "$OUT/pool_cost.csv")"
    # imap hands results over in task order; map all at once.
    [ "$(awk -F, '$1 == "imap" { printf "%s", $4 }' "$OUT/pool_order.csv")" = 01234567 ] ||
        fail "$(cat "$OUT/pool_order.csv")"
    # imap_unordered: every task once, and not task 0 (the slowest) first.
    [ "$(awk -F, '$1 == "imap_unordered" { print $4 }' "$OUT/pool_order.csv" | sort -n | tr -d '\n')" = 01234567 ] ||
        fail "$(cat "$OUT/pool_order.csv")"
    [ "$(awk -F, '$1 == "imap_unordered" && $3 == 0 { print $4 }' "$OUT/pool_order.csv")" != 0 ] ||
        fail "$(cat "$OUT/pool_order.csv")"
    # maxtasksperchild really replaced workers; without it none.
    [ "$(awk -F, 'NR > 1 && $4 > 0 && $7 == 0' "$OUT/pool_maxtasks.csv")" = "" ] || fail "$(cat "$OUT/pool_maxtasks.csv")"
    [ "$(awk -F, 'NR > 1 && $4 == 0 && $7 != 0' "$OUT/pool_maxtasks.csv")" = "" ] || fail "$(cat "$OUT/pool_maxtasks.csv")"
    [[ "$output" == *"results: $OUT/"* ]] || fail "$(show_run)"
}

@test "gilbench pool: bad options are usage errors" {
    expect_usage_error --workers pool -w 0
    expect_usage_error --tasks pool -n 5
    expect_usage_error --reps pool -r 1000
    expect_usage_error "unknown option" pool --chunk 3
}

@test "pool --pin: every worker runs on one CPU, whatever the start method" {
    [ "$(nproc)" -ge 2 ] || skip "one allowed CPU: a pinned and an unpinned worker look alike"
    local pinned p q
    for start in fork spawn forkserver; do
        rm -rf "$OUT"
        "$GB" run -k sleep -m pool -w 2 -n 200 -t 50 --start "$start" -r 100 --warmup 0 --no-probe \
            --no-progress --remeasure 0 --pin -o "$OUT" >/dev/null 2>"$BATS_TEST_TMPDIR/stderr" 3>&- &
        BG_PID=$!
        wait_for_rows "$OUT/runs.csv" 1 20
        # Workers are gilbench's children (fork, spawn) or the forkserver's.
        # A worker pins itself before its first task and keeps the pin, so
        # mid-run every worker allows exactly one CPU.
        pinned=0
        for _ in $(seq 50); do
            pinned=0
            for p in $(pgrep -P "$BG_PID" || true); do
                for q in "$p" $(pgrep -P "$p" || true); do
                    grep -Eq '^Cpus_allowed_list:[[:space:]]+[0-9]+$' "/proc/$q/status" 2>/dev/null &&
                        pinned=$((pinned + 1))
                done
            done
            [ "$pinned" -ge 2 ] && break
            sleep 0.02
        done
        kill -TERM "$BG_PID"
        wait_bounded "$BG_PID" 5
        [ "$pinned" -ge 2 ] || fail "$start: $pinned pinned workers, expected 2" "$(cat "$BATS_TEST_TMPDIR/stderr")"
        grep -q '^pin: worker 0 -> cpu [0-9]*, worker 1 -> cpu [0-9]*' "$OUT/meta" || fail "$(cat "$OUT/meta")"
    done
}
