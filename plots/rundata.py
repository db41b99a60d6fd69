"""rundata.py - how a run directory is read, in one place, so the charts,
the report's sentences and the bench checks describe the same rows.

A run directory (results/<run-id>/) holds `meta` ("key: value" lines),
summary.csv (one row per configuration), runs.csv (one row per run) and,
depending on what ran, the data of single experiments (convoy.csv,
startup.csv, granularity.csv, ...) either in the directory itself
(`gilbench convoy -o DIR`) or in its subdirectory of the same name
(`make bench`: RUN/convoy/convoy.csv).

Columns are always read by name: read_csv() fails with InputError naming
the file, the missing column and who needed it.
"""
import csv
import functools
import math
import os
from dataclasses import dataclass

from modes import in_order


class InputError(Exception):
    """Bad input data: the message names the file (exit status 1)."""


class UsageError(Exception):
    """A bad option or environment variable (exit status 2)."""


# ---- CSV and meta -----------------------------------------------------------

def header(path: str) -> list:
    """The column names of a CSV file ([] when it is empty)."""
    try:
        with open(path, newline="", encoding="utf-8") as f:
            first = f.readline()
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror}")
    return [c.strip().strip("\r") for c in first.rstrip("\r\n").split(",")] if first else []


def need_columns(path: str, columns, who: str) -> None:
    """InputError naming the first of `columns` that `path` lacks.  An
    entry that is a tuple is satisfied by any one of its names (a newer
    column first, the one older runs have after it)."""
    have = header(path)
    for col in columns:
        names = col if isinstance(col, tuple) else (col,)
        if not any(n in have for n in names):
            wanted = "' or '".join(names)
            raise InputError(f"{path} has no column '{wanted}' (needed by {who})")


def read_csv(path: str, need=(), who: str = "") -> list:
    """The rows of `path` as dicts keyed by column name, after checking
    that every column in `need` is there."""
    need_columns(path, need, who)
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        for key in list(row):
            if isinstance(row[key], str):
                row[key] = row[key].rstrip("\r")
    return rows


def csv_rows(path: str) -> list:
    """read_csv(path), [] when there is no such file: the data of a part of
    a run that may not have run (no Open MPI, no pin comparison)."""
    return read_csv(path) if os.path.isfile(path) else []


def num(text):
    """A CSV cell as a float, None when it is empty or not a number."""
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(value) else value


@functools.lru_cache(maxsize=None)
def _meta(path: str) -> dict:
    values = {}
    if os.path.isfile(path):
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                key, sep, value = line.rstrip("\n").partition(": ")
                if sep and key not in values:
                    values[key] = value
    return values


def meta(path: str) -> dict:
    """The "key: value" lines of a meta file (or of RUN/meta when given a
    directory), {} when there is none."""
    if os.path.isdir(path):
        path = os.path.join(path, "meta")
    return dict(_meta(os.path.abspath(path)))


def online_cores(info: dict) -> int:
    """meta's online_cores, 0 when unknown."""
    value = info.get("online_cores", "")
    return int(value) if value.isdigit() else 0


def measured_cores(info: dict):
    """meta's measured_cores as a float, None when not measured."""
    return num(info.get("measured_cores"))


def machine_line(info: dict) -> str:
    """"CPU model · N cores online, M measured · date · host h": the footer
    of every chart and the first line of the report."""
    online = info.get("online_cores") or "?"
    measured = info.get("measured_cores", "")
    if measured in ("", "not measured"):
        cores = f"{online} cores online (not probed)"
    else:
        cores = f"{online} cores online, {measured} measured"
    date = info.get("date", "")
    if len(date) >= 17 and date[4] == "-" and date[10] == "T" and date.endswith("Z"):
        date = f"{date[:10]} {date[11:16]} UTC"
    line = f"{info.get('cpu_model') or 'machine unknown'} · {cores} · {date or 'date unknown'}"
    if info.get("host"):
        line += f" · host {info['host']}"
    return line


def experiment_csv(run: str, name: str, subdir: str = ""):
    """RUN/NAME.csv, else RUN/SUBDIR/NAME.csv (SUBDIR defaults to NAME: make
    bench runs each experiment with -o RUN/NAME), else None."""
    for path in (os.path.join(run, f"{name}.csv"), os.path.join(run, subdir or name, f"{name}.csv")):
        if os.path.isfile(path):
            return path
    return None


