#!/usr/bin/env bats
# run/results.bats - the gilbench command line, part 2 of 3 (usage/*.bats and
# run/faults.bats are the others): what a successful run writes: runs.csv,
# summary.csv, meta, the default results/<run-id>/ and results/latest, seq
# added by sweep, checksums identical in every mode and at every worker count.
# Runs against $GILBENCH when set (tests/run.sh points it at the ASan build).

load ../helpers

# documented_columns FILE: the column names results/README.md documents
# for FILE (the backquoted names in the first cell of its table's rows).
documented_columns() {
    awk -v section="## \`$1\`" '
        index($0, section) == 1 { on = 1; next }
        on && /^## / { exit }
        on && /^\| *`/ { split($0, cell, "|"); s = cell[2]
                         while (match(s, /`[a-z_]+`/)) { print substr(s, RSTART + 1, RLENGTH - 2); s = substr(s, RSTART + RLENGTH) } }
    ' "$BATS_TEST_DIRNAME/../../../results/README.md"
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
        --no-probe --no-progress --remeasure 0 -o "$OUT"
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
    grep -qx 'options: run -k primes -m threads -w 2 -n 100000 -r 3 --warmup 1 --no-probe --no-progress --remeasure 0 -o '"$OUT" "$OUT/meta" ||
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
        --no-probe --no-progress --remeasure 0 -o "$OUT"
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
    # Exact to the last bit: seven tasks of 142858 or 142857 items, each
    # summed in order from 0.0, the partials added in task order (the same
    # sum in Python: math.sqrt in the same order gives 666667166.45882118).
    # With -t ignored, 64 tasks would give another last digit.
    [ "$CHECKSUM" = 666667166.45882118 ] || fail "sqrtsum over 7 tasks: $CHECKSUM, expected 666667166.45882118"
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

# --- every option of run takes effect -----------------------------------------
# Each test below fails if its option is parsed but ignored (the others are
# seen in the tests above: -k -m -w -n -r -o in the schema test, -t in the
# sqrtsum checksum, --timeout in run/faults.bats, --no-probe in meta).

@test "--check-interval: gil-legacy with one worker re-takes the GIL once per N checks" {
    # primes checks once per number: 10000 checkpoints, each standing for
    # T ticks of CPython 2.7's interpreter, T measured on this machine
    # before the runs and written to legacy_ticks.csv; so 1 + 10000 * T / N
    # acquisitions (give or take one: T is written with 2 decimals).
    mkdir -p "$OUT"
    for n in 100 1000; do
        run --separate-stderr "$GB" run -k primes -m gil-legacy -w 1 -n 10000 --check-interval "$n" \
            "${FAST[@]}" -o "$OUT/$n"
        [ "$status" -eq 0 ] || fail "$(show_run)"
        ticks=$(csv_column "$OUT/$n/legacy_ticks.csv" ticks_per_checkpoint)
        got=$(csv_column "$OUT/$n/runs.csv" gil_acquisitions)
        awk -v t="$ticks" -v got="$got" -v n="$n" 'BEGIN {
            want = 1 + 10000 * t / n; exit !(t > 0 && got >= want - 1 && got <= want + 1) }' ||
            fail "--check-interval $n: $got acquisitions at $ticks ticks a checkpoint" "$(cat "$OUT/$n/runs.csv")"
    done
}

@test "gil-legacy measures each CPU kernel's checkpoint spacing before its runs: legacy_ticks.csv" {
    run --separate-stderr "$GB" sweep -k sumsq,sleep -m gil-legacy -w 2 -r 1 --warmup 0 --quick \
        --no-probe --no-progress -o "$OUT"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    check_csv "$OUT/legacy_ticks.csv" 'kernel,items,checkpoints,ns_per_checkpoint,tick_ns,ticks_per_checkpoint,slices_ns,seq_ns'
    # sumsq: 512 items between checkpoints, 8 slices of 1/256 of them; the
    # spacing is the shorter of the slices' and the seq run's (sweep runs
    # seq first); ticks = ns / 20.  sleep is not CPU work: not run, one tick.
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
             $1 == "sumsq" { ns = $c["ns_per_checkpoint"]; s = $c["slices_ns"]; q = $c["seq_ns"]
                             ok = $c["checkpoints"] >= 8 && q > 0 && ns == (s < q ? s : q) &&
                                  ($c["ticks_per_checkpoint"] - ns / $c["tick_ns"]) ^ 2 < 0.0001 }
             $1 == "sleep" { ok2 = $c["checkpoints"] == 0 && $c["ns_per_checkpoint"] == 0 &&
                             $c["ticks_per_checkpoint"] == 1 }
             END { exit !(ok && ok2) }' "$OUT/legacy_ticks.csv" || fail "$(cat "$OUT/legacy_ticks.csv")"
    # threads does not count ticks: no file.
    "$GB" sweep -k sumsq -m threads -w 2 -r 1 --warmup 0 --quick --no-probe --no-progress -o "$OUT-t" >/dev/null
    [ ! -e "$OUT-t/legacy_ticks.csv" ]
}

@test "--chunksize: a pool worker given all 8 tasks at once is the one that runs task 1" {
    # Chunks go out in worker order: with --chunksize 8 worker 0 takes tasks
    # 0-7 and worker 1 none; with the default of 1, task 1 goes to worker 1.
    mkdir -p "$OUT"
    # --retries 0: the first try's worker is the one named (a retry may run elsewhere).
    GILBENCH_CRASH_TASK=1 run --separate-stderr "$GB" run -k primes -m pool -w 2 -n 1000 -t 8 \
        --chunksize 8 --retries 0 "${FAST[@]}" -o "$OUT/8"
    [ "$status" -eq 1 ] || fail "$(show_run)"
    [[ "$stderr" == *"worker 0 "*"signal 11"* ]] || fail "task 1 should be worker 0's" "$(show_run)"
    GILBENCH_CRASH_TASK=1 run --separate-stderr "$GB" run -k primes -m pool -w 2 -n 1000 -t 8 \
        --retries 0 "${FAST[@]}" -o "$OUT/default"
    [ "$status" -eq 1 ] || fail "$(show_run)"
    [[ "$stderr" == *"worker 1 "*"signal 11"* ]] || fail "task 1 should be worker 1's" "$(show_run)"
}

@test "--warmup and --no-progress: on a terminal, progress counts warm-ups and repetitions; --no-progress silences it" {
    # Progress shows only on a terminal: `script` gives the run one.
    # --remeasure 0: a run this short is flagged for its spread, and the
    # rounds re-measuring it would add rows.
    local cmd="'$GB' run -k primes -m seq -w 1 -n 1000 -r 2 --warmup 3 --no-probe --remeasure 0 -o '$OUT'"
    run script -qec "$cmd" /dev/null
    [ "$status" -eq 0 ] || fail "$(show_run)"
    [[ "$output" == *"[5/5] primes seq w=1 rep 2/2"* ]] || fail "expected 3 warm-ups + 2 reps = 5 steps:" "$output"
    [[ "$output" == *"[3/5] primes seq w=1 warm-up"* ]] || fail "the third step should be a warm-up:" "$output"
    [ "$(data_rows "$OUT/runs.csv")" -eq 2 ] || fail "warm-ups must not be recorded" "$(cat "$OUT/runs.csv")"
    run script -qec "$cmd --no-progress" /dev/null
    [ "$status" -eq 0 ] || fail "$(show_run)"
    [[ "$output" != *"[1/5]"* ]] || fail "--no-progress still drew progress:" "$output"
}

@test "--trace writes the GIL's events: one holder at a time, every worker acquires" {
    run --separate-stderr "$GB" run -k primes -m gil -w 3 -n 20000 --switch-interval 0.0001 \
        --trace "$BATS_TEST_TMPDIR/trace.csv" "${FAST[@]}" -o "$OUT"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    [ "$(head -n 1 "$BATS_TEST_TMPDIR/trace.csv")" = time_s,thread,event ] || fail "no trace header"
    awk -F, 'NR == 1 { next }
             $3 == "acquire" { if (holder != "") { print "two holders at line " NR; bad = 1 } holder = $2; seen[$2] = 1 }
             $3 == "release" { if (holder != $2) { print "release by a non-holder at line " NR; bad = 1 } holder = "" }
             END { for (w = 0; w < 3; w++) if (!(w in seen)) { print "worker " w " never acquired"; bad = 1 }
                   exit bad }' "$BATS_TEST_TMPDIR/trace.csv" || fail "trace inconsistent"
}

@test "--switch-interval reaches the GIL: no drop request within 1 s, some at 100 us" {
    # Two CPU-bound threads: the waiter asks the holder to drop after one
    # whole interval of waiting.  The run takes well under a second, so at
    # 1 s nobody asks; at 100 us the waiter asks many times.
    mkdir -p "$OUT"
    run --separate-stderr "$GB" run -k primes -m gil -w 2 -n 1000000 --switch-interval 1 "${FAST[@]}" -o "$OUT/1s"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    [ "$(csv_column "$OUT/1s/runs.csv" gil_drop_requests)" -eq 0 ] || fail "$(cat "$OUT/1s/runs.csv")"
    run --separate-stderr "$GB" run -k primes -m gil -w 2 -n 1000000 --switch-interval 0.0001 "${FAST[@]}" -o "$OUT/100us"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    [ "$(csv_column "$OUT/100us/runs.csv" gil_drop_requests)" -gt 0 ] || fail "$(cat "$OUT/100us/runs.csv")"
}

@test "--scale: every kernel's own size times the factor, in proportion; -n still wins" {
    mkdir -p "$OUT"
    run --separate-stderr "$GB" sweep -k primes,sumsq -m seq -w 1 --quick --scale 0.5 "${FAST[@]}" -o "$OUT/half"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    # The quick sizes are the kernels' own: compare with a run at --scale 1.
    run --separate-stderr "$GB" sweep -k primes,sumsq -m seq -w 1 --quick "${FAST[@]}" -o "$OUT/whole"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    for k in primes sumsq; do
        half=$(awk -F, -v k="$k" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $c["kernel"] == k { print $c["items"]; exit }' "$OUT/half/runs.csv")
        whole=$(awk -F, -v k="$k" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $c["kernel"] == k { print $c["items"]; exit }' "$OUT/whole/runs.csv")
        [ "$half" -eq $((whole / 2)) ] || fail "$k: --scale 0.5 gave $half items, --scale 1 gave $whole"
    done
    run --separate-stderr "$GB" run -k primes -m seq -w 1 -n 1000 --scale 0.5 "${FAST[@]}" -o "$OUT/n"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    [ "$(csv_column "$OUT/n/runs.csv" items)" = 1000 ] || fail "-n must win over --scale"
}
