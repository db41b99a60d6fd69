#!/usr/bin/env bats
# modes/openmp.bats - the openmp-static and openmp-dynamic modes (mode_openmp.c):
# the same tasks under `#pragma omp parallel for`, the same checksums as
# every other mode for every kernel, a team of exactly the workers asked
# for whatever the OMP_* environment says, or a failed run that says so.

load ../helpers

# items_of KERNEL: a small size, a second or two for a kernel in four modes.
items_of() {
    case $1 in
    primes) echo 100000 ;; sumsq | sqrtsum) echo 1000000 ;; pi) echo 500000 ;;
    mandelbrot) echo 48 ;; sleep) echo 24 ;; triad) echo 300000 ;; spin) echo 20000 ;;
    sha256) echo 40 ;; blur) echo 40 ;;
    esac
}

@test "list modes names both OpenMP schedules" {
    run --separate-stderr "$GB" list modes
    [ "$status" -eq 0 ] || fail "$(show_run)"
    [[ "$output" == *$'\n'"openmp-static "* ]] || fail "$(show_run)"
    [[ "$output" == *$'\n'"openmp-dynamic "* ]] || fail "$(show_run)"
}

@test "every kernel: openmp-static and openmp-dynamic give the checksum of seq and threads at 1, 2, 3 workers" {
    local kernels
    kernels=$("$GB" list kernels | awk '{ print $1 }')
    for k in $kernels; do
        [ -n "$(items_of "$k")" ] || fail "no test size for kernel $k: add it to items_of"
        rm -rf "$OUT"
        run --separate-stderr "$GB" sweep -k "$k" -m threads,openmp-static,openmp-dynamic -w 1,2,3 \
            -n "$(items_of "$k")" -t 13 "${FAST[@]}" -o "$OUT"
        [ "$status" -eq 0 ] || fail "$k: $(show_run)"
        check_csv "$OUT/runs.csv" "$RUNS_HEADER"
        [ "$(data_rows "$OUT/runs.csv")" -eq 10 ] || fail "$k: expected seq + 3 modes x 3 workers" "$(cat "$OUT/runs.csv")"
        [ "$(csv_column "$OUT/runs.csv" mode | grep -c '^openmp-')" -eq 6 ] || fail "$(cat "$OUT/runs.csv")"
        [ "$(csv_column "$OUT/runs.csv" checksum | sort -u | wc -l)" -eq 1 ] ||
            fail "$k: checksums differ:" "$(cut -d, -f1-3,14 "$OUT/runs.csv")"
    done
}

@test "openmp: the known answer (9592 primes up to 100000) with uneven tasks and more workers than tasks" {
    run --separate-stderr "$GB" sweep -k primes -m openmp-static,openmp-dynamic -w 2,5 -n 100000 -t 3 \
        "${FAST[@]}" -o "$OUT"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    [ "$(csv_column "$OUT/runs.csv" checksum | sort -u)" = 9592 ] || fail "$(cat "$OUT/runs.csv")"
}

@test "openmp: num_threads wins over OMP_NUM_THREADS and OMP_SCHEDULE" {
    # The mode checks the team it got; a team of 1 would fail the run.
    OMP_NUM_THREADS=1 OMP_SCHEDULE=guided run --separate-stderr "$GB" run -k primes -m openmp-dynamic \
        -w 3 -n 50000 "${FAST[@]}" -o "$OUT"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    [ "$(csv_column "$OUT/runs.csv" workers)" = 3 ] || fail "$(cat "$OUT/runs.csv")"
}

@test "openmp: a team smaller than the workers asked for fails the run, saying why" {
    OMP_THREAD_LIMIT=1 run --separate-stderr timeout 60 "$GB" run -k primes -m openmp-static -w 2 \
        -n 50000 "${FAST[@]}" -o "$OUT"
    [ "$status" -eq 1 ] || fail "expected exit 1" "$(show_run)"
    [[ "$stderr" == *"OpenMP gave a team of 1 threads, not 2"* ]] || fail "$(show_run)"
    [ "$(data_rows "$OUT/runs.csv")" -eq 0 ] || fail "a failed configuration must leave no row" "$(cat "$OUT/runs.csv")"
}

@test "openmp: phases are reported and add up to the wall time" {
    run --separate-stderr "$GB" run -k mandelbrot -m openmp-static -w 2 -n 64 "${FAST[@]}" -o "$OUT"
    [ "$status" -eq 0 ] || fail "$(show_run)"
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
             { w = $c["wall_s"]; s = $c["startup_s"]; p = $c["compute_s"]; o = $c["collect_s"]
               if (s < 0 || p <= 0 || o < 0 || s + p + o > w + 1e-5) { print; bad = 1 } }
             END { exit bad }' "$OUT/runs.csv" || fail "$(cat "$OUT/runs.csv")"
}
