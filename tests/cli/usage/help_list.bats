#!/usr/bin/env bats
# usage/help_list.bats - the gilbench command line, part 1 of 3
# (run/results.bats and run/faults.bats are the others): subcommands, help, version
# and list work; an unknown subcommand or list argument is refused (exit 2).
# The other usage/*.bats files hold the rest of part 1.
# Runs against $GILBENCH when set (tests/run.sh points it at the ASan build).

load ../helpers

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
