#!/usr/bin/env bash
# 20-beyond-one-machine: see README.md beside this file.  QUICK=1 for a fast pass.
# `sh run.sh` runs it with dash, which has no pipefail: hand it to bash.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "$(dirname "$0")/../lib.sh"
lesson_init 20-beyond-one-machine
GILBENCH_MPI=${GILBENCH_MPI:-$TOP/bin/gilbench-mpi}

# 1. OpenMP next to the hand-made thread crew and forked processes, on
# two uneven kernels: Mandelbrot rows (the rows through the set cost the
# most) and primes (a number's trial division grows with its root).
if [ "$QUICK" = 1 ]; then
    omp=(-n 300) primes=(-n 500000) pp=(--max-size 65536 --iters 200 --bw-iters 10) ipc=(--quick)
else
    omp=(-n 1000) primes=(-n 2500000) pp=(--max-size 1048576) ipc=(--batches 5)
fi
"$GILBENCH" sweep -k mandelbrot -m threads,fork,openmp-static,openmp-dynamic -w 2,3 \
    "${REPS[@]}" "${omp[@]}" -o "$OUT"
"$GILBENCH" sweep -k primes -m threads,fork,openmp-static,openmp-dynamic -w 2 \
    "${REPS[@]}" "${primes[@]}" --no-probe -o "$OUT/primes"

# 2. MPI ranks on this one machine: the same primes on 1 and 2 ranks, what
# one message costs between two ranks, and the same round trip through a
# pipe between two processes (gilbench ipc) to set beside it.
if [ ! -x "$GILBENCH_MPI" ] || ! command -v mpirun >/dev/null 2>&1; then
    echo "lessons: no Open MPI here (bin/gilbench-mpi is built when mpicc exists):" >&2
    echo "  apt-get install --no-install-recommends openmpi-bin libopenmpi-dev && make" >&2
    exit 1
fi
echo "== MPI: starting ranks with mpirun takes a moment (each command below starts its own job)"
"$GILBENCH_MPI" run -k primes -w 1,2 "${primes[@]}" "${REPS[@]}" -o "$OUT/mpi"
"$GILBENCH_MPI" pingpong "${pp[@]}" -o "$OUT/mpi/pingpong.csv"
"$GILBENCH" ipc --experiments latency --channels pipe,shm-spin --sizes 8,4k \
    "${ipc[@]}" --no-progress -o "$OUT/ipc" >/dev/null
lesson_chart "$OUT" speedup-mandelbrot mpi
lesson_finish
