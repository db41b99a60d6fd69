#!/usr/bin/env bats
# plots/charts.bats - the chart scripts, the report and the hyperfine comparison,
# on the hand-made run in tests/fixtures/run-small (the real CSV format,
# two kernels, four modes, 1/2/4 workers on a 2-core machine).

PLOTS="$BATS_TEST_DIRNAME/../../../plots"
FIXTURES="$BATS_TEST_DIRNAME/../../fixtures"
GILBENCH="$BATS_TEST_DIRNAME/../../../bin/gilbench"
CHARTS="speedup-primes speedup-sleep efficiency-primes efficiency-sleep walltime cpu_vs_io"

# One rendering and one report of the fixture, shared by the tests that
# only look at them (gnuplot is the slow part).
setup_file() {
    export RENDERED="$BATS_FILE_TMPDIR/run"
    cp -R "$FIXTURES/run-small" "$RENDERED"
    "$PLOTS/render.sh" "$RENDERED" >"$BATS_FILE_TMPDIR/render.out" 2>"$BATS_FILE_TMPDIR/render.err"
    echo $? >"$BATS_FILE_TMPDIR/render.status"
    "$PLOTS/report.sh" "$RENDERED" >/dev/null
}

setup() {
    RUN="$BATS_TEST_TMPDIR/run"
    cp -R "$FIXTURES/run-small" "$RUN"
}

load chart_helpers

# ---- render.sh ------------------------------------------------------------

@test "render.sh draws every chart of the fixture as a 1280x720 PNG and an SVG" {
    [ "$(cat "$BATS_FILE_TMPDIR/render.status")" -eq 0 ]
    for c in $CHARTS; do
        assert_slide_png "$RENDERED/plots/$c.png"
        assert_svg "$RENDERED/plots/$c.svg"
    done
}

@test "render.sh prints exactly the paths it wrote" {
    n=0
    while read -r path; do
        [ -s "$path" ]
        n=$((n + 1))
    done <"$BATS_FILE_TMPDIR/render.out"
    [ "$n" -eq 12 ]
    [ ! -s "$BATS_FILE_TMPDIR/render.err" ]
}

@test "render.sh with ONLY draws just the outputs named and leaves no other chart behind" {
    "$PLOTS/render.sh" "$RUN" >/dev/null 2>&1
    run env ONLY="speedup-primes cpu_vs_io" "$PLOTS/render.sh" "$RUN"
    [ "$status" -eq 0 ]
    [ "$(printf '%s\n' "$output" | grep -c '^/')" -eq 4 ]
    [ "$(cd "$RUN/plots" && ls | sort | tr '\n' ' ')" = "cpu_vs_io.png cpu_vs_io.svg speedup-primes.png speedup-primes.svg " ]
}

@test "speedup.gp renders on its own, run from another directory" {
    cd "$BATS_TEST_TMPDIR"
    run gnuplot -e "data='$RUN/summary.csv'; out='$BATS_TEST_TMPDIR/s'; kernel='primes'; cores=2; machine='test'" \
        "$PLOTS/gnuplot/speedup.gp"
    [ "$status" -eq 0 ]
    assert_slide_png "$BATS_TEST_TMPDIR/s.png"
    assert_svg "$BATS_TEST_TMPDIR/s.svg"
}

@test "efficiency.gp renders on its own" {
    run gnuplot -e "data='$RUN/summary.csv'; out='$BATS_TEST_TMPDIR/e'; kernel='sleep'; cores=2; modes='gil threads fork'; workers='1 2 4'" \
        "$PLOTS/gnuplot/efficiency.gp"
    [ "$status" -eq 0 ]
    assert_slide_png "$BATS_TEST_TMPDIR/e.png"
}

@test "walltime.gp renders on its own" {
    run gnuplot -e "data='$RUN/summary.csv'; out='$BATS_TEST_TMPDIR/w'; at=2; kernels='primes sleep'; modes='seq gil threads fork'" \
        "$PLOTS/gnuplot/walltime.gp"
    [ "$status" -eq 0 ]
    assert_slide_png "$BATS_TEST_TMPDIR/w.png"
}

@test "cpu_vs_io.gp renders on its own" {
    run gnuplot -e "data='$RUN/summary.csv'; out='$BATS_TEST_TMPDIR/c'; cpu='primes'; io='sleep'; cores=2" \
        "$PLOTS/gnuplot/cpu_vs_io.gp"
    [ "$status" -eq 0 ]
    assert_slide_png "$BATS_TEST_TMPDIR/c.png"
}

