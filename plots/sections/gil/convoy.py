"""The convoy effect: a blocking I/O operation beside a CPU-bound thread
waits out a switch interval under the new GIL, rarely under the legacy one."""
import charts
import rundata
from markdown import heading, image, interval, join_and, para, tms


def render(run_dir: str) -> str:
    c = charts.chart("convoy")
    rows = charts.data_rows(run_dir, c)[1]
    if not rows or "convoy" not in charts.drawn(run_dir):
        return ""

    def val(row, col, scale=1.0):
        return (rundata.num(row[col]) or 0) * scale
    alone = next((r for r in reversed(rows) if r["scenario"] == "alone"), None)
    legacy = next((r for r in reversed(rows) if r["scenario"] != "alone" and r["mode"] == "gil-legacy"), None)
    new = [r for r in rows if r["scenario"] != "alone" and r["mode"] == "gil"]
    text = ""
    if alone:
        text = (f"Alone, each I/O operation (a blocking call of {val(alone, 'op_us'):g} µs) took "
                f"{tms(val(alone, 'median_op_us', 1e-3))} from the call until its thread held the GIL again: "
                f"{val(alone, 'ops_per_s'):.0f} operations per second.")
    ref = None
    if new:
        extra = [rundata.num(r["median_extra_intervals"]) for r in new]
        # The gil row the legacy GIL is compared with: the interval nearest 5 ms.
        ref = min(new, key=lambda r: (val(r, "switch_interval_s") - 0.005) ** 2)
        text += (" Beside a CPU-bound thread, under the new GIL, it took "
                 + join_and(f"{tms(val(r, 'median_op_us', 1e-3))} at a {interval(val(r, 'switch_interval_s'))} "
                            "interval" for r in new))
        if all(x is not None and 0.5 <= x <= 2 for x in extra):
            lo, hi = min(extra), max(extra)
            text += (f": about one switch interval more every time ({lo:.2f}" + (f" to {hi:.2f}" if hi > lo else "")
                     + " intervals), because the CPU-bound holder never lets go until the I/O thread has waited "
                     "out an interval and asked. The I/O thread managed "
                     + join_and(f"{val(r, 'ops_per_s'):.0f}" for r in new) + " operations per second")
        text += "."
    if legacy:
        med = val(legacy, "median_op_us", 1e-3)
        text += f" Under the legacy GIL it took {tms(med)} (90th percentile {tms(val(legacy, 'p90_op_us', 1e-3))})"
        ref_med = val(ref, "median_op_us", 1e-3) if ref else 0
        if ref and med < 0.5 * ref_med:
            text += (f", {ref_med / med:.0f} times less than under the new GIL at "
                     f"{interval(val(ref, 'switch_interval_s'))}: its holder lets go every few checks, so the I/O "
                     "thread rarely waits long")
        text += "."
        if val(legacy, "max_op_us", 1e-3) > 10 * med:
            text += (f" Rarely is not never: its slowest operation took {tms(val(legacy, 'max_op_us', 1e-3))}, "
                     "because nothing makes a release hand the lock over.")
    return (heading("Convoy effect: an I/O-bound thread beside a CPU-bound one")
            + image("convoy", "time per blocking I/O operation, alone and beside a CPU-bound thread, per GIL")
            + para(text.strip()))
