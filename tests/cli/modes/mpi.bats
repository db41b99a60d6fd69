#!/usr/bin/env bats
# modes/mpi.bats - gilbench-mpi (harness/mpi/): the kernels on 1, 2 and 3 local
# Open MPI ranks give every other mode's checksum, in the usual CSV schema;
# bad usage is one line and exit 2 before mpirun starts; a rank that
# crashes, hangs or is killed fails the run with a message, within a
# bound, leaving no process behind; `pingpong` writes its CSV.
#
# Every mpirun here is local: the launcher passes --oversubscribe (3 ranks
# on 2 cores) and --mca btl self,vader (shared memory, no network), and
# --allow-run-as-root when root, as CI is.

load ../helpers

MPI="${GILBENCH_MPI:-$BATS_TEST_DIRNAME/../../../bin/gilbench-mpi}"
PINGPONG_HEADER='channel,size_bytes,iterations,median_us,min_us,max_us,bandwidth_MBps'

setup_file() {
    [ -x "${GILBENCH_MPI:-$BATS_TEST_DIRNAME/../../../bin/gilbench-mpi}" ] || {
        echo "bin/gilbench-mpi is not built: 'make' builds it when mpicc is there" \
             "(apt-get install --no-install-recommends openmpi-bin libopenmpi-dev)" >&2
        return 1
    }
}

# items_of KERNEL: a small size.
items_of() {
    case $1 in
    primes) echo 100000 ;; sumsq | sqrtsum) echo 1000000 ;; pi) echo 500000 ;;
    mandelbrot) echo 48 ;; sleep) echo 24 ;; triad) echo 300000 ;; spin) echo 20000 ;;
    esac
}

# of_kernel FILE KERNEL COLUMN...: the named columns of KERNEL's rows,
# space-separated, one row per line (columns found by name).
of_kernel() {
    local file=$1 kernel=$2
    shift 2
    awk -F, -v k="$kernel" -v want="$*" '
        NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; n = split(want, w, " "); next }
        $c["kernel"] == k { line = ""; for (j = 1; j <= n; j++) line = line (j > 1 ? " " : "") $c[w[j]]; print line }' "$file"
}

# expect_mpi_usage_error NEEDLE ARGS...: exit 2 within 60 s, one line on
# stderr naming NEEDLE, nothing on stdout, nothing written.
expect_mpi_usage_error() {
    local needle=$1
    shift
    run --separate-stderr timeout 60 "$MPI" "$@"
    [ "$status" -eq 2 ] || fail "expected exit status 2" "$(show_run)"
    [ -z "$output" ] || fail "expected nothing on stdout" "$(show_run)"
    [[ -n "$stderr" && "$stderr" != *$'\n'* ]] || fail "expected exactly one line on stderr" "$(show_run)"
    [[ "$stderr" == gilbench-mpi* ]] || fail "the message should start with 'gilbench-mpi'" "$(show_run)"
    [[ "$stderr" == *"$needle"* ]] || fail "the message should name '$needle'" "$(show_run)"
    [ -z "$(ls -A "$CWD")" ] || fail "bad usage wrote into the working directory:" "$(ls -lA "$CWD")"
    [ ! -e "$OUT" ] || fail "bad usage created $OUT"
}