@test "a chart script without its variables says which to set" {
    run gnuplot "$PLOTS/gnuplot/speedup.gp"
    [ "$status" -eq 2 ]
    [[ "$output" == *"set data, out and kernel"* ]]
}

@test "the machine line comes from meta and every script loads the shared style" {
    grep -q "Example CPU @ 2.00GHz (fixture, hand-made)" "$RENDERED/plots/walltime.svg"
    grep -q "2 cores online, 1.95 measured" "$RENDERED/plots/speedup-primes.svg"
    for gp in speedup efficiency walltime cpu_vs_io; do
        grep -q 'style.gp' "$PLOTS/gnuplot/$gp.gp"
        # Columns by name only: no $N or using N:M in the chart scripts.
        ! grep -En 'using +[0-9]|\$[0-9]' "$PLOTS/gnuplot/$gp.gp" || false
    done
}

@test "a summary.csv without a needed column fails naming the column and the file" {
    run "$PLOTS/render.sh" "$FIXTURES/run-missing-column"
    [ "$status" -eq 1 ]
    [ "$output" = "gilbench plots: $FIXTURES/run-missing-column/summary.csv has no column 'efficiency' (needed by efficiency.gp)" ]
    [ ! -d "$FIXTURES/run-missing-column/plots" ]
    run "$PLOTS/report.sh" "$FIXTURES/run-missing-column"
    [ "$status" -eq 1 ]
    [[ "$output" == *"summary.csv has no column 'efficiency'"* ]]
}

@test "render.sh without gnuplot on PATH prints the install line and exits 3" {
    run env PATH="$(path_without)" bash "$PLOTS/render.sh" "$RUN"
    [ "$status" -eq 3 ]
    [ "$output" = "gilbench plots: gnuplot is not installed; install it with: apt-get install gnuplot-nox" ]
}

@test "render.sh skips cpu_vs_io cleanly when the run has no sleep kernel" {
    awk -F, '$1 != "sleep"' "$FIXTURES/run-small/summary.csv" >"$RUN/summary.csv"
    run "$PLOTS/render.sh" "$RUN"
    [ "$status" -eq 0 ]
    [[ "$output" == *"note: skipping cpu_vs_io: no sleep kernel"* ]]
    [ ! -e "$RUN/plots/cpu_vs_io.png" ]
    assert_slide_png "$RUN/plots/speedup-primes.png"
    assert_slide_png "$RUN/plots/walltime.png"
}

@test "render.sh skips speedup charts when seq was not measured, and removes stale ones" {
    "$PLOTS/render.sh" "$RUN" >/dev/null
    [ -e "$RUN/plots/speedup-primes.png" ]
    awk -F, -v OFS=, 'NR == 1 { print; next } $2 != "seq" { $10 = ""; $11 = ""; print }' \
        "$FIXTURES/run-small/summary.csv" >"$RUN/summary.csv"
    run "$PLOTS/render.sh" "$RUN"
    [ "$status" -eq 0 ]
    [[ "$output" == *"skipping speedup-primes and efficiency-primes: no seq baseline"* ]]
    [ ! -e "$RUN/plots/speedup-primes.png" ]
    [ ! -e "$RUN/plots/cpu_vs_io.png" ]
    assert_slide_png "$RUN/plots/walltime.png"
}

@test "render.sh and report.sh: usage and a missing run directory" {
    run "$PLOTS/render.sh"
    [ "$status" -eq 2 ]
    run "$PLOTS/render.sh" "$BATS_TEST_TMPDIR/nothing"
    [ "$status" -eq 1 ]
    [[ "$output" == *"no run directory"* ]]
    run "$PLOTS/report.sh"
    [ "$status" -eq 2 ]
}

# ---- report.sh ------------------------------------------------------------

@test "the report lists every chart file that exists" {
    report="$RENDERED/report.md"
    [ -s "$report" ]
    for f in "$RENDERED"/plots/*; do
        grep -qF "plots/${f##*/}" "$report" || { echo "not in the report: ${f##*/}"; false; }
    done
}

@test "every image the report embeds exists" {
    n=0
    for path in $(grep -o '!\[[^]]*\]([^)]*)' "$RENDERED/report.md" | sed 's/.*](\(.*\))/\1/'); do
        [ -s "$RENDERED/$path" ] || { echo "embedded but missing: $path"; false; }
        n=$((n + 1))
    done
    [ "$n" -eq 6 ]
}

