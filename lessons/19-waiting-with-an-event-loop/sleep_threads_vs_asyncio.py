"""Waiting, three ways: 64 waits of 10 ms one after another, on N threads,
and as N asyncio tasks on one thread; then the same with a CPU-bound body.

    python3 sleep_threads_vs_asyncio.py            # about 6 s
    python3 sleep_threads_vs_asyncio.py --quick    # about 1.5 s

gilbench's `sleep` kernel and its `gil` and `eventloop` modes do the same
in C: the GIL is released around the blocking call, and the event loop
suspends a task at its wait and runs another.
"""
# lesson-test: --quick
import argparse
import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor

WAITS = 64


def spin(n):
    """Pure CPU work: no wait anywhere, so nothing can overlap it."""
    x = 0
    for i in range(n):
        x = (x * 31 + i) & 0xFFFF
    return x


async def waits_on_event_loop(n_tasks, delay):
    queue = list(range(WAITS))

    async def task():
        while queue:
            queue.pop()
            await asyncio.sleep(delay)  # suspends this task; the loop runs another
    await asyncio.gather(*(task() for _ in range(n_tasks)))


async def cpu_on_event_loop(n_tasks, n):
    queue = list(range(WAITS))

    async def task():
        while queue:
            queue.pop()
            spin(n)  # no await inside: the loop cannot switch until it returns
    await asyncio.gather(*(task() for _ in range(n_tasks)))


def timed(label, run, baseline=None):
    start = time.perf_counter()
    run()
    wall = time.perf_counter() - start
    print(f"  {label:<26} {wall * 1e3:8.1f} ms  {(baseline or wall) / wall:5.2f}x")
    return wall


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="shorter waits and loops")
    parser.add_argument("--tasks", type=int, default=8, help="threads or tasks in flight (default 8)")
    args = parser.parse_args()
    delay = 0.004 if args.quick else 0.01
    n = 20_000 if args.quick else 60_000
    k = args.tasks

    print(f"{WAITS} waits of {delay * 1e3:.0f} ms  (threads alive now: {threading.active_count()})")
    seq = timed("one after another", lambda: [time.sleep(delay) for _ in range(WAITS)])
    with ThreadPoolExecutor(k) as pool:
        timed(f"{k} threads", lambda: list(pool.map(time.sleep, [delay] * WAITS)), seq)
    timed(f"{k} asyncio tasks, 1 thread", lambda: asyncio.run(waits_on_event_loop(k, delay)), seq)

    print(f"{WAITS} pieces of pure CPU work")
    seq = timed("one after another", lambda: [spin(n) for _ in range(WAITS)])
    with ThreadPoolExecutor(k) as pool:
        timed(f"{k} threads (GIL)", lambda: list(pool.map(spin, [n] * WAITS)), seq)
    timed(f"{k} asyncio tasks, 1 thread", lambda: asyncio.run(cpu_on_event_loop(k, n)), seq)


if __name__ == "__main__":
    main()
