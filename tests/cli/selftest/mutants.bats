#!/usr/bin/env bats
# selftest/mutants.bats - the deliberate-bug check's own rules (tests/mutants/run.py):
# the list is well formed and every original is still in its file, and an
# entry that no longer matches stops the check with its name rather than
# passing without planting anything.  (`make mutants` plants the bugs.)

load ../helpers

RUNNER="$BATS_TEST_DIRNAME/../../mutants/run.py"

@test "tests/mutants/list: at least 20 entries, every original found exactly once" {
    run --separate-stderr "$RUNNER" --check
    [ "$status" -eq 0 ] || fail "$(show_run)"
    [[ "$output" =~ ^mutants:\ ([0-9]+)\ entries ]] || fail "$(show_run)"
    [ "${BASH_REMATCH[1]}" -ge 20 ] || fail "only ${BASH_REMATCH[1]} mutants"
}

@test "an original that is no longer in its file stops the check, naming the entry and the file" {
    cat >"$BATS_TEST_TMPDIR/list" <<'LIST'
[gone]
file: kernels/primes.c
find: this text is in no file
replace: anything
tests: unit/test_kernels
why: the code moved on
LIST
    MUTANT_LIST="$BATS_TEST_TMPDIR/list" run --separate-stderr "$RUNNER"
    [ "$status" -eq 1 ] || fail "$(show_run)"
    [[ "$stderr" == *"mutant 1 [gone]: original text not found in kernels/primes.c"* ]] || fail "$(show_run)"
    [ -z "$output" ] || fail "nothing should have been built or run" "$(show_run)"
}

@test "an original found twice, a missing field or an unknown suite is refused" {
    printf '%s\n' '[twice]' 'file: kernels/primes.c' 'find: uint' 'replace: int' \
        'tests: unit/test_kernels' 'why: ambiguous' >"$BATS_TEST_TMPDIR/list"
    MUTANT_LIST="$BATS_TEST_TMPDIR/list" run --separate-stderr "$RUNNER" --check
    [ "$status" -eq 1 ] || fail "$(show_run)"
    [[ "$stderr" == *"[twice]: original text appears"*"times in kernels/primes.c"* ]] || fail "$(show_run)"

    printf '%s\n' '[incomplete]' 'file: kernels/primes.c' 'find: d += 2' 'replace: d += 1' \
        'tests: make/everything' >"$BATS_TEST_TMPDIR/list"
    MUTANT_LIST="$BATS_TEST_TMPDIR/list" run --separate-stderr "$RUNNER" --check
    [ "$status" -eq 1 ] || fail "$(show_run)"
    [[ "$stderr" == *"[incomplete] has no 'why'"* ]] || fail "$(show_run)"
    [[ "$stderr" == *"test 'make/everything' is neither"* ]] || fail "$(show_run)"
}
