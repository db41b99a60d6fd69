"""What Python's two process pools do when a worker dies in the middle of a task.

    python3 crash_a_worker.py            # about 5 s
    python3 crash_a_worker.py --quick    # about 2 s

Task 5 kills the worker running it with SIGKILL, as the kernel's
out-of-memory killer or a crash in a C extension would (a Python exception
would not do: the pool catches those and sends them back as results).

- concurrent.futures.ProcessPoolExecutor notices the dead process and fails
  every pending future with BrokenProcessPool; the program lives on.
- multiprocessing.Pool starts a new worker but never runs the lost task
  again, so map() would wait forever (bpo-22393).  Here it is asked with a
  timeout (map_async(...).get(timeout=...)), the only safe way to show it,
  and the pool is then terminated.

gilbench's pool (run.sh beside this file) replaces the worker and runs the
task again, up to --retries times, then fails the run naming the task.
"""
# lesson-test: --quick
import argparse
import multiprocessing
import os
import signal
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

CRASHING_TASK = 5


def work(task):
    """A short piece of CPU work; task 5 kills its own process."""
    if task == CRASHING_TASK:
        os.kill(os.getpid(), signal.SIGKILL)
    return sum(i * i for i in range(20_000))


def with_executor(tasks):
    print("ProcessPoolExecutor(2).map(work, range(%d)):" % tasks)
    start = time.perf_counter()
    try:
        with ProcessPoolExecutor(2) as ex:
            results = list(ex.map(work, range(tasks)))
        print(f"  finished with {len(results)} results (unexpected)")
    except BrokenProcessPool as e:
        print(f"  BrokenProcessPool after {time.perf_counter() - start:.2f} s: {e}")


def with_pool(tasks, timeout):
    print("multiprocessing.Pool(2).map_async(work, range(%d)).get(timeout=%g):" % (tasks, timeout))
    pool = multiprocessing.get_context("fork").Pool(2)
    start = time.perf_counter()
    try:
        pool.map_async(work, range(tasks), chunksize=1).get(timeout=timeout)
        print("  finished (unexpected)")
    except multiprocessing.TimeoutError:
        print(f"  still waiting after {time.perf_counter() - start:.2f} s: task {CRASHING_TASK} died with its "
              f"worker and was never run again; map() without a timeout would wait forever")
    finally:
        pool.terminate()  # kills the workers; close() + join() would wait for the lost task
        pool.join()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a shorter wait for the Pool")
    args = parser.parse_args()
    with_executor(16)
    with_pool(16, 1.0 if args.quick else 4.0)


# The guard matters: under the spawn and forkserver start methods each
# worker imports this file, and without it would start pools of its own.
if __name__ == "__main__":
    main()