def experiment_dir(run: str, name: str, marker: str):
    """The folder of experiment NAME that holds its file MARKER: RUN/NAME
    (`make bench` runs it with -o RUN/NAME), else RUN itself (the
    experiment's own -o DIR); None when neither holds it."""
    for d in (os.path.join(run, name), run):
        if os.path.exists(os.path.join(d, marker)):
            return d
    return None


def experiment_table(run: str, name: str, need=(), who: str = ""):
    """experiment_csv's file and its rows, checked for the columns in
    `need`: (path, rows), or (None, []) when the run has no such file."""
    path = experiment_csv(run, name)
    return (path, read_csv(path, need, who)) if path else (None, [])


def experiment_rows(run: str, subdir: str, name: str) -> list:
    """The rows of RUN/SUBDIR/NAME (`make bench`: RUN/ipc/latency.csv), else
    of RUN/NAME (`gilbench ipc -o DIR`), [] when neither exists."""
    for path in (os.path.join(run, subdir, name), os.path.join(run, name)):
        if os.path.isfile(path):
            return read_csv(path)
    return []


# ---- statistics ---------------------------------------------------------------

def median(values):
    """The median of the numbers in `values` (None when there are none):
    the middle one, or the mean of the two middle ones.  The one median of
    the scripts (the report, the bench checks, the calibration); the C
    harness has its own, for summary.csv."""
    ordered = sorted(v for v in values if v is not None)
    n = len(ordered)
    if n == 0:
        return None
    mid = n // 2
    return ordered[mid] if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def ratio(a, b):
    """a / b when both are positive numbers, else None."""
    return a / b if a is not None and b is not None and a > 0 and b > 0 else None



# ---- openssl dgst beside gilbench hash -----------------------------------------

# `openssl dgst` reads and hashes 8 KiB at a time (apps/dgst.c's BUFSIZE;
# strace shows read(fd, buf, 8192)), so gilbench hash at 8 KiB blocks is
# the like-for-like comparison: the same library and the same number of
# read()s.  At 64 KiB gilbench makes 8 times fewer and is about 10% faster.
OPENSSL_DGST_BLOCK = 8192


def openssl_csv(hash_csv: str):
    """The openssl.csv bench.sh wrote beside HASH_CSV (bytes, wall_s,
    startup_s per repetition), None when openssl was not timed."""
    path = os.path.join(os.path.dirname(hash_csv), "openssl.csv")
    return path if os.path.isfile(path) else None


def openssl_mib_per_s(path: str, who: str):
    """The median MiB/s of `openssl dgst -sha256` in openssl.csv PATH, less
    the command's start-up (the same command on an empty file); None when
    no repetition outlasted its start-up."""
    return median(num(r["bytes"]) / 1048576 / (num(r["wall_s"]) - num(r["startup_s"]))
                  for r in read_csv(path, ("bytes", "wall_s", "startup_s"), who)
                  if (num(r["wall_s"]) or 0) > (num(r["startup_s"]) or 0))

# ---- summary.csv: one record per configuration --------------------------------

SUMMARY_COLUMNS = ("kernel", "mode", "workers", "items", "n", "median_s", "min_s", "max_s",
                   "speedup", "efficiency", "cpu_util")


@dataclass
class Config:
    """One row of summary.csv."""
    kernel: str
    mode: str
    workers: int
    items: str
    n: str
    median_s: float
    min_s: float
    max_s: float
    speedup: object  # float, or None without a seq baseline
    efficiency: object
    cpu_util: object
    switch_interval_s: object  # None when the column is absent
    kind: object  # "cpu", "io", "memory"; None when the column is absent


