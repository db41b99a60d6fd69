#!/usr/bin/env bats
# gilbench hash: digests equal coreutils' sha256sum in every mode, the
# two tools verify each other's lists, and bad inputs are reported, never
# waited on, while every other file is still hashed.

load ../helpers

# make_files DIR: random files of the sizes that catch block-boundary bugs:
# empty, one byte, SHA-256's 64-byte block -1/0/+1, gilbench's default
# 64 KiB read block -1/0/+1, and a few MiB.
make_files() {
    mkdir -p "$1"
    for s in 0 1 63 64 65 65535 65536 65537 3145728; do
        head -c "$s" /dev/urandom >"$1/f$s"
    done
}

@test "digests equal sha256sum's in every mode, for sizes around every block boundary" {
    make_files d
    expected=$(cd d && sha256sum f*)
    for m in seq threads gil gil-legacy fork pool; do
        for b in 1K 64K; do
            run --separate-stderr bash -c "cd d && '$GB' hash -m $m -w 2 -b $b --no-progress f*"
            [ "$status" -eq 0 ] || fail "$m $b" "$(show_run)"
            [ "$output" = "$expected" ] || fail "$m -b $b differs from sha256sum" "$output" "$expected"
        done
    done
}

@test "names with a backslash, a newline or a CR are escaped exactly as sha256sum does" {
    mkdir d && cd d
    printf a >'back\slash'
    printf b >$'new\nline'
    printf c >$'carriage\rreturn'
    printf d >plain
    sha256sum -- * >"$BATS_TEST_TMPDIR/coreutils.sum"
    "$GB" hash --no-progress -- * >"$BATS_TEST_TMPDIR/gilbench.sum"
    cmp "$BATS_TEST_TMPDIR/coreutils.sum" "$BATS_TEST_TMPDIR/gilbench.sum"
    # And the -c reports name the files the same way.
    diff <(sha256sum -c "$BATS_TEST_TMPDIR/gilbench.sum") <("$GB" hash --no-progress -c "$BATS_TEST_TMPDIR/coreutils.sum")
}

@test "sha256sum -c verifies gilbench's list and gilbench --check verifies sha256sum's" {
    make_files d
    "$GB" hash --no-progress d >g.sum
    sha256sum -c --strict g.sum
    sha256sum d/f* >s.sum
    run --separate-stderr "$GB" hash --check s.sum -m pool -w 2 --no-progress
    [ "$status" -eq 0 ] || fail "$(show_run)"
    [ "$(grep -c ': OK$' <<<"$output")" -eq 9 ]
}

@test "--check reports a changed file as FAILED and a missing one as unreadable, exit 1" {
    make_files d
    sha256sum d/f1 d/f64 d/f65 >s.sum
    printf x >>d/f64
    rm d/f65
    run --separate-stderr "$GB" hash --check s.sum --no-progress
    [ "$status" -eq 1 ] || fail "$(show_run)"
    grep -qx 'd/f1: OK' <<<"$output"
    grep -qx 'd/f64: FAILED' <<<"$output"
    grep -qx 'd/f65: FAILED open or read' <<<"$output"
    grep -q 'd/f65: No such file or directory' <<<"$stderr"
    grep -q 'WARNING: 1 computed checksum did NOT match' <<<"$stderr"
}

@test "--check: a line out of format is named and fails the run" {
    make_files d
    { sha256sum d/f1; echo "not a checksum line"; } >s.sum
    run --separate-stderr "$GB" hash --check s.sum --no-progress
    [ "$status" -eq 1 ] || fail "$(show_run)"
    grep -q 'line 2: not a sha256sum line' <<<"$stderr"
    grep -qx 'd/f1: OK' <<<"$output"
}

