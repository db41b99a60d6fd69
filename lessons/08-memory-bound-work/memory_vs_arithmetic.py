"""Moving memory against computing, in CPython, with 1 and 2 processes.

    python3 memory_vs_arithmetic.py            # about 6 s
    python3 memory_vs_arithmetic.py --quick    # about 2 s

A pure-Python loop never runs fast enough to be limited by memory: the
interpreter is the bottleneck (lesson 11).  So the memory-bound work here is
done by C inside CPython: `dst[:] = src` copies a 64 MiB bytearray with
memcpy, reading and writing at the speed of the memory system, as NumPy's
`a[:] = b + s * c` (the STREAM triad of gilbench's `triad`) would.  The
arithmetic is a Python loop of i * i.

Each worker process allocates its own buffers, so it pays a page fault the
first time it touches each 4 KiB page: the first copy is timed apart from
the warm ones, which is why gilbench's runs always start with a warm-up.
"""
# lesson-test: --quick
import argparse
import multiprocessing
import time

MIB = 1 << 20


def copy_memory(args):
    """(cold GB/s, warm GB/s): one first copy into new memory, then `passes` more."""
    size, passes = args
    src = bytearray(b"\x01") * size  # written here, so its pages already exist
    dst = bytearray(size)  # calloc'd: its pages are not touched yet
    t0 = time.perf_counter()
    dst[:] = src
    cold = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _ in range(passes):
        dst[:] = src
    warm = time.perf_counter() - t0
    return 2 * size / cold / 1e9, 2 * size * passes / warm / 1e9  # a read and a write per byte


def sum_squares(n):
    return sum(i * i for i in range(n))


def timed(pool, fn, args):
    t0 = time.perf_counter()
    out = pool.map(fn, args, chunksize=1)
    return time.perf_counter() - t0, out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer passes and a shorter loop")
    args = parser.parse_args()
    passes, n = (4, 2_000_000) if args.quick else (20, 6_000_000)
    ctx = multiprocessing.get_context("fork")
    for workers in (1, 2):
        with ctx.Pool(workers) as pool:  # started before the clock
            pool.map(abs, range(workers))
            _, rates = timed(pool, copy_memory, [(64 * MIB, passes)] * workers)
            wall, _ = timed(pool, sum_squares, [n] * workers)
        cold = sum(r[0] for r in rates)
        warm = sum(r[1] for r in rates)
        print(f"{workers} process(es): copying {warm:5.1f} GB/s in all (first touch: {cold:4.1f} GB/s); "
              f"{workers} x sum of squares in {wall:.2f} s")
    print("On an idle machine with 2 cores, 2 processes do twice the arithmetic in about the same time;")
    print("the copying adds up only while the memory system has bandwidth to spare.")


if __name__ == "__main__":
    main()
