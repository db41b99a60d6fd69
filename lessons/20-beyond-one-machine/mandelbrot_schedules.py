"""OpenMP's two schedules, written with a process pool: Mandelbrot rows cut
into one block per worker (schedule(static)) or handed out one task at a
time (schedule(dynamic, 1)), and the time each takes.

    python3 mandelbrot_schedules.py            # about 5 s on 2 cores
    python3 mandelbrot_schedules.py --quick    # about 2 s

gilbench's `openmp-static` and `openmp-dynamic` modes run the same rows in C
under `#pragma omp parallel for`; here `Pool.map`'s chunksize plays the
schedule: chunksize = tasks / workers gives each worker one contiguous
block before the work starts, chunksize = 1 lets a worker that is done
fetch the next task.  Processes, not threads, because these rows are pure
Python: under the GIL, threads would take turns (lesson 01).

With mpi4py (not in the standard library: apt-get install python3-mpi4py)
the same split across ranks, on one machine or several, reads:

    from mpi4py import MPI
    comm = MPI.COMM_WORLD
    mine = comm.scatter(blocks if comm.rank == 0 else None, root=0)
    counts = comm.gather(sum(map(rows_inside, mine)), root=0)

started as `mpirun -np 2 python3 script.py`; lowercase scatter/gather
pickle Python objects, uppercase Scatter/Gather move buffers (NumPy arrays).
"""
# lesson-test: --quick
import argparse
import time
from multiprocessing import Pool

WIDTH, MAX_ITER, TASKS = 160, 64, 48


def rows_inside(task, height):
    """Pixels inside the set in this task's rows, over [-2, 0.5] x [-1.25, 1.25]:
    the rows through the middle of the set iterate the longest."""
    first, last = task * height // TASKS, (task + 1) * height // TASKS
    inside = 0
    for row in range(first, last):
        ci = -1.25 + 2.5 * (row + 0.5) / height
        for col in range(WIDTH):
            c = complex(-2.0 + 2.5 * (col + 0.5) / WIDTH, ci)
            z, n = 0j, 0
            while n < MAX_ITER and abs(z) <= 2.0:
                z = z * z + c
                n += 1
            inside += n == MAX_ITER
    return inside


def timed(label, run, baseline=None):
    start = time.perf_counter()
    answer = run()
    wall = time.perf_counter() - start
    speedup = f"{baseline / wall:.2f}x" if baseline else "1.00x"
    print(f"{label:<34} {wall:7.3f} s  {speedup:>6}  ({answer} pixels inside)")
    return wall


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smaller image")
    parser.add_argument("--workers", type=int, default=3,
                        help="processes (default 3: with 2 the static halves mirror each other)")
    args = parser.parse_args()
    height = 240 if args.quick else 960
    tasks = range(TASKS)
    one = lambda t: rows_inside(t, height)  # noqa: E731 (only the plain loop uses it)

    seq = timed("plain loop", lambda: sum(map(one, tasks)))
    block = -(-TASKS // args.workers)
    # The pool is started before the clock, as OpenMP keeps its team between loops.
    with Pool(args.workers) as pool:
        pool.starmap(rows_inside, [(t, 8) for t in tasks])  # warm-up
        work = [(t, height) for t in tasks]
        timed(f"static: {args.workers} blocks of {block} tasks",
              lambda: sum(pool.starmap(rows_inside, work, chunksize=block)), seq)
        timed("dynamic: one task at a time",
              lambda: sum(pool.starmap(rows_inside, work, chunksize=1)), seq)


if __name__ == "__main__":
    main()
