"""The tutorials' file-hashing job in CPython: SHA-256 of a folder of files
with a plain loop and with a ThreadPoolExecutor, once with large reads
(hashlib releases the GIL) and once with 1 KiB updates (it keeps it), and
a pure-Python loop for contrast (it never releases the GIL).

    python3 hash_files_threads.py            # about 10 s
    python3 hash_files_threads.py --quick    # about 2 s

The files are made of random bytes in a temporary folder, removed at the
end.  gilbench's `hash` command does the same work in C with libcrypto,
the library behind hashlib; its `gil` mode releases the simulated GIL for
updates of 2048 bytes or more, as hashlib does.
"""
# lesson-test: --quick
import argparse
import hashlib
import os
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor


def sha256_of(path, block):
    """SHA-256 of one file, read and hashed `block` bytes at a time.

    hashlib's update() releases the GIL when it is given 2048 bytes or more
    (HASHLIB_GIL_MINSIZE in CPython's Modules/hashlib.h); a read() of a
    file always releases it around the system call."""
    digest = hashlib.sha256()
    buf = bytearray(block)
    view = memoryview(buf)
    with open(path, "rb", buffering=0) as f:
        while True:
            n = f.readinto(buf)
            if not n:
                break
            digest.update(view[:n])
    return digest.hexdigest()


def python_checksum(path, block):
    """A checksum computed byte by byte in Python: the same files, but the
    work is bytecode, which always runs holding the GIL."""
    total = 0
    with open(path, "rb") as f:
        data = f.read(block)
        for b in data:
            total = (total * 31 + b) & 0xFFFFFFFF
    return total


def timed(label, run, baseline=None, reps=5):
    """The median wall time of `reps` runs: one slow run (the machine was
    busy for a moment) does not move it."""
    walls = []
    for _ in range(reps):
        start = time.perf_counter()
        run()
        walls.append(time.perf_counter() - start)
    wall = statistics.median(walls)
    speedup = f"{baseline / wall:.2f}x" if baseline else "1.00x"
    print(f"{label:<48} {wall:7.3f} s  {speedup:>6}")
    return wall


def compare(label, work, paths, workers):
    """`work` over every file, in a loop and on `workers` threads."""
    seq = timed(f"{label}: loop", lambda: [work(p) for p in paths])
    with ThreadPoolExecutor(workers) as pool:
        timed(f"{label}: {workers} threads", lambda: list(pool.map(work, paths)), seq)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller files")
    parser.add_argument("--workers", type=int, default=2, help="threads (default 2)")
    args = parser.parse_args()
    mib = 8 if args.quick else 32
    files = 8
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for i in range(files):
            path = os.path.join(folder, f"file{i}")
            with open(path, "wb") as f:
                f.write(os.urandom(mib << 20))
            paths.append(path)
        print(f"{files} files of {mib} MiB in {folder}")
        # A first pass brings the files into the page cache: every timed
        # pass after it reads memory, not the disk.
        for p in paths:
            sha256_of(p, 1 << 20)
        compare("sha256, 1 MiB updates (GIL released)", lambda p: sha256_of(p, 1 << 20), paths, args.workers)
        compare("sha256, 1 KiB updates (GIL held)", lambda p: sha256_of(p, 1024), paths, args.workers)
        # Only the first 128 KiB of each file: Python is ~100x slower per byte.
        compare("pure-Python checksum (GIL held)", lambda p: python_checksum(p, 128 << 10), paths, args.workers)


if __name__ == "__main__":
    main()