@test "the report states the machine, the date, the table and numbers from the run" {
    report="$RENDERED/report.md"
    grep -q "Example CPU @ 2.00GHz (fixture, hand-made)" "$report"
    grep -q "2026-11-23 20:06:43 UTC" "$report"
    grep -q "^| kernel *| mode *| workers" "$report"
    grep -q "^| primes *| threads *| *2 |" "$report"
    # Sentences from the numbers.
    tr '\n' ' ' <"$report" | grep -q "threads 1.98x, fork 1.90x and gil 0.99x"
    tr '\n' ' ' <"$report" | grep -q "sleep (I/O-bound; seq kept a CPU busy 1% of the time) ran 1.98x under the GIL"
    grep -q "in all 30 runs" "$report"
    ! grep -q "Warning" "$report" || false
    # Readable in a pager: no line longer than the widest table row.
    [ -z "$(long_prose_lines "$report")" ]
}

@test "the report warns when the machine gave under 90% of its cores" {
    sed -i 's/^measured_cores: .*/measured_cores: 1.20/' "$RUN/meta"
    run "$PLOTS/report.sh" "$RUN"
    [ "$status" -eq 0 ]
    grep -q "Warning: this machine gave only 1.20 of its 2 cores" "$RUN/report.md"
}

@test "a report before any chart is drawn embeds nothing" {
    run "$PLOTS/report.sh" "$RUN"
    [ "$status" -eq 0 ]
    [ "$output" = "$RUN/report.md" ]
    ! grep -q '!\[' "$RUN/report.md" || false
    grep -q "No charts yet" "$RUN/report.md"
}

# ---- hyperfine.sh ---------------------------------------------------------

@test "hyperfine.sh without hyperfine on PATH prints the install line and exits 3" {
    run env PATH="$(path_without)" bash "$PLOTS/hyperfine.sh" "$RUN"
    [ "$status" -eq 3 ]
    [ "$output" = "gilbench hyperfine: hyperfine is not installed; install it with: apt-get install hyperfine" ]
}

@test "hyperfine.sh: bad RUNS, WORKERS and SCALE are refused with one line and status 2" {
    command -v hyperfine >/dev/null || skip "hyperfine is not installed"
    for bad in "SCALE=7" "SCALE=0" "SCALE=abc" "RUNS=1" "WORKERS=0"; do
        run env "$bad" bash "$PLOTS/hyperfine.sh" "$RUN" "$GILBENCH"
        [ "$status" -eq 2 ] || { echo "$bad: status $status: $output"; return 1; }
        [ "${#lines[@]}" -eq 1 ] && [[ "$output" == "gilbench hyperfine: ${bad%%=*}: expected"* ]] ||
            { echo "$bad: $output"; return 1; }
    done
    MODES=seq SCALE=0.5 RUNS=2 run bash "$PLOTS/hyperfine.sh" "$RUN" "$GILBENCH"
    [ "$status" -eq 0 ] || { echo "$output"; return 1; }
}

@test "hyperfine.sh compares whole processes with the harness and the report includes it" {
    [ -x "$GILBENCH" ] || skip "bin/gilbench is not built"
    command -v hyperfine >/dev/null || skip "hyperfine is not installed"
    MODES=seq,threads run "$PLOTS/hyperfine.sh" "$RUN" "$GILBENCH"
    [ "$status" -eq 0 ]
    [ -s "$RUN/hyperfine.json" ]
    head -n 1 "$RUN/hyperfine.csv" | grep -q '^command,mean,stddev'
    [ "$(head -n 1 "$RUN/hyperfine_vs_harness.csv")" = \
      "mode,hyperfine_mean_s,harness_wall_s,ratio,hyperfine_stddev_s,harness_cold_wall_s" ]
    [ "$(cut -d, -f1 "$RUN/hyperfine_vs_harness.csv" | tail -n +2 | tr '\n' ' ')" = "seq threads " ]
    awk -F, 'NR > 1 && !($2 > 0 && $3 > 0 && $4 > 0) { exit 1 }' "$RUN/hyperfine_vs_harness.csv"
    "$PLOTS/report.sh" "$RUN" >/dev/null
    grep -q "## Outside view: hyperfine vs the harness timer" "$RUN/report.md"
    grep -q "^| seq " "$RUN/report.md"
}
