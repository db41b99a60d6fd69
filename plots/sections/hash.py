"""Report section: hashing files (gilbench hash).

render(run_dir) reads RUN/hash/hash_summary.csv (and openssl.csv) by
column name and returns Markdown; '' without data.
"""
import csv
import os
import statistics


def _rows(path):
    if not os.path.exists(path):
        return []
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def _find(rows, mode, block):
    for r in rows:
        if r["mode"] == mode and int(r["block_bytes"]) == block:
            return r
    return None


def _x(r):
    return f"{float(r['speedup']):.2f}x" if r and r.get("speedup") else "not measured"


def render(run_dir: str) -> str:
    rows = _rows(os.path.join(run_dir, "hash", "hash_summary.csv"))
    if not rows:
        return ""
    blocks = sorted({int(r["block_bytes"]) for r in rows})
    small, big = blocks[0], blocks[-1]
    seq = _find(rows, "seq", big)
    if seq is None:
        return ""
    workers = max(int(r["workers"]) for r in rows)
    out = ["## A real workload: hashing files", ""]
    out.append(
        f"`gilbench hash` computes SHA-256 with libcrypto, the library behind Python's hashlib, "
        f"and prints sha256sum's lines. One core hashes {float(seq['mib_per_s']):.0f} MiB/s with "
        f"{big}-byte blocks.")
    openssl = _rows(os.path.join(run_dir, "hash", "openssl.csv"))
    if openssl:
        mibs = statistics.median(float(r["bytes"]) / 1048576 /
                                 max(float(r["wall_s"]) - float(r.get("startup_s") or 0), 1e-9)
                                 for r in openssl)
        out[-1] += (f" `openssl dgst -sha256` on the same files, less its start-up, does "
                    f"{mibs:.0f} MiB/s: the ratio is {float(seq['mib_per_s']) / mibs:.2f}.")
    out.append("")
    out.append(
        f"On {workers} workers with {big}-byte blocks: threads {_x(_find(rows, 'threads', big))}, "
        f"pool {_x(_find(rows, 'pool', big))}, fork {_x(_find(rows, 'fork', big))}, and threads "
        f"under the simulated GIL {_x(_find(rows, 'gil', big))}.")
    if small < 2048:
        out.append(
            f"With {small}-byte blocks the GIL threads reach {_x(_find(rows, 'gil', small))}: CPython's "
            f"hashlib releases the GIL only for updates of at least HASHLIB_GIL_MINSIZE = 2048 bytes "
            f"(Modules/hashlib.h; the test `view.len >= HASHLIB_GIL_MINSIZE` in "
            f"Modules/_hashopenssl.c, since CPython 2.7/3.1, bpo-4751; extended to the built-in "
            f"HACL* hashes in 3.12, gh-99108), between `Py_BEGIN_ALLOW_THREADS` and "
            f"`Py_END_ALLOW_THREADS`. Below it the hashing is serial; only the 8 KiB reads of "
            f"Python's buffered file still run outside the GIL.")
    out.append("")
    if os.path.exists(os.path.join(run_dir, "plots", "hash.png")):
        out.append("![Hashing throughput vs block size per mode](plots/hash.png)")
        out.append("")
    return "\n".join(out)
