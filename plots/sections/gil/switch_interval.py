"""The switch interval: speedup and forced hand-overs of a gil sweep over
several intervals, and what each extra hand-over cost."""
import rundata
from markdown import commas, fx, heading, image, interval, join_and, para, pct, tms
from sections import common


def render(run_dir: str) -> str:
    r = common.load(run_dir)
    selection = rundata.sweep_selection(r.summary)
    if not r.has_chart("switch_interval") or selection is None:
        return ""
    k, w = selection
    speedup, median_s = {}, {}
    for c in r.summary.records:
        if c.mode == "gil" and c.kernel == k and c.workers == w and c.switch_interval_s is not None:
            speedup[c.switch_interval_s], median_s[c.switch_interval_s] = c.speedup, c.median_s
    intervals = sorted(speedup)
    if len(intervals) < 2:
        return ""
    rates = {si: [] for si in intervals}
    # Hand-overs (CPython's switch_number); runs older than that column
    # are read by their drop requests, one per forced hand-over with 2 threads.
    count = "gil_handovers" if "gil_handovers" in r.runs_columns else "gil_drop_requests"
    if {"switch_interval_s", count, "wall_s"} <= set(r.runs_columns):
        for row in r.runs:
            wall, si = rundata.num(row["wall_s"]), rundata.num(row["switch_interval_s"])
            if (row["mode"] == "gil" and row["kernel"] == k and int(float(row["workers"])) == w
                    and wall and wall > 0 and si in rates):
                rates[si].append((rundata.num(row[count]) or 0) / wall)
    lo, hi = intervals[0], intervals[-1]
    text = (f"With {w} threads on {k} under the GIL, speedup over seq was {fx(speedup[lo] or 0)} at a "
            f"{interval(lo)} switch interval and {fx(speedup[hi] or 0)} at {interval(hi)}.")
    rate_lo, rate_hi = rundata.median(rates[lo]), rundata.median(rates[hi])
    if rate_lo is not None and rate_lo > 0:
        text += (f" At {interval(lo)} the threads handed the lock over {commas(rate_lo)} times a second "
                 f"({pct(rate_lo * lo)} of one per interval)")
        cost = median_s[lo] - median_s[hi]
        extra = rate_lo * median_s[lo] - (rate_hi or 0) * median_s[hi]
        if cost > 0 and rate_hi is not None and extra > 1:
            text += f", and each extra hand-over cost about {tms(1000 * cost / extra)} of wall time"
        text += "."
    none = [interval(si) for si in intervals
            if rundata.median(rates[si]) == 0 and si > median_s[si]]
    if none:
        text += (f" At {join_and(none)} no hand-over was forced at all: a run ({tms(1000 * median_s[hi])}) "
                 "ended before the first interval ran out.")
    return (heading("Switch interval: the cost of switching more often")
            + image("switch_interval", "speedup and hand-overs per second vs the switch interval under the GIL")
            + para(text))