@test "missing files, directories, FIFOs and sockets are reported; the rest is hashed; exit 1" {
    make_files d
    mkfifo d/pipe
    mkdir d/sub
    python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])' d/sock
    # A FIFO opened for reading with no writer would block forever: the
    # timeout turns such a hang into a failure.
    run --separate-stderr timeout 20 "$GB" hash --no-progress -m threads -w 2 d/f1 d/missing d/pipe d/sub d/sock d/f65
    [ "$status" -eq 1 ] || fail "$(show_run)"
    [ "$output" = "$(sha256sum d/f1 d/f65)" ] || fail "$(show_run)"
    grep -q '^gilbench hash: d/missing: No such file or directory$' <<<"$stderr"
    grep -q '^gilbench hash: d/pipe: is a FIFO' <<<"$stderr"
    grep -q '^gilbench hash: d/sub: Is a directory$' <<<"$stderr"
    grep -q '^gilbench hash: d/sock: .*socket' <<<"$stderr"
    grep -q '4 of 6 files could not be hashed: d/missing d/pipe d/sub d/sock' <<<"$stderr"
}

@test "an unreadable file is reported and the others hashed" {
    [ "$(id -u)" -ne 0 ] || skip "root reads every file"
    make_files d
    chmod 000 d/f1
    run --separate-stderr "$GB" hash --no-progress d/f1 d/f63
    [ "$status" -eq 1 ]
    grep -q 'd/f1: Permission denied' <<<"$stderr"
    [ "$output" = "$(sha256sum d/f63)" ]
}

@test "a DIR argument hashes its files sorted, skipping hidden ones" {
    make_files d
    printf hidden >d/.hidden
    run --separate-stderr "$GB" hash --no-progress d
    [ "$status" -eq 0 ] || fail "$(show_run)"
    [ "$output" = "$(LC_ALL=C sha256sum d/f*)" ]
}

@test "-o writes hash_runs.csv (one row per repetition, one checksum) and hash.csv (per configuration)" {
    make_files d
    run --separate-stderr "$GB" hash -q --no-progress -m seq,gil,threads -w 2 -b 1K,64K -r 2 -o "$OUT" d
    [ "$status" -eq 0 ] || fail "$(show_run)"
    [ -z "$output" ]
    check_csv "$OUT/hash_runs.csv" 'mode,workers,block_bytes,gil_minsize,gil_released,rep,files,bytes,wall_s,user_s,sys_s,cpu_util,mib_per_s,checksum'
    check_csv "$OUT/hash.csv" 'mode,workers,block_bytes,gil_released,n,median_s,min_s,max_s,mib_per_s,speedup,cpu_util,flag'
    [ "$(tail -n +2 "$OUT/hash_runs.csv" | wc -l)" -eq 12 ]
    [ "$(tail -n +2 "$OUT/hash.csv" | wc -l)" -eq 6 ]
    # The GIL is released for blocks of at least hashlib's 2048 bytes.
    awk -F, 'NR > 1 && $4 != 2048 { exit 1 } NR > 1 && ($3 >= 2048) != $5 { exit 1 }' "$OUT/hash_runs.csv"
    [ "$(awk -F, 'NR > 1 { print $14 }' "$OUT/hash_runs.csv" | sort -u | wc -l)" -eq 1 ]
    [ -f "$OUT/meta" ]
}

@test "hash: bad options are refused with one line naming them" {
    expect_usage_error --block-size hash -b 0 -o "$OUT" x
    expect_usage_error --block-size hash -b 65M -o "$OUT" x
    expect_usage_error --block-size hash -b 12Q -o "$OUT" x
    expect_usage_error --modes hash -m spawn -o "$OUT" x
    expect_usage_error --modes hash -m threads,threads -o "$OUT" x
    expect_usage_error --workers hash -w 0 -o "$OUT" x
    expect_usage_error --block-size hash -b 1K,1024 -o "$OUT" x
    expect_usage_error --reps hash -r 0 -o "$OUT" x
    expect_usage_error --check hash --check list x
    expect_usage_error FILE hash
}

@test "a crashed fork worker is reported, nothing is printed as if hashed" {
    make_files d
    run --separate-stderr env GILBENCH_CRASH_TASK=2 "$GB" hash --no-progress -m fork -w 2 d
    [ "$status" -eq 1 ] || fail "$(show_run)"
    [ -z "$output" ]
    grep -q 'killed by signal' <<<"$stderr"
}
