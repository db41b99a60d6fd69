#!/usr/bin/env bats
# plots/gil_charts.bats - the GIL deep-dive charts (timeline, convoy,
# switch_interval, calibration): draw.sh, their place in render.sh and in
# the report, on small fixtures of real data from a 2-core VM (--quick):
#
#   run-gil-timeline     gilbench run -k primes -m gil -w 2 -r 1 --warmup 0 --quick --no-probe
#                        --trace trace-gil.csv, and -m gil-legacy --trace trace-gil-legacy.csv
#                        (the legacy trace cut to its first 2 ms to stay small)
#   run-gil-convoy       gilbench convoy --quick (no summary.csv: a convoy run has none)
#   run-gil-sweep        gilbench sweep -k primes -m gil -w 2 -r 3 --quick
#                        --switch-interval 0.0001,0.0005,0.001,0.005,0.01,0.05
#   run-gil-calibration  QUICK=1 bench/calibrate.sh: calibration.csv, cpython_version, meta

PLOTS="$BATS_TEST_DIRNAME/../../../plots"
FIXTURES="$BATS_TEST_DIRNAME/../../fixtures"
GIL_RUNS="timeline:run-gil-timeline convoy:run-gil-convoy switch_interval:run-gil-sweep calibration:run-gil-calibration"

# One rendering and one report of every fixture, shared by the tests that
# only look at them (gnuplot is the slow part).
setup_file() {
    local cr
    for cr in $GIL_RUNS; do
        render_once "${cr%%:*}" "$FIXTURES/${cr#*:}"
    done
}

load chart_helpers

# copy FIXTURE: a private copy of a fixture run, in $RUN.
copy() {
    RUN="$BATS_TEST_TMPDIR/run"
    cp -R "$FIXTURES/$1" "$RUN"
}

# ---- render.sh draws them when their data is in the run ------------------

@test "render.sh draws each GIL chart of its fixture as a 1280x720 PNG and an SVG" {
    for cr in $GIL_RUNS; do
        chart=${cr%%:*}
        [ "$(cat "$BATS_FILE_TMPDIR/$chart.status")" -eq 0 ] || { cat "$BATS_FILE_TMPDIR/$chart.err"; false; }
        assert_slide_png "$BATS_FILE_TMPDIR/$chart/plots/$chart.png"
        assert_svg "$BATS_FILE_TMPDIR/$chart/plots/$chart.svg"
        grep -qx "$BATS_FILE_TMPDIR/$chart/plots/$chart.png" "$BATS_FILE_TMPDIR/$chart.out"
    done
}

