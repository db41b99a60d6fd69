#!/usr/bin/env bats
# usage/output.bats - the gilbench command line, part 1 of 3 (run/results.bats
# and run/faults.bats are the others), usage errors: the output directory (-o)
# and output that cannot be written. Bad input is refused before anything
# runs or is written (exit 2, one line on stderr naming the option).  The
# other usage/*.bats files hold the rest of part 1.
# Runs against $GILBENCH when set (tests/run.sh points it at the ASan build).

load ../helpers

# A valid `run` except for what each test changes; -o "$OUT" is always
# there so every test also checks that the output directory is not made.
ok_run=(run -k primes -m seq -w 1 -n 1000 -r 1 --warmup 0 --no-probe)

# --- the output directory -------------------------------------------------

@test "-o naming an existing regular file is refused and the file is untouched" {
    local file="$BATS_TEST_TMPDIR/file"
    echo precious >"$file"
    expect_usage_error --out "${ok_run[@]}" -o "$file"
    [[ "$stderr" == *"exists and is not a directory"* ]] || fail "the message should say why" "$(show_run)"
    [ "$(cat "$file")" = precious ] || fail "the file was modified"
}

@test "-o under a regular file (unwritable even for root) is refused" {
    local file="$BATS_TEST_TMPDIR/file"
    echo precious >"$file"
    expect_usage_error --out "${ok_run[@]}" -o "$file/sub"
    [ "$(cat "$file")" = precious ] || fail "the file was modified"
}

@test "-o whose parent does not exist is refused" {
    expect_usage_error --out "${ok_run[@]}" -o "$BATS_TEST_TMPDIR/nope/sub"
    [ ! -e "$BATS_TEST_TMPDIR/nope" ] || fail "the missing parent was created"
}

@test "-o in a read-only directory is refused (non-root only)" {
    [ "$(id -u)" -ne 0 ] || skip "root ignores directory permissions"
    mkdir "$BATS_TEST_TMPDIR/ro"
    chmod 555 "$BATS_TEST_TMPDIR/ro"
    expect_usage_error --out "${ok_run[@]}" -o "$BATS_TEST_TMPDIR/ro/sub"
}

@test "-o '' is refused" {
    expect_usage_error --out "${ok_run[@]}" -o ''
}

@test "-o with a trailing slash, whose parent exists, is accepted" {
    run --separate-stderr "$GB" "${ok_run[@]}" -o "$OUT/"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    check_csv "$OUT/runs.csv" "$RUNS_HEADER"
}

@test "output that cannot be written makes the command fail" {
    run "$GB" list kernels
    [ "$status" -eq 0 ]
    run bash -c "'$GB' list kernels >/dev/full"
    [ "$status" -eq 1 ]
    [[ "$output" == *"cannot write the output"* ]]
}
