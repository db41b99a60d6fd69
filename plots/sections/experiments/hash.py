"""Hashing files (gilbench hash): libcrypto, as hashlib uses it; threads
under the GIL scale only for updates of at least 2048 bytes, hashlib's
HASHLIB_GIL_MINSIZE."""
import charts
import rundata
from markdown import fx
from sections.common import chart_section, flagged_text


def render(run_dir: str) -> str:
    c = charts.chart("hash")
    path, rows = charts.data_rows(run_dir, c)
    blocks = sorted({int(rundata.num(r["block_bytes"]) or 0) for r in rows})
    if not blocks:
        return ""
    small, big = blocks[0], blocks[-1]

    def get(mode, block, col):
        return next((rundata.num(r[col]) for r in rows if r["mode"] == mode and
                     rundata.num(r["block_bytes"]) == block), None)
    seq = get("seq", big, "mib_per_s")
    if seq is None:
        return ""
    workers = max(int(rundata.num(r["workers"]) or 0) for r in rows)
    text = (f"`gilbench hash` computes SHA-256 with libcrypto, the library behind Python's hashlib, and "
            f"prints the lines sha256sum prints. One core hashes {seq:.0f} MiB/s with {big}-byte blocks.")
    timed = rundata.openssl_csv(path)
    mibs = rundata.openssl_mib_per_s(timed, "report.py") if timed else None
    # Compared at openssl's own read size when the run has it (rundata.OPENSSL_DGST_BLOCK).
    at = rundata.OPENSSL_DGST_BLOCK if rundata.OPENSSL_DGST_BLOCK in blocks else big
    seq_at = get("seq", at, "mib_per_s")
    if mibs and seq_at:
        text += (f" `openssl dgst -sha256` on the same files, less its start-up, does {mibs:.0f} MiB/s "
                 f"reading {rundata.OPENSSL_DGST_BLOCK} bytes at a time; with {at}-byte blocks gilbench "
                 f"runs at {seq_at / mibs:.2f} times its speed.")
    text2 = (f"On {workers} workers with {big}-byte blocks real threads reach "
             f"{fx(get('threads', big, 'speedup'))}, a process pool {fx(get('pool', big, 'speedup'))}, "
             f"forked processes {fx(get('fork', big, 'speedup'))}, and threads under the simulated GIL "
             f"{fx(get('gil', big, 'speedup'))}.")
    text3 = ""
    if small < 2048:
        text3 = (f"With {small}-byte blocks the GIL threads reach {fx(get('gil', small, 'speedup'))}. CPython's "
                 "hashlib releases the GIL around the digest update only when the buffer holds at least "
                 "HASHLIB_GIL_MINSIZE = 2048 bytes (Modules/hashlib.h; the test view.len >= "
                 "HASHLIB_GIL_MINSIZE in Modules/_hashopenssl.c, with Py_BEGIN_ALLOW_THREADS and "
                 "Py_END_ALLOW_THREADS around EVP_DigestUpdate), since CPython 2.7 and 3.1 (bpo-4751) for "
                 "the OpenSSL hashes and since 3.12 (gh-99108) for the built-in ones. Below the threshold "
                 "the hashing is serial; only the 8 KiB reads of Python's buffered file still run outside "
                 "the GIL, as FileIO releases it around read().")
    return chart_section(run_dir, "A real workload: hashing files", "hash",
                         "hashing throughput against the block size, per mode",
                         (text, text2, text3, flagged_text(rows, "hash.csv", lambda r: (
                             f"{r['mode']} {r['workers']}, {r['block_bytes']}-byte blocks"))))
