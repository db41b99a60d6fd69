#!/usr/bin/env bats
# plots/report_sections.bats - the start-up cost and break-even charts, the convoy
# chart read from a bench run's subdirectory, and the report's sections on
# start-up cost, break-even task size and checks, on tests/fixtures/run-bench:
# real data from a 2-core VM, laid out as `make bench` lays out a run:
#
#   meta, summary.csv, runs.csv  gilbench sweep -k primes,sleep -m gil,threads,fork -w 1,2 --quick -r 1
#   startup/                     gilbench startup --quick (startup.csv, meta), and
#                                hyperfine_startup.csv: hyperfine -N --warmup 3 --runs 10
#                                bin/gilbench-nop 'bin/gilbench --version' 'python3 -c pass'
#   granularity/                 gilbench granularity --quick (granularity.csv, breakeven.csv, meta)
#   convoy/                      gilbench convoy --quick (convoy.csv, meta)
#   checks.csv                   rows of a real QUICK `make bench` checks.csv, with the values of
#                                this fixture's data where it has them (two MISSED rows kept)
#
# A subdirectory on its own is what `gilbench startup -o DIR` (or granularity,
# or convoy) writes: DIR is then the run directory, without summary.csv.

PLOTS="$BATS_TEST_DIRNAME/../../../plots"
FIXTURES="$BATS_TEST_DIRNAME/../../fixtures"
BENCH="$FIXTURES/run-bench"
EXPERIMENTS="startup granularity convoy"

# One rendering and one report of the bench run and of each experiment's
# directory alone, shared by the tests that only look at them.
setup_file() {
    local e
    render_once bench "$BENCH"
    for e in $EXPERIMENTS; do
        render_once "$e" "$BENCH/$e"
    done
}

load chart_helpers

# copy [SUBDIR]: a private copy of the bench fixture (or of one of its
# subdirectories, as a run directory of its own), in $RUN.
copy() {
    RUN="$BATS_TEST_TMPDIR/run"
    rm -rf "$RUN"
    cp -R "$BENCH${1:+/$1}" "$RUN"
}

# flat REPORT: the report on one line, so sentences wrapped for the pager match.
flat() { tr '\n' ' ' <"$1"; }

# ---- the charts -------------------------------------------------------------

@test "render.sh draws startup, granularity and convoy from a bench run's subdirectories" {
    local dir=$BATS_FILE_TMPDIR/bench
    [ "$(cat "$BATS_FILE_TMPDIR/bench.status")" -eq 0 ] || { cat "$BATS_FILE_TMPDIR/bench.err"; false; }
    [ ! -s "$BATS_FILE_TMPDIR/bench.err" ] || { cat "$BATS_FILE_TMPDIR/bench.err"; false; }
    for c in $EXPERIMENTS speedup-primes walltime cpu_vs_io; do
        assert_slide_png "$dir/plots/$c.png"
        assert_svg "$dir/plots/$c.svg"
        grep -qx "$dir/plots/$c.png" "$BATS_FILE_TMPDIR/bench.out"
        grep -qx "$dir/plots/$c.svg" "$BATS_FILE_TMPDIR/bench.out"
    done
    # Every path printed exists.
    while read -r path; do [ -s "$path" ] || { echo "printed, not written: $path"; false; }; done \
        <"$BATS_FILE_TMPDIR/bench.out"
}

