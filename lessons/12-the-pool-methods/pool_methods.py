"""pool_methods.py - multiprocessing.Pool's methods, and when each gives
you your results.

Eight tasks on 2 workers, task 0 the slowest (3 units of sleep, the
others 2), as `gilbench pool` times them: map returns everything at the
end, imap yields in input order (so it waits for task 0), imap_unordered
yields whatever finishes first.  Then starmap (several arguments) and
apply_async with a callback and an error_callback.

    python3 pool_methods.py            # 10 ms units, as the reference run
    python3 pool_methods.py --quick    # 2 ms units
"""
# lesson-test: --quick
import argparse
import multiprocessing
import time

TASKS, WORKERS = 8, 2


def nap(seconds):
    time.sleep(seconds)
    return seconds


def power(base, exponent):
    return base ** exponent


def fails(x):
    raise ValueError(f"task {x} failed on purpose")


def first_and_last(pool, method, naps):
    """Seconds from the call to the first and the last result."""
    t0 = time.perf_counter()
    if method == "map":
        pool.map(nap, naps, chunksize=1)  # a list, once every task is done
        done = time.perf_counter() - t0
        return done, done
    it = getattr(pool, method)(nap, naps, chunksize=1)
    first = None
    for _ in it:
        first = first if first is not None else time.perf_counter() - t0
    return first, time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="2 ms units instead of 10 ms")
    args = ap.parse_args()
    unit = 0.002 if args.quick else 0.010
    naps = [(3 if i == 0 else 2) * unit for i in range(TASKS)]

    with multiprocessing.Pool(WORKERS) as pool:
        pool.map(nap, [0] * WORKERS)  # warm-up: the workers are up
        print(f"{TASKS} tasks on {WORKERS} workers, task 0 naps {naps[0] * 1000:.0f} ms, "
              f"the others {naps[1] * 1000:.0f} ms")
        for method in ("map", "imap", "imap_unordered"):
            first, last = first_and_last(pool, method, naps)
            print(f"  {method:<15} first result {first * 1000:6.1f} ms   last {last * 1000:6.1f} ms")

        # starmap: one tuple of arguments per call.
        print("starmap(power, [(2, 10), (3, 3), (10, 2)]) ->",
              pool.starmap(power, [(2, 10), (3, 3), (10, 2)]))

        # apply_async: fire now, collect later; the callbacks run in the
        # parent's result-handler thread, so they must be quick.
        collected = []
        ok = [pool.apply_async(power, (2, k), callback=collected.append) for k in range(5)]
        bad = pool.apply_async(fails, (7,), error_callback=lambda e: collected.append(f"error: {e}"))
        for r in ok:
            r.wait()
        bad.wait()
        print("apply_async callbacks collected:",
              sorted(c for c in collected if isinstance(c, int)), [c for c in collected if isinstance(c, str)])
        try:
            bad.get()
        except ValueError as e:
            print("and get() re-raises in the parent:", repr(e))


if __name__ == "__main__":
    main()
