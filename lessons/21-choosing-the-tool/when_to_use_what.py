"""The tutorials' "when to use what" table, one CPython experiment per line:
each prints the baseline and the alternatives, with their speedups.

    python3 when_to_use_what.py            # about 10 s on 2 cores
    python3 when_to_use_what.py --quick    # about 2 s

The same five questions gilbench's run.sh asks of the C kernels (primes,
sleep, sha256, the granularity tasks and send-vs-share), asked here of
CPython itself, so the table can be checked against the real interpreter.
"""
# lesson-test: --quick
import argparse
import asyncio
import hashlib
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from multiprocessing import resource_tracker, shared_memory

WORKERS = 2


def count_primes(bounds):
    begin, end = bounds
    return sum(all(n % d for d in range(2, int(n ** 0.5) + 1)) for n in range(max(begin, 2), end))


def digest(data):
    # hashlib releases the GIL while it hashes more than 2047 bytes.
    return hashlib.sha256(data).hexdigest()[:8]


def tiny(x):
    return x * x


def length_of_copy(blob):
    return len(blob)


def length_of_shared(name):
    try:
        shm = shared_memory.SharedMemory(name=name, track=False)  # Python 3.13+
    except TypeError:
        shm = shared_memory.SharedMemory(name=name)
        # Before 3.13, attaching registers the segment with the resource
        # tracker as if this process owned it (bpo-38119): undo that, or the
        # tracker warns of a leak that is not one.
        resource_tracker.unregister(shm._name, "shared_memory")
    try:
        return shm.size
    finally:
        shm.close()


def timed(run):
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def row(title, advice, baseline, **alternatives):
    base = timed(baseline[1])
    print(f"\n{title}  (the tutorials: {advice})")
    print(f"  {baseline[0]:<34} {base * 1e3:8.1f} ms   1.00x")
    for label, run in alternatives.items():
        t = timed(run)
        print(f"  {label.replace('_', ' '):<34} {t * 1e3:8.1f} ms  {base / t:5.2f}x")


async def sleepers(n, seconds, at_once):
    gate = asyncio.Semaphore(at_once)

    async def one():
        async with gate:
            await asyncio.sleep(seconds)
    await asyncio.gather(*(one() for _ in range(n)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes")
    args = parser.parse_args()
    scale = 1 if args.quick else 5
    limit = 30_000 * scale
    chunks = [(i, i + limit // 16) for i in range(0, limit, limit // 16)]
    blobs = [bytes(4 << 20)] * (8 * scale)
    big = bytes(8 << 20) * scale

    # Pools started before the clock: their start-up is the tiny-tasks question.
    with ProcessPoolExecutor(WORKERS) as procs, ThreadPoolExecutor(WORKERS) as threads, \
            ThreadPoolExecutor(8) as waiters:
        procs.submit(tiny, 1).result()
        row("CPU-bound pure Python: primes", "processes",
            ("plain loop", lambda: sum(map(count_primes, chunks))),
            threads=lambda: sum(threads.map(count_primes, chunks)),
            processes=lambda: sum(procs.map(count_primes, chunks)))
        row("I/O-bound: 32 sleeps of 10 ms, 8 at a time", "threads or asyncio",
            ("plain loop", lambda: [time.sleep(0.01) for _ in range(32)]),
            _8_threads=lambda: list(waiters.map(time.sleep, [0.01] * 32)),
            asyncio_8_tasks=lambda: asyncio.run(sleepers(32, 0.01, 8)))
        row("C code that releases the GIL: sha256 of 4 MiB blocks", "threads",
            ("plain loop", lambda: list(map(digest, blobs))),
            threads=lambda: list(threads.map(digest, blobs)),
            processes=lambda: list(procs.map(digest, blobs)))
        numbers = range(2000 * scale)
        row(f"tiny tasks: {len(numbers)} calls of a multiplication", "stay sequential or batch",
            ("plain loop", lambda: list(map(tiny, numbers))),
            processes_one_at_a_time=lambda: list(procs.map(tiny, numbers)),
            processes_batches_of_500=lambda: list(procs.map(tiny, numbers, chunksize=500)))
        shm = shared_memory.SharedMemory(create=True, size=len(big))
        try:
            shm.buf[:len(big)] = big
            row(f"big data: {len(big) >> 20} MiB to each of {WORKERS} workers", "shared memory",
                ("send a copy (pickled)", lambda: list(procs.map(length_of_copy, [big] * WORKERS))),
                share_its_name=lambda: list(procs.map(length_of_shared, [shm.name] * WORKERS)))
        finally:
            shm.close()
            shm.unlink()


if __name__ == "__main__":
    main()
