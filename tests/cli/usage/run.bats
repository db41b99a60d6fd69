#!/usr/bin/env bats
# usage/run.bats - the gilbench command line, part 1 of 3 (run/results.bats and
# run/faults.bats are the others), usage errors: the options of run and sweep -
# required options, names, unknown options and missing values, lists, the
# newer modes' options. Bad input is refused before anything runs or is
# written (exit 2, one line on stderr naming the option).  The other
# usage/*.bats files hold the rest of part 1.
# Runs against $GILBENCH when set (tests/run.sh points it at the ASan build).

load ../helpers

# A valid `run` except for what each test changes; -o "$OUT" is always
# there so every test also checks that the output directory is not made.
ok_run=(run -k primes -m seq -w 1 -n 1000 -r 1 --warmup 0 --no-probe)

# --- required options ---------------------------------------------------

@test "run without --kernel is refused" {
    expect_usage_error --kernel run -m seq -w 1 -o "$OUT"
}

@test "run without --mode is refused" {
    expect_usage_error --mode run -k primes -w 1 -o "$OUT"
}

@test "run without --workers is refused" {
    expect_usage_error --workers run -k primes -m seq -o "$OUT"
}

@test "sweep without --kernel is refused, and no results/ appears in the cwd" {
    expect_usage_error --kernel sweep -m threads -w 1,2
}

# --- names ----------------------------------------------------------------

@test "unknown kernel is refused and the message lists the kernels" {
    expect_usage_error --kernel run -k nosuch -m seq -w 1 -o "$OUT"
    [[ "$stderr" == *nosuch* && "$stderr" == *primes* && "$stderr" == *triad* ]] || fail "$stderr"
}

@test "unknown mode is refused and the message lists the modes" {
    expect_usage_error --mode run -k primes -m gevent -w 1 -o "$OUT"
    [[ "$stderr" == *gevent* && "$stderr" == *threads* && "$stderr" == *fork* ]] || fail "$stderr"
}

@test "kernel names are case-sensitive: Primes is refused" {
    expect_usage_error --kernel run -k Primes -m seq -w 1 -o "$OUT"
}

# --- unknown options, missing values, stray arguments ----------------------

@test "unknown long option --bogus is refused" {
    expect_usage_error --bogus "${ok_run[@]}" --bogus -o "$OUT"
}

@test "unknown short option -z is refused" {
    expect_usage_error -z "${ok_run[@]}" -z -o "$OUT"
}

@test "-k at the end, missing its value, is refused" {
    expect_usage_error "'-k'" run -m seq -w 1 -o "$OUT" -k
}

@test "--out at the end, missing its value, is refused" {
    expect_usage_error "'--out'" "${ok_run[@]}" --out
}

@test "an unexpected positional argument is refused" {
    expect_usage_error stray "${ok_run[@]}" stray -o "$OUT"
}

@test "run given two kernels is refused" {
    expect_usage_error --kernel run -k primes,pi -m seq -w 1 -o "$OUT"
}

@test "run given two modes is refused" {
    expect_usage_error --mode run -k primes -m seq,fork -w 1 -o "$OUT"
}

# --- lists in sweep ---------------------------------------------------------

@test "sweep with a kernel listed twice is refused" {
    expect_usage_error --kernel sweep -k primes,pi,primes -m threads -w 1 -o "$OUT"
}

@test "sweep with a mode listed twice is refused" {
    expect_usage_error --mode sweep -k primes -m gil,fork,gil -w 1 -o "$OUT"
}

@test "sweep with a worker count listed twice is refused" {
    expect_usage_error --workers sweep -k primes -m threads -w 1,2,1 -o "$OUT"
}

@test "sweep with an empty list element is refused" {
    expect_usage_error --kernel sweep -k primes, -m threads -w 1 -o "$OUT"
    [[ "$stderr" == *"comma-separated list"* ]] || fail "the list is malformed, not a kernel unknown" "$(show_run)"
    expect_usage_error --workers sweep -k primes -m threads -w 1,,2 -o "$OUT"
    [[ "$stderr" == *"got '1,,2'"* ]] || fail "the message should quote the list whole" "$(show_run)"
}

@test "sweep with an unknown kernel late in the list is refused" {
    expect_usage_error --kernel sweep -k primes,pi,nosuch -m threads -w 1 -o "$OUT"
}

# --- options of the newer modes ---------------------------------------------

@test "run with a list of --switch-interval values is refused" {
    expect_usage_error --switch-interval "${ok_run[@]}" --switch-interval 0.001,0.002 -o "$OUT"
}

@test "sweep with a switch interval listed twice is refused" {
    expect_usage_error --switch-interval sweep -k primes -m gil -w 2 --switch-interval 0.001,0.005,0.001 -o "$OUT"
}

@test "--check-interval 0 is refused" {
    expect_usage_error --check-interval "${ok_run[@]}" --check-interval 0 -o "$OUT"
}

@test "--chunksize 0 and 1000001 are refused" {
    expect_usage_error --chunksize "${ok_run[@]}" --chunksize 0 -o "$OUT"
    expect_usage_error --chunksize "${ok_run[@]}" --chunksize 1000001 -o "$OUT"
}

@test "--trace outside a GIL mode is refused, and the trace file is not created" {
    expect_usage_error --trace "${ok_run[@]}" --trace "$BATS_TEST_TMPDIR/trace.csv" -o "$OUT"
    [ ! -e "$BATS_TEST_TMPDIR/trace.csv" ] || fail "the trace file was created"
}

@test "--trace in a sweep is refused" {
    expect_usage_error --trace sweep -k primes -m gil -w 2 --trace "$BATS_TEST_TMPDIR/trace.csv" -o "$OUT"
}

@test "--trace naming a directory is refused" {
    expect_usage_error --trace run -k primes -m gil -w 2 --trace "$BATS_TEST_TMPDIR" -o "$OUT"
}

@test "a refused list value is quoted whole, not cut at its first comma" {
    expect_usage_error --workers "${ok_run[@]}" -w 1,2 -o "$OUT"
    [[ "$stderr" == *"'1,2'"* ]] || fail "$stderr"
    expect_usage_error --switch-interval "${ok_run[@]}" --switch-interval 0.001,0.002 -o "$OUT"
    [[ "$stderr" == *"'0.001,0.002'"* ]] || fail "$stderr"
}
