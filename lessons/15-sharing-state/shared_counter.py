"""shared_counter.py - a counter two processes increment: multiprocessing.Value
without and with its lock, and a Manager's dict; then a large array shared
through multiprocessing.shared_memory instead of being sent.

`v.value += 1` on a Value is a read (which takes and releases the Value's
lock) and then a write (which takes and releases it again): another
process can write between the two, and its increment is lost.  Holding
`with v.get_lock():` around the whole `+=` makes it one step.  A Manager
keeps the dict in a server process; every access is a message to it.

    python3 shared_counter.py            # 200000 increments per worker (Manager: 5000)
    python3 shared_counter.py --quick    # 20000 (Manager: 1000)
"""
# lesson-test: --quick
import argparse
import multiprocessing
import time
from multiprocessing import shared_memory

WORKERS = 2


def add_unlocked(v, n):
    for _ in range(n):
        v.value += 1  # read, then write: not one step


def add_locked(v, n):
    for _ in range(n):
        with v.get_lock():
            v.value += 1


def add_manager(d, lock, n):
    for _ in range(n):
        with lock:
            d["count"] += 1  # two messages to the manager's process, under a lock proxy


def race(target, args, n):
    procs = [multiprocessing.Process(target=target, args=args + (n,)) for _ in range(WORKERS)]
    t0 = time.perf_counter()
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    return time.perf_counter() - t0


def sum_slice(name, start, stop, out, i):
    """A worker attaches to the shared block by name and reads its slice
    in place: no copy of the data travels."""
    shm = shared_memory.SharedMemory(name=name)
    try:
        view = shm.buf.cast("d")
        out[i] = sum(view[start:stop])
        del view  # release the export before close()
    finally:
        shm.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="fewer increments")
    args = ap.parse_args()
    n, n_mgr = (20_000, 1_000) if args.quick else (200_000, 5_000)

    expected = WORKERS * n
    for name, target in (("Value, no lock", add_unlocked), ("Value, get_lock()", add_locked)):
        v = multiprocessing.Value("q", 0)  # lock=True by default: a Value has a lock...
        wall = race(target, (v,), n)
        lost = expected - v.value
        print(f"{name:<18} final {v.value:>8} of {expected}: {lost:>7} lost, "
              f"{wall / expected * 1e6:5.2f} us per increment")
    with multiprocessing.Manager() as mgr:
        d, lock = mgr.dict(count=0), mgr.Lock()
        wall = race(add_manager, (d, lock), n_mgr)
        print(f"{'Manager dict':<18} final {d['count']:>8} of {WORKERS * n_mgr}: "
              f"{WORKERS * n_mgr - d['count']:>7} lost, {wall / (WORKERS * n_mgr) * 1e6:5.1f} us per increment")

    # Don't send large objects: put them in shared memory, send the name.
    count = 1_000_000 if not args.quick else 200_000
    shm = shared_memory.SharedMemory(create=True, size=count * 8)
    try:
        view = shm.buf.cast("d")
        for i in range(count):
            view[i] = i
        out = multiprocessing.Array("d", WORKERS)
        half = count // WORKERS
        procs = [multiprocessing.Process(target=sum_slice, args=(shm.name, i * half, (i + 1) * half, out, i))
                 for i in range(WORKERS)]
        for p in procs:
            p.start()
        for p in procs:
            p.join()
        total = sum(out[:])
        print(f"shared_memory: {count * 8 // 1024} KiB summed in place by {WORKERS} workers: "
              f"{total:.0f} ({'right' if total == count * (count - 1) / 2 else 'WRONG'})")
        del view
    finally:
        shm.close()
        shm.unlink()


if __name__ == "__main__":
    main()