@test "each experiment's directory on its own (gilbench startup -o DIR, say) gets just its chart, quietly" {
    for e in $EXPERIMENTS; do
        [ "$(cat "$BATS_FILE_TMPDIR/$e.status")" -eq 0 ] || { echo "$e:"; cat "$BATS_FILE_TMPDIR/$e.err"; false; }
        [ ! -s "$BATS_FILE_TMPDIR/$e.err" ] || { echo "$e:"; cat "$BATS_FILE_TMPDIR/$e.err"; false; }
        [ "$(cat "$BATS_FILE_TMPDIR/$e.out")" = "$BATS_FILE_TMPDIR/$e/plots/$e.png
$BATS_FILE_TMPDIR/$e/plots/$e.svg" ]
        assert_slide_png "$BATS_FILE_TMPDIR/$e/plots/$e.png"
        assert_svg "$BATS_FILE_TMPDIR/$e/plots/$e.svg"
        [ "$(ls "$BATS_FILE_TMPDIR/$e/plots")" = "$e.png
$e.svg" ]
    done
}

@test "a chart's footer describes its own measurement (the meta beside its data)" {
    local dir=$BATS_FILE_TMPDIR/bench/plots
    # startup does not probe the cores, granularity does (1.96), the sweep did (1.99).
    grep -q "2 cores online (not probed) · 2026-11-23 20:37 UTC" "$dir/startup.svg"
    grep -q "2 cores online, 1.96 measured" "$dir/granularity.svg"
    grep -q "2 cores online, 1.99 measured" "$dir/walltime.svg"
}

@test "the granularity chart marks and states each break-even point, and one never reached" {
    grep -q "threads: pays off from 3 µs" "$BATS_FILE_TMPDIR/bench/plots/granularity.svg"
    grep -q "fork: pays off from 30 µs" "$BATS_FILE_TMPDIR/bench/plots/granularity.svg"
    copy granularity
    # spawn: never at 1 or more, so no break-even.
    awk -F, -v OFS=, 'NR > 1 && $1 == "spawn" { $9 = "0.9000" } { print }' "$BENCH/granularity/granularity.csv" \
        >"$RUN/granularity.csv"
    sed -i 's/^spawn,.*/spawn,/' "$RUN/breakeven.csv"
    run "$PLOTS/render.sh" "$RUN"
    [ "$status" -eq 0 ]
    assert_slide_png "$RUN/plots/granularity.png"
    grep -q "spawn: no break-even up to 1 ms" "$RUN/plots/granularity.svg"
    # Without breakeven.csv: the curves, no marks.
    rm "$RUN/breakeven.csv"
    run "$PLOTS/render.sh" "$RUN"
    [ "$status" -eq 0 ]
    assert_slide_png "$RUN/plots/granularity.png"
    ! grep -q "pays off" "$RUN/plots/granularity.svg"
}

@test "draw.sh draws startup and granularity on their own, from another directory, and takes FILEs" {
    cd "$BATS_TEST_TMPDIR"
    cp -R "$BENCH" bench
    for c in startup granularity; do
        run "$PLOTS/draw.sh" "$c" bench
        [ "$status" -eq 0 ] || { echo "$c: $output"; false; }
        [ "$output" = "bench/plots/$c.png
bench/plots/$c.svg" ]
        assert_slide_png "bench/plots/$c.png"
    done
    copy
    rm -rf "$RUN/startup" "$RUN/granularity"
    run "$PLOTS/draw.sh" startup "$RUN" "$BENCH/startup/startup.csv"
    [ "$status" -eq 0 ]
    assert_slide_png "$RUN/plots/startup.png"
    run "$PLOTS/draw.sh" granularity "$RUN" "$BENCH/granularity/granularity.csv" "$BENCH/granularity/breakeven.csv"
    [ "$status" -eq 0 ]
    assert_slide_png "$RUN/plots/granularity.png"
    run "$PLOTS/draw.sh" startup "$RUN"
    [ "$status" -eq 1 ]
    [ "$output" = "gilbench plots: no startup.csv in '$RUN' or '$RUN/startup' (the data of the startup chart: gilbench startup -o DIR)" ]
}

@test "a missing column fails naming the column, the file and the script, and draws nothing" {
    for case in "startup:startup/startup.csv:min_us" \
                "startup:startup/startup.csv:mechanism" \
                "granularity:granularity/granularity.csv:speedup" \
                "granularity:granularity/breakeven.csv:breakeven_task_us" \
                "convoy:convoy/convoy.csv:p90_op_us"; do
        IFS=: read -r chart file col <<<"$case"
        copy
        drop_column "$RUN/$file" "$col"
        want="gilbench plots: $RUN/$file has no column '$col' (needed by $chart.gp)"
        run "$PLOTS/draw.sh" "$chart" "$RUN"
        [ "$status" -eq 1 ] && [ "$output" = "$want" ] || { echo "draw.sh, $case: status $status: $output"; false; }
        run "$PLOTS/render.sh" "$RUN"
        [ "$status" -eq 1 ] && [ "$output" = "$want" ] || { echo "render.sh, $case: status $status: $output"; false; }
        [ ! -d "$RUN/plots" ]
        # The same check before the report; and in a directory of its own.
        run "$PLOTS/report.sh" "$RUN"
        [ "$status" -eq 1 ] && [ "$output" = "gilbench report: $RUN/$file has no column '$col' (needed by $chart.gp)" ] ||
            { echo "report.sh, $case: status $status: $output"; false; }
        RUN=$RUN/${file%/*}
        run "$PLOTS/render.sh" "$RUN"
        [ "$status" -eq 1 ] && [ "$output" = "gilbench plots: $RUN/${file#*/} has no column '$col' (needed by $chart.gp)" ] ||
            { echo "render.sh alone, $case: status $status: $output"; false; }
    done
    # The report reads two more files.
    for case in "checks.csv:verdict" "startup/hyperfine_startup.csv:mean"; do
        IFS=: read -r file col <<<"$case"
        copy
        drop_column "$RUN/$file" "$col"
        run "$PLOTS/report.sh" "$RUN"
        [ "$status" -eq 1 ]
        [ "$output" = "gilbench report: $RUN/$file has no column '$col' (needed by report.py)" ]
        [ ! -e "$RUN/report.md" ]
    done
}

@test "a directory with neither summary.csv nor any experiment's data is refused" {
    mkdir -p "$BATS_TEST_TMPDIR/empty"
    run "$PLOTS/render.sh" "$BATS_TEST_TMPDIR/empty"
    [ "$status" -eq 1 ]
    [[ "$output" == "gilbench plots: no summary.csv in '$BATS_TEST_TMPDIR/empty'"* ]]
    run "$PLOTS/report.sh" "$BATS_TEST_TMPDIR/empty"
    [ "$status" -eq 1 ]
}

# ---- the report ---------------------------------------------------------------

@test "the report's start-up section: a table at 0 and 256 MiB and sentences from the numbers" {
    report=$BATS_FILE_TMPDIR/bench/report.md
    grep -qF "](plots/startup.png)" "$report"
    grep -Eq '^\| mechanism +\| what one start does +\| +0 MiB \| 256 MiB \| growth \|$' "$report"
    grep -Eq '^\| thread +\| pthread_create \+ join +\| +30 µs \| 46\.4 µs \| +1\.55x \|$' "$report"
    grep -Eq '^\| fork +\| fork \+ _exit \+ waitpid +\| +156 µs \| 8\.14 ms \| +52\.1x \|$' "$report"
    flat "$report" | grep -q "The cheapest start was thread (pthread_create + join): 30 µs with the parent holding 0 MiB"
    flat "$report" | grep -q "fork grew 52.1x from 0 to 256 MiB of parent memory (156 µs to 8.14 ms)"
    flat "$report" | grep -q "fork_exec (18.6x) and pool (47.2x), which fork too, grew with it"
    flat "$report" | grep -q "vfork (1.00x) and posix_spawn (1.04x) stayed flat"
    # hyperfine, from outside.
    flat "$report" | grep -q "391 µs ± 11.7 µs for the nop helper (posix_spawn of it, timed inside: 380 µs), 594 µs for \`gilbench --version\` and 68.3 ms for \`python3 -c pass\`"
}

@test "the report states each mode's break-even point from breakeven.csv" {
    report=$BATS_FILE_TMPDIR/bench/report.md
    grep -qF "](plots/granularity.png)" "$report"
    grep -qx -- "- threads pays off from ~3 µs of work per task on this machine (1.28x at 3 µs, 0.68x at 1 µs)." "$report"
    grep -qx -- "- fork pays off from ~30 µs of work per task on this machine (1.51x at 30 µs, 0.99x at 10 µs)." "$report"
    grep -qx -- "- spawn pays off from ~100 µs of work per task on this machine (1.53x at 100 µs, 0.98x at 30 µs)." "$report"
    flat "$report" | grep -q "threads break even at a task 10 times smaller than fork: a thread is cheaper to start (30 µs against 156 µs"
    flat "$report" | grep -q "64 tasks of pure CPU work on 2 workers, each task from 1 µs to 1 ms"
}

@test "a mode that never breaks even, a single parent memory size, and no hyperfine: said, or left out" {
    copy
    awk -F, -v OFS=, 'NR > 1 && $1 == "spawn" { $9 = "0.9000" } { print }' "$BENCH/granularity/granularity.csv" \
        >"$RUN/granularity/granularity.csv"
    sed -i 's/^spawn,.*/spawn,/' "$RUN/granularity/breakeven.csv"
    awk -F, 'NR == 1 || $2 == 0' "$BENCH/startup/startup.csv" >"$RUN/startup/startup.csv"
    rm "$RUN/startup/hyperfine_startup.csv"
    run "$PLOTS/report.sh" "$RUN"
    [ "$status" -eq 0 ]
    grep -qx -- "- spawn never paid off, up to 1 ms of work per task (0.90x there)." "$RUN/report.md"
    grep -Eq '^\| mechanism +\| what one start does +\| +0 MiB \|$' "$RUN/report.md"
    ! grep -q "grew\|stayed flat\|hyperfine_startup\|python3" "$RUN/report.md" || false
    flat "$RUN/report.md" | grep -q "The cheapest start was thread (pthread_create + join): 30 µs"
}

@test "the Checks section renders checks.csv as a table, read against measured_cores" {
    report=$BATS_FILE_TMPDIR/bench/report.md
    grep -q "^## Checks$" "$report"
    grep -Eq '^\| check +\| measured \| target +\| verdict \|$' "$report"
    grep -Eq '^\| primes threads 2 workers speedup +\| +1\.9674 \| >= 1\.8 +\| ok +\|$' "$report"
    grep -Eq '^\| make bench wall time \(s\) +\| +24 \| <= 20 +\| MISSED +\|$' "$report"
    flat "$report" | grep -q "8 of 10 checks with a target ok, 2 MISSED"
    flat "$report" | grep -q "read it against measured_cores (1.99 of 2 cores given to the probe"
    # After the other sections, before the file list.
    [ "$(grep -n '^## ' "$report" | tail -n 2 | cut -d: -f2 | tr '\n' ' ')" = "## Checks ## Files " ]
    # No checks.csv, no section.
    ! grep -q "## Checks" "$BATS_FILE_TMPDIR/startup/report.md"
}

@test "the report lists every chart file that exists and embeds only existing images" {
    for dir in bench $EXPERIMENTS; do
        report=$BATS_FILE_TMPDIR/$dir/report.md
        [ -s "$report" ] || { echo "no report in $dir"; false; }
        n=0
        for f in "$BATS_FILE_TMPDIR/$dir"/plots/*; do
            grep -qF "[plots/${f##*/}](plots/${f##*/})" "$report" || { echo "$dir: not listed: ${f##*/}"; false; }
            n=$((n + 1))
        done
        [ "$n" -ge 2 ]
        for path in $(grep -o '!\[[^]]*\]([^)]*)' "$report" | sed 's/.*](\(.*\))/\1/'); do
            [ -s "$BATS_FILE_TMPDIR/$dir/$path" ] || { echo "$dir: embedded but missing: $path"; false; }
        done
    done
    # The startup-only report: its section, no summary table, no --no-probe advice.
    report=$BATS_FILE_TMPDIR/startup/report.md
    grep -q "^## Start-up cost" "$report"
    ! grep -q "^## Summary\|--no-probe\|^## Break-even" "$report" || false
    grep -q "^## Break-even" "$BATS_FILE_TMPDIR/granularity/report.md"
}

@test "the report reads well in a pager: prose within 100 columns, every table's rows of one width" {
    for dir in bench startup; do
        report=$BATS_FILE_TMPDIR/$dir/report.md
        [ -z "$(long_prose_lines "$report")" ] || { long_prose_lines "$report"; false; }
        # Display width: µ, ± and · are one column each, more than one byte.
        sed 's/µ/u/g; s/±/+/g; s/·/./g' "$report" |
            awk '/^\|/ { if (w && length != w) { print "ragged table row: " $0; bad = 1 } w = length; next } { w = 0 }
                 END { exit bad }'
    done
}

@test "At a glance: the speedups, the GIL's effect and the checks, from this run's numbers, before the summary" {
    report=$BATS_FILE_TMPDIR/bench/report.md
    # The first two sections after the run table, in this order.
    [ "$(grep '^## ' "$report" | head -n 2 | tr '\n' ' ')" = "## At a glance ## Summary " ]
    flat "$report" | grep -q "8 of 10 checks with a target held; 2 MISSED"
    flat "$report" | grep -q "The machine gave 1.99 of its 2 cores"
    # The GIL's line quotes the median of gil's and threads' speedups at 2 workers over the CPU kernels.
    want=$(python3 - "$BATS_FILE_TMPDIR/bench/summary.csv" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
# CPU-bound: seq keeps its core busy (sleep's seq mostly waits).
cpu = [r["kernel"] for r in rows if r["mode"] == "seq" and float(r["cpu_util"]) > 0.5]
def med(mode):
    return statistics.median(float(r["speedup"]) for r in rows
                             if r["mode"] == mode and r["workers"] == "2" and r["kernel"] in cpu)
print(f"held threads to {med('gil'):.2f}x where the same threads without it reached {med('threads'):.2f}x")
PY
)
    flat "$report" | grep -qF "$want"
    # A run without checks.csv or a sleep kernel leaves those lines out.
    ! grep -q "checks with a target held" "$BATS_FILE_TMPDIR/startup/report.md"
}