@test "a run with only convoy.csv (or calibration.csv) gets just that chart, quietly" {
    for chart in convoy calibration; do
        [ "$(wc -l <"$BATS_FILE_TMPDIR/$chart.out")" -eq 2 ]
        [ ! -s "$BATS_FILE_TMPDIR/$chart.err" ] || { cat "$BATS_FILE_TMPDIR/$chart.err"; false; }
        [ "$(ls "$BATS_FILE_TMPDIR/$chart/plots")" = "$chart.png
$chart.svg" ]
    done
}

@test "the sweep gets switch_interval next to its speedup chart; a plain run gets none of the GIL charts" {
    assert_slide_png "$BATS_FILE_TMPDIR/switch_interval/plots/speedup-primes.png"
    copy run-small
    "$PLOTS/render.sh" "$RUN" >/dev/null 2>&1
    for chart in timeline convoy switch_interval calibration; do
        [ ! -e "$RUN/plots/$chart.png" ]
    done
}

@test "render.sh removes a GIL chart whose data is gone" {
    copy run-gil-sweep
    cp "$FIXTURES/run-gil-convoy/convoy.csv" "$RUN/"
    "$PLOTS/render.sh" "$RUN" >/dev/null 2>&1
    [ -s "$RUN/plots/convoy.png" ] && [ -s "$RUN/plots/switch_interval.png" ]
    rm "$RUN/convoy.csv"
    run "$PLOTS/render.sh" "$RUN"
    [ "$status" -eq 0 ]
    [ ! -e "$RUN/plots/convoy.png" ] && [ ! -e "$RUN/plots/convoy.svg" ]
    [ -s "$RUN/plots/switch_interval.png" ]
}

# ---- draw.sh: one chart at a time ---------------------------------------

@test "draw.sh draws each chart on its own, from another directory, and prints the paths" {
    cd "$BATS_TEST_TMPDIR"
    for cr in $GIL_RUNS; do
        chart=${cr%%:*}
        rm -rf run
        cp -R "$FIXTURES/${cr#*:}" run
        run "$PLOTS/draw.sh" "$chart" run
        [ "$status" -eq 0 ] || { echo "$chart: $output"; false; }
        [ "$output" = "run/plots/$chart.png
run/plots/$chart.svg" ]
        assert_slide_png "run/plots/$chart.png"
        assert_svg "run/plots/$chart.svg"
    done
}

@test "draw.sh takes the data file as an argument, and the timeline draws from one trace" {
    copy run-small
    run "$PLOTS/draw.sh" convoy "$RUN" "$FIXTURES/run-gil-convoy/convoy.csv"
    [ "$status" -eq 0 ]
    assert_slide_png "$RUN/plots/convoy.png"
    run "$PLOTS/draw.sh" timeline "$RUN" "" "$FIXTURES/run-gil-timeline/trace-gil-legacy.csv"
    [ "$status" -eq 0 ]
    assert_slide_png "$RUN/plots/timeline.png"
    grep -q "no trace here" "$RUN/plots/timeline.svg"
    ZOOM_MS=0 WINDOW_MS=10 run "$PLOTS/draw.sh" timeline "$RUN" "$FIXTURES/run-gil-timeline/trace-gil.csv"
    [ "$status" -eq 0 ]
    assert_slide_png "$RUN/plots/timeline.png"
}

@test "calibration.sh (called by make calibrate) draws RUN_DIR/plots/calibration" {
    copy run-gil-calibration
    [ -x "$PLOTS/calibration.sh" ]
    run "$PLOTS/calibration.sh" "$RUN"
    [ "$status" -eq 0 ]
    assert_slide_png "$RUN/plots/calibration.png"
    assert_svg "$RUN/plots/calibration.svg"
    grep -q "CPython 3.11.7 vs gilbench" "$RUN/plots/calibration.svg"
    run "$PLOTS/calibration.sh"
    [ "$status" -eq 2 ]
}

@test "a missing column fails naming the column, the file and the script, and draws nothing" {
    for case in "convoy:run-gil-convoy:convoy.csv:p90_op_us" \
                "switch_interval:run-gil-sweep:runs.csv:gil_drop_requests:gil_handovers' or 'gil_drop_requests" \
                "switch_interval:run-gil-sweep:summary.csv:speedup" \
                "calibration:run-gil-calibration:calibration.csv:cpython_speedup" \
                "timeline:run-gil-timeline:trace-gil-legacy.csv:event"; do
        # The fifth field: what the message names, when not just the column
        # (switch_interval.gp counts gil_handovers, else an old run's
        # gil_drop_requests: the fixture predates hand-overs).
        IFS=: read -r chart dir file col named <<<"$case"
        named=${named:-$col}
        rm -rf "$BATS_TEST_TMPDIR/run"
        copy "$dir"
        drop_column "$RUN/$file" "$col"
        run "$PLOTS/draw.sh" "$chart" "$RUN"
        [ "$status" -eq 1 ] || { echo "$case: status $status: $output"; false; }
        [ "$output" = "gilbench plots: $RUN/$file has no column '$named' (needed by $chart.gp)" ] ||
            { echo "$case: $output"; false; }
        [ ! -e "$RUN/plots/$chart.png" ]
        # render.sh checks the same columns before it draws anything.
        run "$PLOTS/render.sh" "$RUN"
        [ "$status" -eq 1 ]
        [ "$output" = "gilbench plots: $RUN/$file has no column '$named' (needed by $chart.gp)" ]
        [ ! -d "$RUN/plots" ]
    done
}

@test "draw.sh without gnuplot on PATH prints the install line and exits 3" {
    copy run-gil-convoy
    run env PATH="$(path_without)" bash "$PLOTS/draw.sh" convoy "$RUN"
    [ "$status" -eq 3 ]
    [ "$output" = "gilbench plots: gnuplot is not installed; install it with: apt-get install gnuplot-nox" ]
    run env PATH="$(path_without)" bash "$PLOTS/calibration.sh" "$FIXTURES/run-gil-calibration"
    [ "$status" -eq 3 ]
    [ "$output" = "gilbench plots: gnuplot is not installed; install it with: apt-get install gnuplot-nox" ]
    [ ! -d "$RUN/plots" ]
}

@test "draw.sh: usage, an unknown chart, a missing data file, a bad window" {
    copy run-gil-convoy
    run "$PLOTS/draw.sh"
    [ "$status" -eq 2 ]
    [[ "$output" == "usage: plots/draw.sh CHART RUN_DIR"* ]]
    run "$PLOTS/draw.sh" pie "$RUN"
    [ "$status" -eq 2 ]
    # The list is plots/charts.py's table of experiment charts, in its order.
    local known
    known=$(cd "$PLOTS" && python3 -c "import charts; print(' '.join(c.name for c in charts.EXPERIMENTS))")
    [ "$output" = "gilbench plots: unknown chart 'pie' (one of: $known)" ]
    run "$PLOTS/draw.sh" convoy "$BATS_TEST_TMPDIR/nothing"
    [ "$status" -eq 1 ]
    [[ "$output" == *"no run directory"* ]]
    run "$PLOTS/draw.sh" calibration "$RUN"
    [ "$status" -eq 1 ]
    [ "$output" = "gilbench plots: no $RUN/calibration.csv (the data of the calibration chart: make calibrate)" ]
    run "$PLOTS/draw.sh" timeline "$RUN"
    [ "$status" -eq 1 ]
    [[ "$output" == *"no trace-gil.csv or trace-gil-legacy.csv in '$RUN'"* ]]
    cp "$FIXTURES/run-gil-timeline/trace-gil.csv" "$RUN/"
    WINDOW_MS=lots run "$PLOTS/draw.sh" timeline "$RUN"
    [ "$status" -eq 2 ]
    [ "$output" = "gilbench plots: WINDOW_MS: expected a number of milliseconds, got 'lots'" ]
}

@test "every GIL chart script loads the shared style, reads columns by name and says what to set" {
    for gp in timeline convoy switch_interval calibration; do
        grep -q 'style.gp' "$PLOTS/gnuplot/$gp.gp"
        ! grep -En 'using +[0-9]|\$[0-9]' "$PLOTS/gnuplot/$gp.gp" || false
        run gnuplot "$PLOTS/gnuplot/$gp.gp"
        [ "$status" -eq 2 ]
        [[ "$output" == "$gp.gp: set "* ]]
    done
}

@test "the timeline pre-pass turns every acquire into one hold, and holds never overlap" {
    for trace in "$FIXTURES"/run-gil-timeline/trace-*.csv; do
        acquires=$(grep -c ',acquire$' "$trace")
        python3 "$PLOTS/timeline.py" "$trace" >"$BATS_TEST_TMPDIR/iv.csv"
        [ "$(head -n 1 "$BATS_TEST_TMPDIR/iv.csv")" = "kind,thread,start_ms,end_ms" ]
        [ "$(grep -c '^hold,' "$BATS_TEST_TMPDIR/iv.csv")" -eq "$acquires" ]
        grep '^hold,' "$BATS_TEST_TMPDIR/iv.csv" | sort -t, -k3,3g |
            awk -F, 'NR > 1 && $3 < end - 1e-9 { print "overlap: " $0; bad = 1 } { end = $4 } END { exit bad }'
    done
    # The summary line: threads holds handovers drops end_ms drop_wait_ms hold_us retake_us
    run python3 "$PLOTS/timeline.py" --summary "$FIXTURES/run-gil-timeline/trace-gil.csv"
    [ "$status" -eq 0 ]
    [[ "$output" == "2 5 4 3 18.869172 5.07023 "* ]]
}

# ---- the report ---------------------------------------------------------

@test "the report embeds each GIL chart with sentences from its numbers" {
    flat() { tr '\n' ' ' <"$BATS_FILE_TMPDIR/$1/report.md"; }
    for chart in timeline convoy switch_interval calibration; do
        grep -qF "](plots/$chart.png)" "$BATS_FILE_TMPDIR/$chart/report.md"
    done
    flat timeline | grep -q "Under the new GIL the lock changed hands 4 times in 18.9 ms, 3 of them when the waiting thread, after sitting out 5.07 ms"
    flat timeline | grep -q "took the lock 531 times and only 31 of those (6%) went to the other thread"
    flat convoy | grep -q "took 1.25 ms at a 1 ms interval, 5.28 ms at a 5 ms interval and 20.3 ms at a 20 ms interval: about one switch interval more every time"
    flat convoy | grep -q "Under the legacy GIL it took 666 µs (90th percentile 1.98 ms), 8 times less than under the new GIL at 5 ms"
    flat switch_interval | grep -q "speedup over seq was 0.97x at a 0.1 ms switch interval and 0.99x at 50 ms"
    flat switch_interval | grep -q "At 50 ms no hand-over was forced at all"
    flat calibration | grep -q "CPython 3.11.7's threads against gilbench's gil, by kernel and workers: primes 2: 0.86x vs 0.99x"
    flat calibration | grep -q "They agree within 15% on 7 of 12 pairs"
    # No summary.csv in a convoy run: no summary table, no error.
    ! grep -q "^## Summary" "$BATS_FILE_TMPDIR/convoy/report.md"
}

@test "a sweep's report table has a row, and its switch interval, per configuration" {
    report="$BATS_FILE_TMPDIR/switch_interval/report.md"
    grep -q "| switch interval (ms) |" "$report"
    grep -Eq '^\| primes \| gil +\| +2 \| 500000 \| +3 \| +19\.49 \|.* 0\.1 \|$' "$report"
    grep -Eq '^\| primes \| gil +\| +2 \| 500000 \| +3 \| +19\.12 \|.* 50 \|$' "$report"
    # Every image the reports embed exists.
    for chart in timeline convoy switch_interval calibration; do
        for path in $(grep -o '!\[[^]]*\]([^)]*)' "$BATS_FILE_TMPDIR/$chart/report.md" | sed 's/.*](\(.*\))/\1/'); do
            [ -s "$BATS_FILE_TMPDIR/$chart/$path" ] || { echo "embedded but missing: $chart/$path"; false; }
        done
    done
}
