"""plots/sections/mpi.py - the report's section on Open MPI ranks.

render(run_dir) reads RUN/mpi/summary.csv (gilbench-mpi run), RUN/mpi/pingpong.csv
and RUN/mpi/hyperfine_mpirun.csv, columns by name, and returns Markdown in
which every figure comes from those files ('' when the run has none).
The chart is plots/mpi.png (plots/gnuplot/mpi.gp), embedded when it was drawn.
"""
import os

from rundata import csv_rows


def _dur(seconds):
    if seconds >= 1:
        return "%.2f s" % seconds
    if seconds >= 1e-3:
        return "%.1f ms" % (seconds * 1e3)
    return "%.1f µs" % (seconds * 1e6)


def _size(b):
    if b >= 1 << 20:
        return "%g MiB" % (b / (1 << 20))
    if b >= 1 << 10:
        return "%g KiB" % (b / (1 << 10))
    return "%d byte%s" % (b, "" if b == 1 else "s")


def _compute(summary):
    """Sentences on the kernel runs: speedup per rank count against seq."""
    out = []
    by_kernel = {}
    for r in summary:
        by_kernel.setdefault(r["kernel"], []).append(r)
    for kernel, rows in by_kernel.items():
        seq = [r for r in rows if r["mode"] == "seq"]
        mpi = sorted((r for r in rows if r["mode"] == "mpi"), key=lambda r: int(r["workers"]))
        if not seq or not mpi:
            continue
        parts = []
        for r in mpi:
            speedup = r.get("speedup") or ""
            parts.append("%s rank%s %s (%s, cpu_util %s)" % (
                r["workers"], "" if r["workers"] == "1" else "s", _dur(float(r["median_s"])),
                ("%.2fx" % float(speedup)) if speedup else "no speedup: seq missing",
                r["cpu_util"]))
        out.append("- **%s** (%s items): seq %s; %s." % (
            kernel, seq[0]["items"], _dur(float(seq[0]["median_s"])), "; ".join(parts)))
    return out


def _pingpong(rows):
    if not rows:
        return []
    rows = sorted(rows, key=lambda r: int(r["size_bytes"]))
    small, large = rows[0], rows[-1]
    best = max(rows, key=lambda r: float(r["bandwidth_MBps"]))
    lat_small = float(small["median_us"])
    lat_large = float(large["median_us"])
    text = [
        "Between two ranks on this machine, a %s message takes %.2f µs one way (median of %s "
        "round trips halved; fastest %.2f µs, slowest %.1f µs), a %s one %.1f µs: %.0f times "
        "longer for %.0f times the bytes." % (
            _size(int(small["size_bytes"])), lat_small, small["iterations"],
            float(small["min_us"]), float(small["max_us"]), _size(int(large["size_bytes"])),
            lat_large, lat_large / lat_small if lat_small > 0 else float("nan"),
            int(large["size_bytes"]) / int(small["size_bytes"])),
        "Streaming a window of messages reaches %.0f MB/s at %s." % (
            float(best["bandwidth_MBps"]), _size(int(best["size_bytes"]))),
    ]
    return [" ".join(text)]


def _startup(rows):
    out = []
    for r in rows:
        median = float(r["median"])
        if "gilbench-nop" in r["command"]:
            out.append("mpirun starting a do-nothing program on 2 ranks takes %s (median)"
                       % _dur(median))
        else:
            out.append("a whole 2-rank MPI job (mpirun, MPI_Init, one tiny ping-pong, "
                       "MPI_Finalize) %s" % _dur(median))
    if not out:
        return []
    return ["Starting ranks is not free: " + "; ".join(out) + "."]


def render(run_dir: str) -> str:
    d = os.path.join(run_dir, "mpi")
    summary = csv_rows(os.path.join(d, "summary.csv"))
    pingpong = csv_rows(os.path.join(d, "pingpong.csv"))
    launches = csv_rows(os.path.join(d, "hyperfine_mpirun.csv"))
    if not (summary or pingpong or launches):
        return ""
    lines = ["## Open MPI: processes that share nothing", ""]
    compute = _compute(summary)
    if compute:
        runs = csv_rows(os.path.join(d, "runs.csv"))
        sums = {}
        for r in runs:
            sums.setdefault(r["kernel"], set()).add(r["checksum"])
        agree = all(len(v) == 1 for v in sums.values())
        lines += ["The same tasks on MPI ranks (`bin/gilbench-mpi`): rank 0 scatters each "
                  "rank's share of the tasks, each rank runs them, rank 0 gathers the partials "
                  "and adds them in task order. "
                  + ("Every repetition's checksum equals seq's (%s)." % ", ".join(
                      "%s %s" % (k, next(iter(v))) for k, v in sums.items()) if agree else
                     "**The checksums differ between repetitions: %s.**" % "; ".join(
                         "%s: %s" % (k, " ".join(sorted(v))) for k, v in sums.items()))
                  + " Medians, speedup against seq measured in the same run:", ""]
        lines += compute + [""]
    for paragraph in (_pingpong(pingpong), _startup(launches)):
        if paragraph:
            lines += paragraph + [""]
    if os.path.exists(os.path.join(run_dir, "plots", "mpi.png")):
        lines += ["![What a message costs between two MPI ranks](plots/mpi.png)"]
    return "\n".join(lines).rstrip() + "\n"
