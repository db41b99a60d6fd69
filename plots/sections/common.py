"""common.py - what several report sections read about a run: its summary,
its cores, the charts drawn, and the sentences' choice of worker counts.
Read once per run (cached), columns checked by name."""
import functools
import os
from dataclasses import dataclass

import charts
import rundata
from markdown import heading, image, para, plural
from modes import in_order


@dataclass
class Run:
    path: str
    meta: dict
    cores: int  # online cores, 0 when unknown
    drawn: set  # the charts in RUN/plots/
    summary: object  # rundata.Summary, or None
    runs: list  # runs.csv rows ([] without summary.csv)
    runs_columns: list

    def has_chart(self, name: str) -> bool:
        return name in self.drawn

    def modes(self) -> list:
        return self.summary.modes() if self.summary else []


@functools.lru_cache(maxsize=None)
def load(path: str) -> Run:
    info = rundata.meta(path)
    s = None
    runs, runs_columns = [], []
    if os.path.isfile(os.path.join(path, "summary.csv")):
        rundata.need_columns(os.path.join(path, "summary.csv"), rundata.SUMMARY_COLUMNS, "report.py")
        s = rundata.summary(path, "report.py")
        runs_path = os.path.join(path, "runs.csv")
        if os.path.isfile(runs_path):
            runs = rundata.rows(runs_path, ("kernel", "mode", "workers", "items"), "report.py")
            runs_columns = rundata.header(runs_path)
    return Run(path, info, rundata.online_cores(info), set(charts.drawn(path)), s, runs, runs_columns)


# ---- the worker counts and rankings the sweep's sentences quote ------------------

def quote_workers(r: Run, kernel: str):
    """The worker count sentences quote for `kernel`: the core count if
    measured, else the largest count below it, else the smallest."""
    counts = r.summary.workers(kernel)
    below = [w for w in counts if r.cores == 0 or w <= r.cores]
    return below[-1] if below else (counts[0] if counts else None)


def max_workers(r: Run, kernel: str):
    counts = r.summary.workers(kernel)
    return counts[-1] if counts else None


def metric(r: Run, kernel: str, mode: str, workers, what: str):
    c = r.summary.get(kernel, mode, workers)
    return None if c is None else getattr(c, what)


def ranked(r: Run, kernel: str, workers, what: str) -> list:
    """The parallel modes with `what` (speedup, efficiency) at `workers`,
    highest first (ties in the mode order)."""
    found = [m for m in in_order(r.modes()) if m != "seq"
             and metric(r, kernel, m, workers, what) is not None]
    return sorted(found, key=lambda m: -metric(r, kernel, m, workers, what))


def on_cores(r: Run, workers) -> str:
    """"2 workers on 2 cores" ("2 workers" when the cores are unknown)."""
    return plural(workers, "worker") + (f" on {plural(r.cores, 'core')}" if r.cores > 0 else "")


def per_kernel(run_dir: str, chart: str, title: str, intro: str, alt: str, text) -> str:
    """A section with a chart CHART-KERNEL and a paragraph text(run, kernel)
    per kernel that has one (speedup, efficiency)."""
    r = load(run_dir)
    kernels = [k for k in r.summary.kernels() if r.has_chart(f"{chart}-{k}")] if r.summary else []
    if not kernels:
        return ""
    return heading(title) + para(intro) + "".join(
        heading(k, 3) + image(f"{chart}-{k}", f"{k}: {alt}") + para(text(r, k)) for k in kernels)


def flagged_text(rows, csv_name: str, label) -> str:
    """A sentence naming the rows of a table whose `flag` column says they
    cannot be trusted as they stand, with the reason; "" when none is."""
    flagged = [r for r in rows if r.get("flag")]
    if not flagged:
        return ""
    return (f"Flagged in {csv_name} (re-run them on a quieter machine or with more `--reps`): "
            + "; ".join(f"{label(r)}: {r['flag']}" for r in flagged) + ".")


def chart_section(run_dir: str, title: str, chart: str, alt: str, texts) -> str:
    """A section: its heading, its chart when it was drawn, then a paragraph
    per text that is not empty (ipc, shared, images, hash)."""
    out = heading(title)
    if chart in charts.drawn(run_dir):
        out += image(chart, alt)
    return out + "".join(para(t) for t in texts if t)