@test "mpi: every kernel gives gilbench's checksum on 1, 2 and 3 ranks, rows with mode=mpi, workers=ranks" {
    local kernels
    kernels=$("$GB" list kernels | awk '{ printf "%s%s", sep, $1; sep = "," }')
    # One launch for every kernel, at --quick sizes, 13 tasks (uneven shares).
    run --separate-stderr "$GB" sweep -k "$kernels" -m fork -w 2 --quick -t 13 "${FAST[@]}" -o "$OUT.ref"
    [ "$status" -eq 0 ] || fail "gilbench: $(show_run)"
    run --separate-stderr timeout 120 "$MPI" run -k "$kernels" -w 1,2,3 --quick -t 13 -r 1 --warmup 0 -o "$OUT"
    [ "$status" -eq 0 ] || fail "gilbench-mpi: $(show_run)"
    check_csv "$OUT/runs.csv" "$RUNS_HEADER"
    check_csv "$OUT/summary.csv" "$SUMMARY_HEADER"
    for k in ${kernels//,/ }; do
        local rows want got
        rows=$(of_kernel "$OUT/runs.csv" "$k" mode workers | tr ' \n' '/ ')
        [ "$rows" = "seq/1 mpi/1 mpi/2 mpi/3 " ] || fail "$k: expected seq then mpi at 1, 2, 3 ranks, got $rows"
        want=$(of_kernel "$OUT.ref/runs.csv" "$k" checksum | sort -u)
        got=$(of_kernel "$OUT/runs.csv" "$k" checksum | sort -u)
        [ -n "$want" ] && [ "$got" = "$want" ] || fail "$k: gilbench (fork) gave '$want', gilbench-mpi gave:" "$got"
    done
}

@test "mpi: the summary has speedups against seq from the same run, and meta names the MPI library" {
    run --separate-stderr timeout 60 "$MPI" run -k primes -w 2 -n 100000 -r 2 --warmup 0 -o "$OUT"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    [ "$(csv_column "$OUT/runs.csv" checksum | sort -u)" = 9592 ] || fail "$(cat "$OUT/runs.csv")"
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
             $c["mode"] == "mpi" { found = 1; if (!($c["speedup"] > 0) || $c["n"] != 2) exit 1 }
             END { exit !found }' "$OUT/summary.csv" || fail "$(cat "$OUT/summary.csv")"
    grep -q '^options: gilbench-mpi run .*Open MPI' "$OUT/meta" || fail "$(cat "$OUT/meta")"
}

@test "mpi: started by mpirun directly, it uses every rank mpirun started" {
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
    run --separate-stderr timeout 60 mpirun -np 2 --oversubscribe --mca btl self,vader \
        "$MPI" run -k sqrtsum -n 1000000 -t 7 -r 1 --warmup 0 -o "$OUT"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    [ "$(csv_column "$OUT/runs.csv" workers | tr '\n' ' ')" = "1 2 " ] || fail "$(cat "$OUT/runs.csv")"
    [ "$(csv_column "$OUT/runs.csv" checksum | sort -u | wc -l)" -eq 1 ] || fail "$(cat "$OUT/runs.csv")"
}

@test "mpi: more ranks asked for than mpirun started is one line, exit 2" {
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
    run --separate-stderr timeout 60 mpirun -np 2 --oversubscribe --mca btl self,vader \
        "$MPI" run -k primes -w 3 -n 1000 -o "$OUT"
    [ "$status" -eq 2 ] || fail "$(show_run)"
    [[ "$stderr" == *"--ranks asks for 3 ranks but mpirun started 2"* ]] || fail "$(show_run)"
}

@test "mpi: bad usage is one line and exit 2, before mpirun starts" {
    expect_mpi_usage_error "--ranks" run -k primes -w 0 -o "$OUT"
    expect_mpi_usage_error "--ranks" run -k primes -w 2,x -o "$OUT"
    expect_mpi_usage_error "--kernel" run -k nosuch -o "$OUT"
    expect_mpi_usage_error "--kernel is required" run -w 2 -o "$OUT"
    expect_mpi_usage_error "--window" pingpong --window 0 -o "$OUT"
    expect_mpi_usage_error "--max-size" pingpong --max-size 1e6 -o "$OUT"
    expect_mpi_usage_error "belongs to 'run'" pingpong -k primes -o "$OUT"
    expect_mpi_usage_error "unknown command" nosuch
    expect_mpi_usage_error "--out: cannot create" run -k primes -o "$BATS_TEST_TMPDIR/no/such/dir"
    expect_mpi_usage_error "--out: cannot write" pingpong -o "$BATS_TEST_TMPDIR/no/such/file.csv"
}

@test "mpi: a missing, unreadable or empty hostfile, or one naming an unknown host, is one line and exit 2" {
    expect_mpi_usage_error "cannot read '$BATS_TEST_TMPDIR/none'" run -k primes --hostfile "$BATS_TEST_TMPDIR/none" -o "$OUT"
    # A directory cannot be read as a file, even by root (chmod 000 can).
    expect_mpi_usage_error "Is a directory" run -k primes --hostfile "$BATS_TEST_TMPDIR" -o "$OUT"
    printf '# only a comment\n\n' >"$BATS_TEST_TMPDIR/empty"
    expect_mpi_usage_error "names no host" run -k primes --hostfile "$BATS_TEST_TMPDIR/empty" -o "$OUT"
    printf 'localhost slots=2\n# the next one does not exist\nnosuchhost.invalid slots=1\n' >"$BATS_TEST_TMPDIR/hosts"
    expect_mpi_usage_error "line 3: unknown host 'nosuchhost.invalid'" run -k primes --hostfile "$BATS_TEST_TMPDIR/hosts" -o "$OUT"
    expect_mpi_usage_error "unknown host" pingpong --hostfile "$BATS_TEST_TMPDIR/hosts"
}

@test "mpi: without mpirun, one line says how to install Open MPI, exit 1" {
    GILBENCH_MPIRUN=/nonexistent/mpirun run --separate-stderr timeout 60 "$MPI" run -k primes -n 1000 -o "$OUT"
    [ "$status" -eq 1 ] || fail "expected exit 1" "$(show_run)"
    [[ "$stderr" != *$'\n'* ]] || fail "expected one line" "$(show_run)"
    [[ "$stderr" == *"cannot run '/nonexistent/mpirun'"*"apt-get install --no-install-recommends openmpi-bin libopenmpi-dev"* ]] ||
        fail "$(show_run)"
}

@test "mpi: a hostfile of this machine runs the ranks (the multi-machine path, on one host)" {
    printf 'localhost slots=3\n' >"$BATS_TEST_TMPDIR/hosts"
    run --separate-stderr timeout 60 "$MPI" run -k primes -w 3 -n 100000 -r 1 --warmup 0 \
        --hostfile "$BATS_TEST_TMPDIR/hosts" -o "$OUT"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    [ "$(csv_column "$OUT/runs.csv" checksum | sort -u)" = 9592 ] || fail "$(cat "$OUT/runs.csv")"
}

@test "mpi: a rank that crashes (rank 0, GILBENCH_CRASH_TASK in seq) fails the run with mpirun's report, no process left" {
    GILBENCH_CRASH_TASK=5 run_reaped timeout 60 "$MPI" run -k primes -w 2 -n 100000 -r 1 --warmup 0 -o "$OUT"
    [ "$status" -eq 1 ] || fail "expected exit 1" "$(show_run)"
    [[ "$stderr" == *"exited on signal 11 (Segmentation fault)"* ]] || fail "$(show_run)"
    [[ "$stderr" == *"gilbench-mpi run: the MPI job failed"* ]] || fail "$(show_run)"
    no_orphans
}

@test "mpi: a hung rank (rank 0, GILBENCH_HANG_TASK in seq) is stopped by --timeout, the run fails, no process left" {
    GILBENCH_HANG_TASK=5 run_reaped timeout 60 "$MPI" run -k primes -w 2 -n 100000 -r 1 --warmup 0 \
        --timeout 1 -o "$OUT"
    [ "$status" -eq 1 ] || fail "expected exit 1" "$(show_run)"
    [[ "$stderr" == *"hung for more than --timeout"* ]] || fail "$(show_run)"
    no_orphans
}

# ranks_of PID: the rank processes below the launcher PID, as "pid rank".
# Ranks get the launcher's arguments, this test's -o $OUT among them, so
# no other suite's processes are taken for them.
ranks_of() {
    local pid
    for pid in $(pgrep -f -- "gilbench-mpi run -k sleep .*-o $OUT"); do
        [ "$pid" != "$1" ] || continue
        tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | awk -F= -v p="$pid" '$1 == "OMPI_COMM_WORLD_RANK" { print p, $2 }'
    done
}

@test "mpi: a rank killed mid-run (SIGKILL) fails the run with a message, no process left behind" {
    export ORPHANS="$BATS_TEST_TMPDIR/orphans"
    command -v python3 >/dev/null || skip "python3 is needed to watch for orphaned processes"
    python3 -c "$ORPHAN_REAPER" timeout 60 "$MPI" run -k sleep -w 2 -n 400 -r 20 --warmup 0 -o "$OUT" \
        >"$BATS_TEST_TMPDIR/stdout" 2>"$BATS_TEST_TMPDIR/stderr" &
    BG_PID=$!
    local victim="" deadline=$((SECONDS + 20))
    until [ -n "$victim" ]; do
        [ "$SECONDS" -le "$deadline" ] || fail "rank 1 never appeared"
        sleep 0.1
        victim=$(ranks_of "$BG_PID" | awk '$2 == 1 { print $1 }')
    done
    wait_for_rows "$OUT/runs.csv" 1 20   # the run is under way
    kill -KILL "$victim"
    wait_bounded "$BG_PID" 30
    [ "$BG_STATUS" -eq 1 ] || fail "expected exit 1, got $BG_STATUS" "$(cat "$BATS_TEST_TMPDIR/stderr")"
    grep -q "exited on signal 9 (Killed)" "$BATS_TEST_TMPDIR/stderr" || fail "$(cat "$BATS_TEST_TMPDIR/stderr")"
    grep -q "gilbench-mpi run: the MPI job failed" "$BATS_TEST_TMPDIR/stderr" || fail "$(cat "$BATS_TEST_TMPDIR/stderr")"
    no_orphans
    check_csv "$OUT/runs.csv" "$RUNS_HEADER"   # what was written stays whole
}

@test "mpi: SIGTERM to gilbench-mpi ends mpirun and every rank" {
    export ORPHANS="$BATS_TEST_TMPDIR/orphans"
    command -v python3 >/dev/null || skip "python3 is needed to watch for orphaned processes"
    python3 -c "$ORPHAN_REAPER" "$MPI" run -k sleep -w 2 -n 400 -r 20 --warmup 0 -o "$OUT" \
        >/dev/null 2>"$BATS_TEST_TMPDIR/stderr" &
    BG_PID=$!
    wait_for_rows "$OUT/runs.csv" 1 20
    local launcher
    launcher=$(pgrep -P "$BG_PID")   # the reaper's one child: gilbench-mpi itself
    [ -n "$launcher" ] || fail "gilbench-mpi is not running"
    kill -TERM "$launcher"
    wait_bounded "$BG_PID" 30
    [ "$BG_STATUS" -eq 143 ] || fail "expected 128 + SIGTERM, got $BG_STATUS" "$(cat "$BATS_TEST_TMPDIR/stderr")"
    no_orphans
}

@test "pingpong: one row per power-of-two size, channel mpi, sane latency and bandwidth" {
    run --separate-stderr timeout 60 "$MPI" pingpong --max-size 65536 --iters 50 --bw-iters 4 --window 8 \
        -o "$BATS_TEST_TMPDIR/pp.csv"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    check_csv "$BATS_TEST_TMPDIR/pp.csv" "$PINGPONG_HEADER"
    [ "$(csv_column "$BATS_TEST_TMPDIR/pp.csv" size_bytes | tr '\n' ' ')" = \
      "1 2 4 8 16 32 64 128 256 512 1024 2048 4096 8192 16384 32768 65536 " ] || fail "$(cat "$BATS_TEST_TMPDIR/pp.csv")"
    [ "$(csv_column "$BATS_TEST_TMPDIR/pp.csv" channel | sort -u)" = mpi ] || fail "$(cat "$BATS_TEST_TMPDIR/pp.csv")"
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
             { if (!($c["min_us"] > 0 && $c["min_us"] <= $c["median_us"] && $c["median_us"] <= $c["max_us"] &&
                     $c["bandwidth_MBps"] > 0 && $c["iterations"] == 50)) { print; bad = 1 } }
             END { exit bad }' "$BATS_TEST_TMPDIR/pp.csv" || fail "$(cat "$BATS_TEST_TMPDIR/pp.csv")"
    no_temp_files "$BATS_TEST_TMPDIR"
}

@test "pingpong: large sizes get fewer iterations (at most 64 MiB moved per size)" {
    run --separate-stderr timeout 60 "$MPI" pingpong --max-size 1048576 --iters 1000 --bw-iters 2 --window 2
    [ "$status" -eq 0 ] || fail "$(show_run)"
    [ "$(head -n 1 <<<"$output")" = "$PINGPONG_HEADER" ] || fail "$(show_run)"
    # 64 MiB / (2 x 1 MiB) round trips = 32
    [ "$(awk -F, '$2 == 1048576 { print $3 }' <<<"$output")" = 32 ] || fail "$(show_run)"
    [ "$(awk -F, '$2 == 1024 { print $3 }' <<<"$output")" = 1000 ] || fail "$(show_run)"
}
