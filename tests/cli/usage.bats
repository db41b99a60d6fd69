#!/usr/bin/env bats
# usage.bats - the gilbench command line, part 1 of 3 (results.bats and
# faults.bats are the others): bad input is refused before anything runs or
# is written (exit 2, one line on stderr naming the option); help, version
# and list work.
# Runs against $GILBENCH when set (tests/run.sh points it at the ASan build).

load helpers

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

# --- list and subcommands ---------------------------------------------------

@test "list with an unknown argument is refused" {
    expect_usage_error "'threads'" list threads
}

@test "list without an argument is refused" {
    expect_usage_error kernels list
}

@test "list with two arguments is refused" {
    expect_usage_error kernels list kernels modes
}

@test "an unknown subcommand is refused, naming it" {
    expect_usage_error frobnicate frobnicate -k primes
}

@test "no subcommand at all: usage on stderr, exit 2" {
    run --separate-stderr "$GB"
    [ "$status" -eq 2 ] || fail "$(show_run)"
    [ -z "$output" ] || fail "$(show_run)"
    [[ "$stderr" == usage:* ]] || fail "$(show_run)"
}

# --- help and version -------------------------------------------------------

@test "--help at top level prints usage on stdout and exits 0" {
    run --separate-stderr "$GB" --help
    [ "$status" -eq 0 ] || fail "$(show_run)"
    [[ "${lines[0]}" == "usage: gilbench"* ]] || fail "$(show_run)"
    [[ "$output" == *run* && "$output" == *sweep* && "$output" == *list* ]] || fail "$(show_run)"
    [ -z "$stderr" ] || fail "$(show_run)"
}

@test "run --help prints its usage and every option on stdout and exits 0" {
    run --separate-stderr "$GB" run --help
    [ "$status" -eq 0 ] || fail "$(show_run)"
    [[ "${lines[0]}" == "usage: gilbench run"* ]] || fail "$(show_run)"
    for opt in --kernel --mode --workers --items --tasks --reps --warmup --out \
        --switch-interval --timeout --quick --no-probe --help; do
        [[ "$output" == *"$opt"* ]] || fail "run --help does not mention $opt"
    done
    [ -z "$stderr" ] || fail "$(show_run)"
    [ -z "$(ls -A "$CWD")" ] || fail "--help wrote something"
}

@test "run -h wins over missing required options" {
    run --separate-stderr "$GB" run -h
    [ "$status" -eq 0 ] || fail "$(show_run)"
    [[ "${lines[0]}" == "usage: gilbench run"* ]] || fail "$(show_run)"
}

@test "sweep --help prints its usage on stdout and exits 0" {
    run --separate-stderr "$GB" sweep --help
    [ "$status" -eq 0 ] || fail "$(show_run)"
    [[ "${lines[0]}" == "usage: gilbench sweep"* ]] || fail "$(show_run)"
    [ -z "$stderr" ] || fail "$(show_run)"
}

@test "list --help prints its usage on stdout and exits 0" {
    run --separate-stderr "$GB" list --help
    [ "$status" -eq 0 ] || fail "$(show_run)"
    [[ "${lines[0]}" == "usage: gilbench list"* ]] || fail "$(show_run)"
    [ -z "$stderr" ] || fail "$(show_run)"
}

@test "--version prints a version number and exits 0" {
    run --separate-stderr "$GB" --version
    [ "$status" -eq 0 ] || fail "$(show_run)"
    [[ "$output" =~ ^gilbench\ [0-9]+\.[0-9]+(\.[0-9]+)?([-+.][0-9A-Za-z.-]+)?$ ]] || fail "$(show_run)"
}

# --- list ---------------------------------------------------------------------

# check_list WHAT REQUIRED...: `gilbench list WHAT` prints one entry per
# line, a name and then a summary; the names are unique, include every
# REQUIRED one, and are exactly those `run --help` and the unknown-name
# error offer (the three lists come from one table and must agree).
check_list() {
    local what=$1 option
    shift
    [ "$what" = kernels ] && option=--kernel || option=--mode
    run --separate-stderr "$GB" list "$what"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    [ -z "$stderr" ] || fail "$(show_run)"
    local names
    names=$(printf '%s\n' "$output" | awk '{ print $1 }')
    printf '%s\n' "$output" | awk 'NF < 2 { print "no summary: " $0; bad = 1 } END { exit bad }' ||
        fail "every line needs a name and a summary" "$(show_run)"
    [ -z "$(printf '%s\n' "$names" | sort | uniq -d)" ] || fail "duplicate names" "$(show_run)"
    for name in "$@"; do
        printf '%s\n' "$names" | grep -qx -- "$name" || fail "'$name' is not listed" "$(show_run)"
    done
    local listed=${names//$'\n'/, }
    run "$GB" run --help
    [[ "$output" == *"$option NAME"*" $listed"* ]] || fail "run --help lists other $what than 'list':" "$output"
    run --separate-stderr "$GB" run -k nosuch -m nosuch -w 1
    [ "$what" = kernels ] || run --separate-stderr "$GB" run -k primes -m nosuch -w 1
    [[ "$stderr" == *"expected one of $listed ("* ]] || fail "the error lists other $what than 'list':" "$stderr"
}

@test "list kernels: one per line, name first, the required kernels among them" {
    check_list kernels primes sumsq sqrtsum pi mandelbrot sleep triad
}

@test "list modes: one per line, name first, the required modes among them" {
    check_list modes seq gil threads fork
}

@test "every listed kernel and mode is accepted by run" {
    # The lists and the parser must agree: each name passes validation
    # (stopped before measuring by an -o that is a file).
    touch "$BATS_TEST_TMPDIR/file"
    run "$GB" list kernels
    for k in $(printf '%s\n' "$output" | awk '{ print $1 }'); do
        expect_usage_error --out run -k "$k" -m seq -w 1 -o "$BATS_TEST_TMPDIR/file"
    done
    run "$GB" list modes
    for m in $(printf '%s\n' "$output" | awk '{ print $1 }'); do
        expect_usage_error --out run -k primes -m "$m" -w 1 -o "$BATS_TEST_TMPDIR/file"
    done
}

@test "a hexadecimal float is not a number of seconds" {
    expect_usage_error "--switch-interval" sweep -k primes -m gil -w 2 --switch-interval 0.001,0x1p-3
}

@test "output that cannot be written makes the command fail" {
    run "$GB" list kernels
    [ "$status" -eq 0 ]
    run bash -c "'$GB' list kernels >/dev/full"
    [ "$status" -eq 1 ]
    [[ "$output" == *"cannot write the output"* ]]
}

@test "--scale outside 0.01 to 1, or not a number, is refused with one line" {
    for bad in 0 2 1.5 abc 0x1p-1 -0.5; do
        run --separate-stderr "$GB" run -k primes -m seq -w 1 --scale "$bad"
        [ "$status" -eq 2 ] || fail "--scale $bad: status $status"
        [ "$stderr" = "gilbench run: --scale: expected a factor from 0.01 to 1, got '$bad' (see 'gilbench run --help')" ] ||
            fail "--scale $bad:" "$stderr"
    done
}
