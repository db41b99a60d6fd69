"""The summary table (a row per configuration, and its switch interval
when the run swept it) and the checksums, the proof each run did the
real work."""
from markdown import fx, join_and, para, pct, table
from modes import order_key
from sections import common


def render(run_dir: str) -> str:
    r = common.load(run_dir)
    if r.summary is None or not r.summary.records:
        return ""
    return summary_table(r) + checksums(r)


def summary_table(r) -> str:
    s = r.summary
    in_seconds = max(c.max_s for c in s.records) >= 10
    unit, scale = ("s", 1) if in_seconds else ("ms", 1000)
    intervals = {c.switch_interval_s for c in s.records if c.mode == "gil" and c.switch_interval_s is not None}
    head = ["kernel", "mode", "workers", "items", "runs", f"median ({unit})", f"min-max ({unit})",
            "speedup", "efficiency", "cpu_util"]
    if len(intervals) > 1:
        head.append("switch interval (ms)")
    kernels = s.kernels()
    ordered = sorted(s.records, key=lambda c: (kernels.index(c.kernel), order_key(c.mode)))
    rows = []
    for c in ordered:
        row = [c.kernel, c.mode, c.workers, c.items, c.n, f"{c.median_s * scale:.2f}",
               f"{c.min_s * scale:.2f}-{c.max_s * scale:.2f}",
               "-" if c.speedup is None else fx(c.speedup),
               "-" if c.efficiency is None else pct(c.efficiency),
               "-" if c.cpu_util is None else f"{c.cpu_util:.2f}"]
        if len(intervals) > 1:
            row.append(f"{1000 * (c.switch_interval_s or 0):g}" if c.mode == "gil" else "-")
        rows.append(row)
    return ("## Summary\n\n"
            + para("Median wall time of each configuration over its measured runs, the fastest and slowest "
                   "run, and speedup and efficiency against seq measured in the same run. cpu_util is CPU "
                   "time over wall time: 2.00 means two cores were busy.")
            + table(head, rows, "llrrrrrrrrr"))


def checksums(r) -> str:
    """Every mode and worker count must compute the same checksum for the
    same kernel and size."""
    if "checksum" not in r.runs_columns:
        return ""
    runs, values = {}, {}
    for row in r.runs:
        key = (row["kernel"], row["items"])
        runs[key] = runs.get(key, 0) + 1
        values.setdefault(key, list())
        if row["checksum"] not in values[key]:
            values[key].append(row["checksum"])
    same = [f"{k} {values[(k, n)][0]} in all {runs[(k, n)]} runs" for (k, n) in runs if len(values[(k, n)]) == 1]
    bad = [f"{k} ({n} items) gave {len(values[(k, n)])} different checksums: {', '.join(values[(k, n)])}."
           for (k, n) in runs if len(values[(k, n)]) > 1]
    out = ""
    if bad:
        out += para("**Checksum mismatch:** " + " ".join(bad) +
                    " Every mode must compute the same result; these numbers measure a wrong answer.")
    if same:
        out += para("Checksums, the proof each run did the real work: " + join_and(same) +
                    (", identical across every mode and worker count." if not bad else "."))
    return out
