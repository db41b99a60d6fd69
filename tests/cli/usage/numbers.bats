#!/usr/bin/env bats
# usage/numbers.bats - the gilbench command line, part 1 of 3 (run/results.bats
# and run/faults.bats are the others), usage errors: numeric values - counts,
# sizes, seconds and factors out of range, overflowing, malformed. Bad input
# is refused before anything runs or is written (exit 2, one line on stderr
# naming the option).  The other usage/*.bats files hold the rest of part 1.
# Runs against $GILBENCH when set (tests/run.sh points it at the ASan build).

load ../helpers

# A valid `run` except for what each test changes; -o "$OUT" is always
# there so every test also checks that the output directory is not made.
ok_run=(run -k primes -m seq -w 1 -n 1000 -r 1 --warmup 0 --no-probe)

# --- --workers ------------------------------------------------------------

@test "--workers 0 is refused with the documented message" {
    expect_usage_error --workers "${ok_run[@]}" -w 0 -o "$OUT"
    [ "$stderr" = "gilbench run: --workers: expected a whole number from 1 to 256, got '0' (see 'gilbench run --help')" ] ||
        fail "$stderr"
}

@test "--workers -1 is refused" {
    expect_usage_error --workers "${ok_run[@]}" -w -1 -o "$OUT"
}

@test "--workers 257 (one over the maximum) is refused" {
    expect_usage_error --workers "${ok_run[@]}" -w 257 -o "$OUT"
}

@test "--workers abc is refused" {
    expect_usage_error --workers "${ok_run[@]}" --workers abc -o "$OUT"
}

@test "--workers 2x (trailing junk) is refused" {
    expect_usage_error --workers "${ok_run[@]}" -w 2x -o "$OUT"
}

@test "--workers '' (empty) is refused" {
    expect_usage_error --workers "${ok_run[@]}" -w '' -o "$OUT"
}

@test "--workers ' 2' and +2 (space, sign) are refused" {
    expect_usage_error --workers "${ok_run[@]}" -w ' 2' -o "$OUT"
    expect_usage_error --workers "${ok_run[@]}" -w +2 -o "$OUT"
}

@test "--workers 99999999999999999999999 (overflows 64 bits) is refused" {
    expect_usage_error --workers "${ok_run[@]}" -w 99999999999999999999999 -o "$OUT"
}

@test "run with two --workers values is refused" {
    expect_usage_error --workers "${ok_run[@]}" -w 1,2 -o "$OUT"
}

# --- --items, --tasks, --reps, --warmup -----------------------------------

@test "--items 99999999999999999999999 (overflows 64 bits) is refused" {
    expect_usage_error --items "${ok_run[@]}" --items 99999999999999999999999 -o "$OUT"
}

@test "--items 18446744073709551616 (2^64, wraps to 0 if unchecked) is refused" {
    expect_usage_error --items "${ok_run[@]}" -n 18446744073709551616 -o "$OUT"
}

@test "--items 0 is refused" {
    expect_usage_error --items "${ok_run[@]}" -n 0 -o "$OUT"
}

@test "--items over the kernel's maximum (primes: 4000000000) is refused" {
    expect_usage_error --items "${ok_run[@]}" -n 4000000001 -o "$OUT"
    [[ "$stderr" == *primes* && "$stderr" == *4000000000* ]] || fail "$stderr"
}

@test "--items at the kernel's maximum passes validation (checked with an unwritable -o)" {
    # 4000000000 must not be refused as too big; the run is stopped by the
    # next check instead, so nothing is computed.
    touch "$BATS_TEST_TMPDIR/file"
    expect_usage_error --out "${ok_run[@]}" -n 4000000000 -t 1 -o "$BATS_TEST_TMPDIR/file"
}

@test "--reps 99999999999999999999999 (overflows) is refused" {
    expect_usage_error --reps "${ok_run[@]}" --reps 99999999999999999999999 -o "$OUT"
}

@test "--reps 0 is refused" {
    expect_usage_error --reps "${ok_run[@]}" -r 0 -o "$OUT"
}

@test "--reps 1001 (over the maximum) is refused" {
    expect_usage_error --reps "${ok_run[@]}" -r 1001 -o "$OUT"
}

@test "--warmup -1 is refused" {
    expect_usage_error --warmup "${ok_run[@]}" --warmup -1 -o "$OUT"
}

@test "--warmup 101 is refused" {
    expect_usage_error --warmup "${ok_run[@]}" --warmup 101 -o "$OUT"
}

@test "--tasks 0 is refused" {
    expect_usage_error --tasks "${ok_run[@]}" -t 0 -o "$OUT"
}

@test "--tasks larger than --items is refused" {
    expect_usage_error --tasks "${ok_run[@]}" -n 10 --tasks 11 -o "$OUT"
}

@test "--tasks larger than a sweep kernel's --quick size is refused" {
    # sleep's quick size is 64 items.
    expect_usage_error --tasks sweep -k primes,sleep -m threads -w 1 --quick -t 65 -o "$OUT"
}

@test "--items=abc (the = form) is refused" {
    expect_usage_error --items "${ok_run[@]}" --items=abc -o "$OUT"
}

# --- --switch-interval and --timeout --------------------------------------

@test "--switch-interval 0 is refused" {
    expect_usage_error --switch-interval "${ok_run[@]}" --switch-interval 0 -o "$OUT"
}

@test "--switch-interval -1 is refused" {
    expect_usage_error --switch-interval "${ok_run[@]}" --switch-interval -1 -o "$OUT"
}

@test "--switch-interval 2 (over 1 s) is refused" {
    expect_usage_error --switch-interval "${ok_run[@]}" --switch-interval 2 -o "$OUT"
}

@test "--switch-interval nan is refused" {
    expect_usage_error --switch-interval "${ok_run[@]}" --switch-interval nan -o "$OUT"
}

@test "--switch-interval inf is refused" {
    expect_usage_error --switch-interval "${ok_run[@]}" --switch-interval inf -o "$OUT"
}

@test "--switch-interval 1e-7 (under a microsecond) is refused" {
    expect_usage_error --switch-interval "${ok_run[@]}" --switch-interval 1e-7 -o "$OUT"
}

@test "--timeout 0 is refused" {
    expect_usage_error --timeout "${ok_run[@]}" --timeout 0 -o "$OUT"
}

@test "--timeout nan is refused" {
    expect_usage_error --timeout "${ok_run[@]}" --timeout nan -o "$OUT"
}

@test "a hexadecimal float is not a number of seconds" {
    expect_usage_error "--switch-interval" sweep -k primes -m gil -w 2 --switch-interval 0.001,0x1p-3
}

@test "--scale outside 0.01 to 1, or not a number, is refused with one line" {
    for bad in 0 2 1.5 abc 0x1p-1 -0.5; do
        run --separate-stderr "$GB" run -k primes -m seq -w 1 --scale "$bad"
        [ "$status" -eq 2 ] || fail "--scale $bad: status $status"
        [ "$stderr" = "gilbench run: --scale: expected a factor from 0.01 to 1, got '$bad' (see 'gilbench run --help')" ] ||
            fail "--scale $bad:" "$stderr"
    done
}
