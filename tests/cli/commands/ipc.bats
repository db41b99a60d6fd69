#!/usr/bin/env bats
# commands/ipc.bats - `gilbench ipc`: every channel delivers every byte at every
# size (the intact column, from checksums at both ends), the CSVs have
# their documented columns, bad values are refused (exit 2, one line), a
# peer that dies mid-exchange is reported (exit 1) within seconds, and no
# message queue, shared-memory object or process is left behind after a
# run, a failure, an interrupt or a kill.

load ../helpers

LATENCY_HEADER='channel,size_bytes,iterations,batches,median_us,min_us,max_us,intact'
BANDWIDTH_HEADER='channel,chunk_bytes,total_bytes,batches,median_mb_s,min_mb_s,max_mb_s,intact'
SERIALISE_HEADER='format,elements,bytes,iterations,encode_us,decode_us,roundtrip_us,intact'
SHARE_HEADER='method,object_mib,workers,batches,median_ms,min_ms,max_ms,worker_rss_kb,worker_pss_kb,intact'
CHANNELS='mqueue pipe shm-futex shm-spin shm-spin-futex socketpair'

# ipc_names: the POSIX IPC names this test's gilbench left: every
# /gilbench-TAG-PID-N (channel.c names them so) in /dev/shm and
# /dev/mqueue whose creator PID is gone or still runs with this test's -o
# $OUT.  A name of another live process belongs to a suite running beside
# this one (tests/run.sh runs suites side by side), and is that suite's to
# check; a dead creator's name is a leak whoever made it.  IPC_DIRS: where
# to look (the helper check below plants names in a directory of its own).
IPC_DIRS="/dev/shm /dev/mqueue"
ipc_names() {
    local dir path base pid
    for dir in $IPC_DIRS; do for path in "$dir"/gilbench-*; do
        [ -e "$path" ] || continue
        base=${path##*/}
        base=${base%-*}
        pid=${base##*-}
        if [[ "$pid" =~ ^[0-9]+$ ]] && [ -r "/proc/$pid/cmdline" ]; then
            # Alive: this test's only when it runs with this test's $OUT.
            tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$OUT" || continue
        fi
        echo "$path"
    done; done
}

no_ipc_left() {
    local left
    left=$(ipc_names)
    [ -z "$left" ] || fail "IPC objects left behind:" "$left"
}

all_intact() {
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
             $c["intact"] != 1 { print FILENAME ": " $0; bad = 1 } END { exit bad }' "$1" ||
        fail "$1: a row is not intact"
}

@test "helper check: ipc_names sees a dead creator's name and this test's, not another live process's" {
    IPC_DIRS=$BATS_TEST_TMPDIR/ipc
    mkdir -p "$IPC_DIRS"
    sh -c 'exit 0' &
    local dead=$! mine
    wait "$dead"
    # A live process of this test: $OUT is among its arguments.
    bash -c 'while :; do sleep 0.1; done' "$OUT" >/dev/null 2>&1 3>&- &
    mine=$!
    touch "$IPC_DIRS/gilbench-shm-futex-$dead-0" "$IPC_DIRS/gilbench-pipe-$$-1" "$IPC_DIRS/gilbench-mq-$mine-2"
    run ipc_names
    kill "$mine"
    wait "$mine" || true
    [ "$output" = "$IPC_DIRS/gilbench-mq-$mine-2
$IPC_DIRS/gilbench-shm-futex-$dead-0" ] || fail "$output"
}

@test "ipc: every channel, every size from 1 byte to 1 MiB, arrives intact; CSVs complete" {
    run_reaped "$GB" ipc --sizes 1,8,4095,8193,65537,262145,1m --chunks 1,8k,100000 --total 300000 \
        --object-mib 1,2 --batches 1 --no-progress -o "$OUT"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    no_orphans
    no_ipc_left
    no_temp_files "$OUT"
    check_csv "$OUT/latency.csv" "$LATENCY_HEADER"
    check_csv "$OUT/bandwidth.csv" "$BANDWIDTH_HEADER"
    check_csv "$OUT/serialise.csv" "$SERIALISE_HEADER"
    check_csv "$OUT/send_vs_share.csv" "$SHARE_HEADER"
    for f in latency bandwidth serialise send_vs_share; do all_intact "$OUT/$f.csv"; done
    [ "$(data_rows "$OUT/latency.csv")" -eq 42 ] || fail "expected 6 channels x 7 sizes" "$(cat "$OUT/latency.csv")"
    [ "$(data_rows "$OUT/bandwidth.csv")" -eq 18 ] || fail "expected 6 channels x 3 chunks"
    [ "$(csv_column "$OUT/latency.csv" channel | sort -u | tr '\n' ' ')" = "$CHANNELS " ] || fail "channels"
    [ "$(csv_column "$OUT/latency.csv" size_bytes | sort -un | tr '\n' ' ')" = "1 8 4095 8193 65537 262145 1048576 " ] ||
        fail "sizes: $(csv_column "$OUT/latency.csv" size_bytes | sort -un | tr '\n' ' ')"
    # min <= median <= max, all positive
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
             !($c["min_us"] > 0 && $c["min_us"] <= $c["median_us"] && $c["median_us"] <= $c["max_us"]) { print; bad = 1 }
             END { exit bad }' "$OUT/latency.csv" || fail "latency: min <= median <= max does not hold"
    [ "$(data_rows "$OUT/send_vs_share.csv")" -eq 6 ] || fail "expected 3 methods x 2 sizes"
    grep -q '^options: ipc --sizes' "$OUT/meta" || fail "meta lacks the command line" "$(cat "$OUT/meta")"
}

@test "ipc --quick: all four experiments, reaped, nothing left" {
    run_reaped "$GB" ipc --quick --no-progress -o "$OUT"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    no_orphans
    no_ipc_left
    for f in latency bandwidth serialise send_vs_share; do [ -s "$OUT/$f.csv" ] || fail "no $f.csv"; done
    # The binary record is smaller than the text one at every size.
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
             { b[$c["format"], $c["elements"]] = $c["bytes"]; e[$c["elements"]] = 1 }
             END { for (k in e) if (!(b["binary", k] < b["text", k])) { print k; bad = 1 } exit bad }' \
        "$OUT/serialise.csv" || fail "binary not smaller than text" "$(cat "$OUT/serialise.csv")"
}

@test "ipc: bad sizes, counts, channel and experiment names exit 2 with one line" {
    expect_usage_error --sizes ipc --sizes 0 -o "$OUT"
    expect_usage_error --sizes ipc --sizes 17m -o "$OUT"
    expect_usage_error --sizes ipc --sizes 8,,16 -o "$OUT"
    expect_usage_error --sizes ipc --sizes 1x -o "$OUT"
    expect_usage_error --chunks ipc --chunks -5 -o "$OUT"
    expect_usage_error --total ipc --total 1k -o "$OUT"
    expect_usage_error --channels ipc --channels pipe,carrier-pigeon -o "$OUT"
    expect_usage_error "listed twice" ipc --channels pipe,mqueue,pipe -o "$OUT"
    expect_usage_error --experiments ipc --experiments latency,telepathy -o "$OUT"
    expect_usage_error --batches ipc --batches 0 -o "$OUT"
    expect_usage_error --batches ipc --batches 65 -o "$OUT"
    expect_usage_error --workers ipc --workers 17 -o "$OUT"
    expect_usage_error --object-mib ipc --object-mib 0 -o "$OUT"
    expect_usage_error --timeout ipc --timeout 0 -o "$OUT"
    expect_usage_error "unknown option" ipc --bogus -o "$OUT"
    expect_usage_error "unexpected argument" ipc extra -o "$OUT"
    GILBENCH_IPC_PEER_DIE_AFTER=soon expect_usage_error GILBENCH_IPC_PEER_DIE_AFTER ipc -o "$OUT"
    GILBENCH_IPC_PEER_DIE_AFTER=0 expect_usage_error GILBENCH_IPC_PEER_DIE_AFTER ipc -o "$OUT"
}

@test "ipc: a peer that dies mid-exchange is reported (exit 1) on every channel, never a hang" {
    mkdir -p "$OUT"
    for ch in $CHANNELS; do
        local t0=$SECONDS
        GILBENCH_IPC_PEER_DIE_AFTER=3 run_reaped "$GB" ipc --experiments latency --channels "$ch" \
            --sizes 64 --timeout 30 --no-progress -o "$OUT/$ch"
        [ "$status" -eq 1 ] || fail "$ch: expected exit 1" "$(show_run)"
        [ $((SECONDS - t0)) -le 10 ] || fail "$ch: took $((SECONDS - t0)) s to notice"
        [[ "$stderr" == *"$ch"*"died mid-exchange"* ]] || fail "$ch: the message should say the peer died" "$(show_run)"
        [[ "$stderr" == *"signal 9"* ]] || fail "$ch: the message should say how it died" "$(show_run)"
        no_orphans
        no_ipc_left
        check_csv "$OUT/$ch/latency.csv" "$LATENCY_HEADER" # written, whole, without the failed row
        no_temp_files "$OUT/$ch"
    done
    # The same in the middle of a stream.
    GILBENCH_IPC_PEER_DIE_AFTER=5 run_reaped "$GB" ipc --experiments bandwidth --channels mqueue,shm-futex \
        --chunks 4k --total 1m --no-progress -o "$OUT/bw"
    [ "$status" -eq 1 ] || fail "$(show_run)"
    [[ "$stderr" == *"died mid-exchange"* ]] || fail "$(show_run)"
    no_orphans
    no_ipc_left
    # And a worker of send-vs-share that dies holding its object.
    GILBENCH_IPC_PEER_DIE_AFTER=1 run_reaped "$GB" ipc --experiments share --object-mib 1 --no-progress -o "$OUT/share"
    [ "$status" -eq 1 ] || fail "$(show_run)"
    [[ "$stderr" == *"worker 0 died mid-exchange"*"signal 9"* ]] || fail "$(show_run)"
    no_orphans
    no_ipc_left
}

@test "ipc: SIGTERM and SIGINT stop a run at once, leaving no IPC object or process" {
    mkdir -p "$OUT"
    for sig in TERM INT; do
        "$GB" ipc --experiments latency --sizes 8,1m --batches 64 --no-progress -o "$OUT/$sig" \
            >"$BATS_TEST_TMPDIR/stdout.log" 2>"$BATS_TEST_TMPDIR/err" &
        BG_PID=$!
        sleep 0.5
        kill -"$sig" "$BG_PID"
        wait_bounded "$BG_PID" 15
        [ "$BG_STATUS" -eq $((128 + $(kill -l "$sig"))) ] ||
            fail "SIG$sig: exit status $BG_STATUS" "$(cat "$BATS_TEST_TMPDIR/err")"
        grep -q interrupted "$BATS_TEST_TMPDIR/err" || fail "no word of the interruption" "$(cat "$BATS_TEST_TMPDIR/err")"
        sleep 0.2 # the peers die with their parent (PR_SET_PDEATHSIG)
        pgrep -P "$BG_PID" >/dev/null && fail "SIG$sig: children left running"
        no_ipc_left
        check_csv "$OUT/$sig/latency.csv" "$LATENCY_HEADER"
    done
}

@test "ipc: killed outright (SIGKILL), it leaves no IPC name: each is unlinked before use" {
    "$GB" ipc --experiments latency,bandwidth,share --quick --batches 64 --no-progress -o "$OUT" >/dev/null 2>&1 &
    BG_PID=$!
    sleep 0.4
    kill -KILL "$BG_PID"
    wait "$BG_PID" || true
    sleep 0.3
    no_ipc_left
    [ -z "$(pgrep -f "ipc --experiments latency,bandwidth,share --quick --batches 64 --no-progress -o $OUT")" ] ||
        fail "processes of the killed run still exist"
}
