"""bench/checks/mpi.py - what the mpi block of bench.sh shows.

Reads $run/mpi/summary.csv and runs.csv (gilbench-mpi run: seq and 1, 2
ranks, one run), $run/mpi/pingpong.csv and $run/mpi/hyperfine_mpirun.csv
(columns by name).  Absent files (no Open MPI on the machine) give no
checks.

- 2 ranks on primes reach at least 1.8x seq, as `fork` must: ranks are
  processes that share nothing, and the only messages are a scatter of
  each rank's tasks and a gather of partials, microseconds against a run of a
  tenth of a second.
- every repetition's checksum equals seq's (1 = yes).
- information: the 1-byte one-way latency and the largest message's
  bandwidth between two ranks on this machine, and what starting ranks
  costs: mpirun launching a do-nothing program on 2 ranks, and a whole
  2-rank MPI job (MPI_Init to MPI_Finalize), to set beside the fork and
  posix_spawn start-ups of the startup block.
"""
import os

from rundata import csv_rows


def _summary_median(rows, mode, workers):
    for r in rows:
        if r.get("mode") == mode and r.get("workers") == str(workers):
            return float(r["median_s"])
    return None


def checks(run_dir: str) -> list:
    d = os.path.join(run_dir, "mpi")
    summary = csv_rows(os.path.join(d, "summary.csv"))
    runs = csv_rows(os.path.join(d, "runs.csv"))
    pingpong = csv_rows(os.path.join(d, "pingpong.csv"))
    launches = csv_rows(os.path.join(d, "hyperfine_mpirun.csv"))
    if not (summary or pingpong or launches):
        return []
    out = []
    seq, two = _summary_median(summary, "seq", 1), _summary_median(summary, "mpi", 2)
    out.append({"check": "primes: mpi 2 ranks speedup vs seq (same run)",
                "measured": round(seq / two, 3) if seq and two else None,
                "target": ">= 1.8", "lo": 1.8, "hi": None})
    if runs:
        same = len({r["checksum"] for r in runs}) == 1
        out.append({"check": "mpi checksum equals seq's in every repetition",
                    "measured": 1.0 if same else 0.0, "target": "1 (yes)", "lo": 1.0, "hi": 1.0})
    if pingpong:
        small = min(pingpong, key=lambda r: int(r["size_bytes"]))
        large = max(pingpong, key=lambda r: int(r["size_bytes"]))
        out.append({"check": "mpi one-way latency, %s byte (median us)" % small["size_bytes"],
                    "measured": float(small["median_us"]), "target": "info", "lo": None, "hi": None})
        out.append({"check": "mpi bandwidth, %s bytes (MB/s)" % large["size_bytes"],
                    "measured": float(large["bandwidth_MBps"]), "target": "info",
                    "lo": None, "hi": None})
    for r in launches:
        what = ("mpirun -np 2 of a do-nothing program" if "gilbench-nop" in r["command"]
                else "a 2-rank MPI job, MPI_Init to MPI_Finalize")
        out.append({"check": "start-up: %s (median ms)" % what,
                    "measured": round(float(r["median"]) * 1e3, 2), "target": "info",
                    "lo": None, "hi": None})
    return out