class Summary:
    """summary.csv as records, with the lookups the charts and sentences
    need.  Only kernel, mode and workers are required here: each reader
    checks the columns it uses (charts.py, the report's summary section).  A switch-interval sweep has several rows per kernel, mode and
    worker count: get() returns the last, as rows() keeps them all."""

    def __init__(self, path: str, who: str):
        self.path = path
        self.columns = header(path)
        self.records = [Config(
            kernel=r["kernel"], mode=r["mode"], workers=int(num(r["workers"]) or 0),
            items=r.get("items", ""), n=r.get("n", ""), median_s=num(r.get("median_s")) or 0.0,
            min_s=num(r.get("min_s")) or 0.0, max_s=num(r.get("max_s")) or 0.0,
            speedup=num(r.get("speedup")), efficiency=num(r.get("efficiency")),
            cpu_util=num(r.get("cpu_util")), switch_interval_s=num(r.get("switch_interval_s")),
            kind=r.get("kind") or None)
            for r in read_csv(path, ("kernel", "mode", "workers"), who)]
        self._last = {(c.kernel, c.mode, c.workers): c for c in self.records}

    def get(self, kernel: str, mode: str, workers: int):
        return self._last.get((kernel, mode, workers))

    def speedup(self, kernel: str, mode: str, workers: int):
        c = self.get(kernel, mode, workers)
        return c.speedup if c else None

    def kernels(self) -> list:
        """The kernels, in order of first appearance."""
        return list(dict.fromkeys(c.kernel for c in self.records))

    def modes(self, where=lambda c: True) -> list:
        """The modes of the records `where` accepts, in the mode order."""
        return in_order(c.mode for c in self.records if where(c))

    def workers(self, kernel=None) -> list:
        """The distinct worker counts of the parallel (non-seq) rows,
        ascending; of one kernel when given."""
        return sorted({c.workers for c in self.records
                       if c.mode != "seq" and (kernel is None or c.kernel == kernel)})

    def seq_util(self, kernel: str):
        """seq's CPU share on `kernel` (below one half: it mostly waits)."""
        c = self.get(kernel, "seq", 1)
        return c.cpu_util if c else None

    def kind(self, kernel: str):
        """The kernel's kind column (cpu, io, memory); None for old runs."""
        for c in self.records:
            if c.kernel == kernel and c.kind:
                return c.kind
        return None


@functools.lru_cache(maxsize=None)
def _summary(path: str, who: str):
    return Summary(path, who)


def summary(run: str, who: str = "report.py"):
    """RUN/summary.csv as a Summary, None when the run has none."""
    path = os.path.join(run, "summary.csv")
    return _summary(path, who) if os.path.isfile(path) else None


@functools.lru_cache(maxsize=None)
def _rows(path: str, need: tuple, who: str):
    return read_csv(path, need, who)


def rows(path: str, need=(), who: str = "report.py") -> list:
    """read_csv(), read once per program run."""
    return _rows(path, tuple(need), who)


# The CPU-bound kernels, for runs from before summary.csv had a kind
# column, in the order cpu_vs_io prefers them.
OLD_CPU_KERNELS = ("primes", "sumsq", "sqrtsum", "pi", "mandelbrot")


def cpu_kernels(s: Summary) -> list:
    """The run's CPU-bound kernels: by the kind column, else by name."""
    if "kind" in s.columns:
        return [k for k in s.kernels() if s.kind(k) == "cpu"]
    return [k for k in OLD_CPU_KERNELS if k in s.kernels()]


def walltime_workers(s: Summary, cores: int) -> int:
    """The worker count of the wall-time chart: WALLTIME_WORKERS if set,
    else the online core count if measured, else the largest count below
    it, else the smallest count in the run (1 when only seq ran)."""
    chosen = os.environ.get("WALLTIME_WORKERS", "")
    if chosen:
        if not chosen.isdigit():
            raise UsageError(f"WALLTIME_WORKERS: expected a whole number, got '{chosen}'")
        return int(chosen)
    counts = s.workers()
    if not counts:
        return 1
    below = [w for w in counts if cores == 0 or w <= cores]
    return below[-1] if below else counts[0]


def cpu_vs_io_kernels(s: Summary):
    """(CPU kernel, I/O kernel) of the cpu_vs_io chart, or (None, reason).
    CPU_KERNEL and IO_KERNEL override the choice."""
    io = os.environ.get("IO_KERNEL") or "sleep"
    cpu = os.environ.get("CPU_KERNEL") or ""
    if not cpu:
        cpu = next((k for k in cpu_kernels(s) if has_speedup(s, k, "gil")), "")
    if not cpu or not has_speedup(s, cpu, "gil"):
        return None, ("no CPU-bound kernel with gil speedups in this run "
                      "(set CPU_KERNEL=NAME to choose one)")
    if not has_speedup(s, io, "gil"):
        return None, (f"no {io} kernel with gil speedups in this run "
                      f"(it needs -k {cpu},{io} -m gil,threads, with seq)")
    return (cpu, io), ""


def has_speedup(s: Summary, kernel: str, mode: str) -> bool:
    return any(c.speedup is not None for c in s.records if c.kernel == kernel and c.mode == mode)


def sweep_selection(s):
    """(kernel, workers) of the first gil configuration measured at more
    than one switch interval, or None."""
    if s is None or "switch_interval_s" not in s.columns:
        return None
    intervals = {}
    for c in s.records:
        if c.mode == "gil":
            intervals.setdefault((c.kernel, c.workers), set()).add(c.switch_interval_s or 0.0)
    return next((key for key, seen in intervals.items() if len(seen) > 1), None)
