#!/usr/bin/env python3
"""io_thread_beside_cpu.py - the convoy effect in CPython itself.

A thread that serves I/O does many short blocking calls; time.sleep(100 us)
stands in for a socket read.  CPython releases the GIL while the call
blocks and must take it back before the thread runs Python again.  Alone,
that is immediate.  Beside a thread computing in pure Python, the I/O
thread finds the GIL taken, waits one switch interval
(sys.getswitchinterval()), asks the holder to drop it, and only then goes
on: every operation costs about one switch interval.

    python3 io_thread_beside_cpu.py [--quick]
"""
# lesson-test: --quick
import statistics
import sys
import threading
import time


def io_thread(ops, op_s, latencies):
    for _ in range(ops):
        t0 = time.perf_counter()
        time.sleep(op_s)  # GIL released while blocked, taken back on return
        latencies.append(time.perf_counter() - t0)


def cpu_thread(stop):
    x = 0
    while not stop.is_set():
        x += 1  # pure bytecode: holds the GIL until forced to drop it


def scenario(ops, op_s, beside_cpu):
    latencies = []
    stop = threading.Event()
    cpu = threading.Thread(target=cpu_thread, args=(stop,)) if beside_cpu else None
    if cpu:
        cpu.start()
    t0 = time.perf_counter()
    io = threading.Thread(target=io_thread, args=(ops, op_s, latencies))
    io.start()
    io.join()
    took = time.perf_counter() - t0
    stop.set()
    if cpu:
        cpu.join()
    return statistics.median(latencies), ops / took


def main():
    ops = 40 if "--quick" in sys.argv[1:] else 200
    op_s = 0.0001
    default = sys.getswitchinterval()
    print(f"I/O thread: {ops} sleeps of {op_s * 1e6:.0f} us; switch interval by default {default * 1000:g} ms")
    median, rate = scenario(ops, op_s, False)
    print(f"  alone                                  median {median * 1000:6.2f} ms  {rate:6.0f} ops/s")
    for interval in (0.001, 0.005):
        sys.setswitchinterval(interval)
        median, rate = scenario(ops, op_s, True)
        print(f"  beside a CPU thread, interval {interval * 1000:g} ms     median {median * 1000:6.2f} ms  {rate:6.0f} ops/s")
    sys.setswitchinterval(default)
    print("Beside the CPU thread each operation waits about one switch interval for the GIL.")


if __name__ == "__main__":
    main()
