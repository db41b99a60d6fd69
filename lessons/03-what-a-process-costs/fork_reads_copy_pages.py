#!/usr/bin/env python3
"""fork_reads_copy_pages.py - a forked Python child that only *reads* its
parent's objects still copies their pages.

fork() shares the parent's pages with the child until one side writes to a
page (copy on write).  CPython writes to an object whenever it takes or
drops a reference to it (the reference count in the object's header), so a
child that merely iterates over a list of a million small strings writes to
every page that holds one of them, and the kernel copies each such page.
One bytes object of the same size is a single object: reading it
writes only its header's page.

The child reports its private dirty memory (Private_Dirty in
/proc/self/smaps_rollup: pages this process has written and no other
shares) before and after reading.  Linux only.

    python3 fork_reads_copy_pages.py [--quick]
"""
# lesson-test: --quick
import multiprocessing as mp
import sys


def private_dirty_mib():
    with open("/proc/self/smaps_rollup", encoding="ascii") as f:
        for line in f:
            if line.startswith("Private_Dirty:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no Private_Dirty in /proc/self/smaps_rollup")


def read_only(data, results):
    before = private_dirty_mib()
    if isinstance(data, bytes):
        total = data.count(b"7")  # one object: C reads its buffer
    else:
        total = sum(len(s) for s in data)  # every s: a reference taken and dropped
    after = private_dirty_mib()
    results.put((after - before, total))


def copied_by_reading(ctx, data):
    results = ctx.Queue()
    child = ctx.Process(target=read_only, args=(data, results))
    child.start()
    grown, _ = results.get()
    child.join()
    return grown


def main():
    n = 200_000 if "--quick" in sys.argv[1:] else 2_000_000
    ctx = mp.get_context("fork")  # the point is fork's sharing; spawn copies everything anyway
    strings = [f"{i:08d}" for i in range(n)]  # n small objects, about 57 bytes each
    size = sum(sys.getsizeof(s) for s in strings)
    blob = b"0123456789" * (size // 10)          # as many bytes, in one object
    print(f"parent: {n:,} small str objects ({size / 2**20:.0f} MiB), "
          f"and one bytes object of {len(blob) / 2**20:.0f} MiB")
    for name, data in (("list of small strings", strings), ("one bytes object", blob)):
        grown = copied_by_reading(ctx, data)
        print(f"  child only reads the {name:22s}: its private memory grew by {grown:6.1f} MiB")
    print("Reading the strings wrote their reference counts, so fork's shared pages were copied.")


if __name__ == "__main__":
    main()
