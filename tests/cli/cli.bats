#!/usr/bin/env bats
# cli.bats - the gilbench command line, end to end:
#   1. bad input is refused before anything runs or is written (exit 2, one
#      line on stderr naming the option); help, version and list work;
#   2. what a successful run writes: runs.csv, summary.csv, meta, the
#      default results/<run-id>/ and results/latest, seq added by sweep,
#      checksums identical in every mode and at every worker count;
#   3. crashed and hung workers, interrupts and abrupt death: the run says
#      what happened, exits 1 (or 128+signal), leaves no process behind,
#      and whatever it wrote is whole.
# Runs against $GILBENCH when set (tests/run.sh points it at the ASan build).

load helpers

# ======================================================================
# 1. Usage
# ======================================================================

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
    expect_usage_error --workers sweep -k primes -m threads -w 1,,2 -o "$OUT"
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

# ======================================================================
# 2. Results
# ======================================================================

# documented_columns FILE: the column names results/README.md documents
# for FILE (the backquoted names in the first cell of its table's rows).
documented_columns() {
    awk -v section="## \`$1\`" '
        index($0, section) == 1 { on = 1; next }
        on && /^## / { exit }
        on && /^\| *`/ { split($0, cell, "|"); s = cell[2]
                         while (match(s, /`[a-z_]+`/)) { print substr(s, RSTART + 1, RLENGTH - 2); s = substr(s, RSTART + RLENGTH) } }
    ' "$BATS_TEST_DIRNAME/../../results/README.md"
}

# undocumented HEADER FILE: the columns of HEADER results/README.md lacks.
undocumented() {
    local docs
    docs=$(documented_columns "$2")
    [ -n "$docs" ] || fail "results/README.md has no table for $2"
    tr , '\n' <<<"$1" | while read -r col; do
        grep -qx -- "$col" <<<"$docs" || echo "$col"
    done
}

@test "results/README.md documents every runs.csv column" {
    [ -z "$(undocumented "$RUNS_HEADER" runs.csv)" ] || fail "undocumented: $(undocumented "$RUNS_HEADER" runs.csv)"
}

@test "results/README.md documents every summary.csv column" {
    [ -z "$(undocumented "$SUMMARY_HEADER" summary.csv)" ] || fail "undocumented: $(undocumented "$SUMMARY_HEADER" summary.csv)"
}

@test "run: runs.csv, summary.csv and meta have the schema and the known answer" {
    run --separate-stderr "$GB" run -k primes -m threads -w 2 -n 100000 -r 3 --warmup 1 \
        --no-probe --no-progress -o "$OUT"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    [[ "$output" == *"results: $OUT/"* ]] || fail "stdout does not say where the results are" "$(show_run)"

    check_csv "$OUT/runs.csv" "$RUNS_HEADER"
    [ "$(data_rows "$OUT/runs.csv")" -eq 3 ] || fail "expected one row per rep (3):" "$(cat "$OUT/runs.csv")"
    [ "$(csv_column "$OUT/runs.csv" rep | tr '\n' ' ')" = "1 2 3 " ] || fail "reps are not 1 2 3"
    [ "$(csv_column "$OUT/runs.csv" checksum | sort -u)" = 9592 ] || fail "primes up to 100000: 9592 expected"
    [ "$(csv_column "$OUT/runs.csv" kernel | sort -u)" = primes ] || fail "kernel column"
    [ "$(csv_column "$OUT/runs.csv" mode | sort -u)" = threads ] || fail "mode column"
    [ "$(csv_column "$OUT/runs.csv" workers | sort -u)" = 2 ] || fail "workers column"
    [ "$(csv_column "$OUT/runs.csv" items | sort -u)" = 100000 ] || fail "items column"
    [ "$(csv_column "$OUT/runs.csv" tasks | sort -u)" = 64 ] || fail "tasks column (default 64)"
    # Every measured number is a non-negative decimal (the text columns found by name).
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) text[i] = $i ~ /^(kernel|mode|checksum|kind)$/; next }
             { for (i = 7; i <= NF; i++) if (!text[i] && $i !~ /^[0-9]+(\.[0-9]+)?$/) { print "row " NR " column " i ": " $i; bad = 1 } }
             END { exit bad }' "$OUT/runs.csv" || fail "non-numeric measurements"

    check_csv "$OUT/summary.csv" "$SUMMARY_HEADER"
    [ "$(data_rows "$OUT/summary.csv")" -eq 1 ] || fail "expected one summary row:" "$(cat "$OUT/summary.csv")"
    [ "$(csv_column "$OUT/summary.csv" n)" = 3 ] || fail "summary n should be 3"
    # min <= median <= max, and no speedup without seq in the same run.
    awk -F, 'NR == 2 { exit !($7 <= $6 && $6 <= $8 && $10 == "" && $11 == "") }' "$OUT/summary.csv" ||
        fail "summary row inconsistent:" "$(cat "$OUT/summary.csv")"

    [ -f "$OUT/meta" ] || fail "meta is missing"
    for key in "${META_KEYS[@]}"; do
        grep -q "^$key: ." "$OUT/meta" || fail "meta lacks '$key: value'" "$(cat "$OUT/meta")"
    done
    grep -qx 'options: run -k primes -m threads -w 2 -n 100000 -r 3 --warmup 1 --no-probe --no-progress -o '"$OUT" "$OUT/meta" ||
        fail "meta options do not record the command line" "$(cat "$OUT/meta")"
    grep -qx 'measured_cores: not measured' "$OUT/meta" || fail "--no-probe should show in meta"
    no_temp_files "$OUT"
}

@test "run writes nothing outside -o: the cwd stays empty" {
    run --separate-stderr "$GB" run -k sumsq -m seq -w 1 -n 1000 "${FAST[@]}" -o "$OUT"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    [ -z "$(ls -A "$CWD")" ] || fail "wrote into the cwd:" "$(ls -lA "$CWD")"
}

@test "-o creates the directory and refills an existing one" {
    mkdir -p "$OUT"
    echo keep >"$OUT/notes"
    run --separate-stderr "$GB" run -k primes -m fork -w 2 -n 100000 "${FAST[@]}" -o "$OUT"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    [ "$(cat "$OUT/notes")" = keep ] || fail "a file of the user's in -o was changed"
    [ "$(csv_column "$OUT/runs.csv" checksum)" = 9592 ] || fail "$(cat "$OUT/runs.csv")"
}

@test "without -o: a new results/<run-id>/ and results/latest pointing at it" {
    run --separate-stderr "$GB" run -k primes -m seq -w 1 -n 1000 "${FAST[@]}"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    [ -L results/latest ] || fail "results/latest is not a symlink:" "$(ls -la results)"
    local first
    first=$(readlink results/latest)
    [[ "$first" != */* ]] || fail "latest should point at a sibling, relative: $first"
    [ -d "results/$first" ] || fail "results/latest -> $first, which is not a directory"
    [[ "$output" == *"results: results/$first/"* ]] || fail "stdout names another directory" "$(show_run)"
    check_csv "results/latest/runs.csv" "$RUNS_HEADER"
    [ -f results/latest/meta ] || fail "meta missing"

    # A second run straight away (the same second, as a rule) gets its own directory.
    run --separate-stderr "$GB" run -k primes -m seq -w 1 -n 1000 "${FAST[@]}"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    local second
    second=$(readlink results/latest)
    [ "$second" != "$first" ] || fail "both runs went to results/$first"
    [ -d "results/$second" ] && [ -f "results/$second/runs.csv" ] || fail "second run dir incomplete"
    [ "$(data_rows "results/$first/runs.csv")" -eq 1 ] || fail "the first run's results were overwritten"
    [ "$(ls results | grep -vc '^latest$')" -eq 2 ] || fail "expected two run dirs:" "$(ls -la results)"
    no_temp_files results
}

@test "without -o: run-id collisions within one second get a suffix" {
    # Take the current and the next two seconds' names, as runs a moment
    # ago would have; the new run must pick a fresh one and leave them be.
    mkdir results
    local now taken=()
    now=$(date +%s)
    for s in 0 1 2; do
        taken+=("$(date -d "@$((now + s))" +%Y%m%d-%H%M%S)")
        mkdir "results/${taken[-1]}"
    done
    run --separate-stderr "$GB" run -k primes -m seq -w 1 -n 1000 "${FAST[@]}"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    local id
    id=$(readlink results/latest)
    [[ " ${taken[*]} " == *" ${id%-2} "* && "$id" == *-2 ]] || fail "expected one of ${taken[*]} with -2, got $id"
    for t in "${taken[@]}"; do
        [ -z "$(ls -A "results/$t")" ] || fail "results/$t was written into"
    done
}

@test "sweep adds seq: 3 summary rows, speedup and efficiency filled" {
    run --separate-stderr "$GB" sweep -k primes -m threads -w 1,2 -n 100000 "${FAST[@]}" -o "$OUT"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    check_csv "$OUT/summary.csv" "$SUMMARY_HEADER"
    [ "$(cut -d, -f1-3 "$OUT/summary.csv" | tail -n +2 | tr '\n' ' ')" = "primes,seq,1 primes,threads,1 primes,threads,2 " ] ||
        fail "expected seq, threads 1, threads 2:" "$(cat "$OUT/summary.csv")"
    awk -F, 'NR > 1 && !($10 ~ /^[0-9]+\.[0-9]+$/ && $10 > 0 && $11 ~ /^[0-9]+\.[0-9]+$/ && $11 > 0) { print; bad = 1 }
             END { exit bad }' "$OUT/summary.csv" || fail "speedup or efficiency missing"
    [ "$(awk -F, '$2 == "seq" { print $10 }' "$OUT/summary.csv")" = 1.0000 ] || fail "seq's own speedup is 1"
    check_csv "$OUT/runs.csv" "$RUNS_HEADER"
    [ "$(data_rows "$OUT/runs.csv")" -eq 3 ] || fail "$(cat "$OUT/runs.csv")"
    [ "$(csv_column "$OUT/runs.csv" checksum | sort -u)" = 9592 ] || fail "$(cat "$OUT/runs.csv")"
}

@test "sweep interleaves repetitions and counts them per configuration" {
    run --separate-stderr "$GB" sweep -k sumsq,primes -m gil,fork -w 2 -n 20000 -r 2 --warmup 0 \
        --no-probe --no-progress -o "$OUT"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    check_csv "$OUT/runs.csv" "$RUNS_HEADER"
    # Per kernel: round 1 of seq, gil, fork, then round 2.
    [ "$(cut -d, -f1,2,6 "$OUT/runs.csv" | tail -n +2 | tr '\n' ' ')" = \
        "sumsq,seq,1 sumsq,gil,1 sumsq,fork,1 sumsq,seq,2 sumsq,gil,2 sumsq,fork,2 primes,seq,1 primes,gil,1 primes,fork,1 primes,seq,2 primes,gil,2 primes,fork,2 " ] ||
        fail "unexpected row order:" "$(cat "$OUT/runs.csv")"
    [ "$(csv_column "$OUT/summary.csv" n | sort -u)" = 2 ] || fail "$(cat "$OUT/summary.csv")"
    [ "$(data_rows "$OUT/summary.csv")" -eq 6 ] || fail "$(cat "$OUT/summary.csv")"
}

@test "gil mode records GIL counters, other modes record zeros" {
    run --separate-stderr "$GB" sweep -k primes -m gil,threads -w 2 -n 200000 "${FAST[@]}" -o "$OUT"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    awk -F, 'NR > 1 && $2 == "gil" && !($18 > 0) { print "gil row without acquisitions: " $0; bad = 1 }
             NR > 1 && $2 != "gil" && ($18 != 0 || $19 != 0 || $20 != 0) { print "non-gil row with GIL counts: " $0; bad = 1 }
             END { exit bad }' "$OUT/runs.csv" || fail "GIL counters wrong"
}

@test "--switch-interval is recorded in runs.csv" {
    run --separate-stderr "$GB" run -k primes -m gil -w 2 -n 10000 --switch-interval 0.0005 "${FAST[@]}" -o "$OUT"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    [ "$(csv_column "$OUT/runs.csv" switch_interval_s)" = 0.000500 ] || fail "$(cat "$OUT/runs.csv")"
}

# Every mode at every worker count must produce the same checksum: the
# partials are combined in task order, so even floating-point sums agree
# to the last bit.  Every listed mode takes part, so a new mode is covered
# the day it is added.
same_checksum_everywhere() {
    local kernel=$1 modes
    shift
    modes=$("$GB" list modes | awk '$1 != "seq" { printf "%s%s", sep, $1; sep = "," }')
    run --separate-stderr "$GB" sweep -k "$kernel" -m "$modes" -w 1,2,3,5 "$@" "${FAST[@]}" -o "$OUT"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    check_csv "$OUT/runs.csv" "$RUNS_HEADER"
    local nmodes=$(($(tr -cd , <<<"$modes" | wc -c) + 1))
    [ "$(data_rows "$OUT/runs.csv")" -eq $((1 + 4 * nmodes)) ] ||
        fail "expected seq + $nmodes modes ($modes) x 4 worker counts:" "$(cat "$OUT/runs.csv")"
    local sums
    sums=$(csv_column "$OUT/runs.csv" checksum | sort | uniq -c)
    [ "$(printf '%s\n' "$sums" | wc -l)" -eq 1 ] || fail "$kernel: checksums differ:" "$sums"
    CHECKSUM=$(csv_column "$OUT/runs.csv" checksum | head -n 1)
}

@test "primes: identical checksum in every mode at 1, 2, 3, 5 workers" {
    same_checksum_everywhere primes -n 100000
    [ "$CHECKSUM" = 9592 ] || fail "got $CHECKSUM"
}

@test "sqrtsum (floating point): bit-identical checksum in every mode and worker count, 7 uneven tasks" {
    same_checksum_everywhere sqrtsum -n 1000000 -t 7
    # The known answer, sum of sqrt(i) for i = 1..10^6, within the kernel's tolerance.
    awk -v c="$CHECKSUM" 'BEGIN { d = c - 666667166.4588221; exit !(d < 1e-3 && d > -1e-3) }' ||
        fail "sqrtsum checksum $CHECKSUM is not 666667166.4588221"
    [[ "$CHECKSUM" == *.* ]] || fail "a floating-point checksum should print its fraction: $CHECKSUM"
}

@test "pi: identical checksum in every mode and worker count (per-task seeded RNG)" {
    same_checksum_everywhere pi -n 1000000
    # Points inside the quarter circle: about pi/4 of 10^6.
    [ "$CHECKSUM" -gt 783298 ] && [ "$CHECKSUM" -lt 787498 ] || fail "pi count $CHECKSUM is implausible"
}

@test "more workers than tasks: idle workers do not change the answer" {
    same_checksum_everywhere primes -n 100000 -t 3
    [ "$CHECKSUM" = 9592 ] || fail "got $CHECKSUM"
}

# ======================================================================
# 3. Faults
# ======================================================================

@test "helper check: run_reaped does see a process left behind" {
    # Without this, a broken reaper would pass every no_orphans below.
    run_reaped sh -c 'sleep 30 & exit 3'
    [ "$status" -eq 3 ] || fail "$(show_run)"
    [ -s "$ORPHANS" ] || fail "the orphaned sleep went unnoticed"
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
    [ -z "$(ps -eo stat=,ppid= | awk -v me=$$ '$1 ~ /^Z/ && $2 == me')" ] || fail "zombie children of the test shell"
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
    "$GB" sweep -k sleep -m threads,fork -w 2 -n 100 -r 50 --warmup 0 --no-probe --no-progress \
        -o "$OUT" >"$BATS_TEST_TMPDIR/stdout" 2>"$BATS_TEST_TMPDIR/stderr" 3>&- &
    BG_PID=$!
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
    "$GB" sweep -k sleep -m fork -w 2 -n 300 -r 20 --warmup 0 --no-probe --no-progress \
        -o "$OUT" >"$BATS_TEST_TMPDIR/stdout" 2>"$BATS_TEST_TMPDIR/stderr" 3>&- &
    BG_PID=$!
    wait_for_rows "$OUT/runs.csv" 1 20
    sleep 0.3
    kill -TERM "$BG_PID"
    wait_bounded "$BG_PID" 15
    [ "$BG_STATUS" -eq 143 ] || fail "status $BG_STATUS" "$(cat "$BATS_TEST_TMPDIR/stderr")"
    grep -q interrupted "$BATS_TEST_TMPDIR/stderr" || fail "no word of the interrupt:" "$(cat "$BATS_TEST_TMPDIR/stderr")"
    check_interrupted_run "$OUT"
    [ "$(data_rows "$OUT/runs.csv")" -ge 1 ] || fail "the finished repetitions were not kept"
    [ "$(data_rows "$OUT/runs.csv")" -lt 40 ] || fail "the sweep ran to the end despite SIGTERM"
    # Fork children of an interrupted repetition were killed, not orphaned:
    # their command line is gilbench's, with this test's unique -o.
    sleep 0.2
    [ -z "$(pgrep -f -- "-o $OUT" || true)" ] || fail "processes left behind:" "$(pgrep -af -- "-o $OUT")"
}

# wait_for_children PID SECONDS: waits until PID has child processes.
wait_for_children() {
    local deadline=$((SECONDS + $2))
    until [ -n "$(pgrep -P "$1")" ]; do
        [ "$SECONDS" -le "$deadline" ] || fail "process $1 started no children within $2 s"
        kill -0 "$1" 2>/dev/null || fail "process $1 ended before starting children"
        sleep 0.05
    done
}

@test "SIGTERM while fork workers compute: the repetition is abandoned, exit 143" {
    # One repetition of 3 s; the signal arrives while gilbench waits on
    # its children, so it must kill them rather than finish.
    "$GB" run -k sleep -m fork -w 2 -n 6000 -r 1 --warmup 0 --no-probe --no-progress \
        -o "$OUT" >"$BATS_TEST_TMPDIR/stdout" 2>"$BATS_TEST_TMPDIR/stderr" 3>&- &
    BG_PID=$!
    wait_for_children "$BG_PID" 20
    kill -TERM "$BG_PID"
    wait_bounded "$BG_PID" 15
    [ "$BG_STATUS" -eq 143 ] || fail "status $BG_STATUS" "$(cat "$BATS_TEST_TMPDIR/stderr")"
    check_interrupted_run "$OUT"
    [ ! -e "$OUT/runs.csv" ] || [ "$(data_rows "$OUT/runs.csv")" -eq 0 ] || fail "an abandoned rep was recorded"
    sleep 0.2
    [ -z "$(pgrep -f -- "-o $OUT" || true)" ] || fail "workers left behind:" "$(pgrep -af -- "-o $OUT")"
}

@test "a second SIGTERM ends the run at once, while the first lets the repetition finish" {
    # seq cannot be stopped inside a repetition (5 s of sleeps here): the
    # first signal is noted, the second exits straight away.
    "$GB" run -k sleep -m seq -w 1 -n 5000 -r 1 --warmup 0 --no-probe --no-progress \
        -o "$OUT" >"$BATS_TEST_TMPDIR/stdout" 2>"$BATS_TEST_TMPDIR/stderr" 3>&- &
    BG_PID=$!
    wait_for_file "$OUT/meta" 20 # written after the handlers are installed
    kill -TERM "$BG_PID"
    sleep 0.3
    kill -0 "$BG_PID" || fail "one SIGTERM should not end a seq repetition" "$(cat "$BATS_TEST_TMPDIR/stderr")"
    kill -TERM "$BG_PID"
    wait_bounded "$BG_PID" 15
    [ "$BG_STATUS" -eq 143 ] || fail "status $BG_STATUS" "$(cat "$BATS_TEST_TMPDIR/stderr")"
    grep -q 'interrupted again' "$BATS_TEST_TMPDIR/stderr" ||
        fail "the second signal did not end it (it ran to the end of the repetition):" "$(cat "$BATS_TEST_TMPDIR/stderr")"
    check_interrupted_run "$OUT"
}

@test "SIGINT reaches a run started in the background (where SIGINT starts ignored)" {
    # The premise: this shell starts background jobs with SIGINT ignored.
    sleep 10 3>&- &
    local probe=$!
    local ignored
    ignored=$(awk '/^SigIgn:/ { print $2 }' "/proc/$probe/status")
    kill "$probe"
    wait "$probe" || true
    (((0x$ignored & 0x2) != 0)) || skip "background jobs here do not start with SIGINT ignored"

    "$GB" run -k sleep -m threads -w 2 -n 400 -r 50 --warmup 0 --no-probe --no-progress \
        -o "$OUT" >"$BATS_TEST_TMPDIR/stdout" 2>"$BATS_TEST_TMPDIR/stderr" 3>&- &
    BG_PID=$!
    wait_for_rows "$OUT/runs.csv" 2 20
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
    "$GB" sweep -k sleep -m fork -w 2 -n 200 -r 50 --warmup 0 --no-probe --no-progress \
        >"$BATS_TEST_TMPDIR/stdout" 2>"$BATS_TEST_TMPDIR/stderr" 3>&- &
    BG_PID=$!
    wait_for_rows "$CWD/results/latest/runs.csv" 2 20
    kill -INT "$BG_PID"
    wait_bounded "$BG_PID" 15
    [ "$BG_STATUS" -eq 130 ] || fail "status $BG_STATUS" "$(cat "$BATS_TEST_TMPDIR/stderr")"
    check_interrupted_run "$CWD/results/latest/"
    no_temp_files "$CWD/results"
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
