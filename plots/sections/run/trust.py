"""How far the run's numbers can be trusted: the rows flagged as impossible
or suspect (summary.csv `flag`, with the reason), the rows measured again,
how wide the medians' intervals are, the outliers counted, and, for a
bench run, gil-legacy's slowdowns per kernel and the GIL's hand-overs
against its drop requests.  Every sentence is computed from the CSV files,
read by column name; stdlib only."""
import os
import statistics

from rundata import csv_rows, num


def _name(r):
    return f"{r['kernel']} {r['mode']} {r['workers']}"


def _flags(summary):
    flagged = [r for r in summary if r.get("flag")]
    if not flagged:
        return [f"No row of the {len(summary)} in summary.csv was flagged: no speedup above its worker "
                "count or the cores, none above 1 for CPU work under a GIL, no spread over 25% of the "
                "median, no drift of seq's times over 10%.", ""]
    out = [f"{len(flagged)} of {len(summary)} rows were flagged; their numbers are suspect, for the reason "
           "given (re-run them on a quieter machine or with more `--reps`):", "",
           "| row | speedup | interval | reason |", "|---|---|---|---|"]
    for r in flagged:
        sp, lo, hi = num(r.get("speedup")), num(r.get("speedup_lo")), num(r.get("speedup_hi"))
        out.append(f"| {_name(r)} | {'' if sp is None else f'{sp:.2f}x'} | "
                   f"{'' if lo is None else f'{lo:.2f}-{hi:.2f}x'} | {r['flag']} |")
    return out + [""]


def _intervals(summary):
    widths = []
    for r in summary:
        med, lo, hi = num(r.get("median_s")), num(r.get("median_lo_s")), num(r.get("median_hi_s"))
        if med and lo is not None and hi is not None:
            widths.append(((hi - lo) / med, r))
    if not widths:
        return []
    levels = sorted({r["median_ci_level"] for r in summary if r.get("median_ci_level")})
    widest = max(widths, key=lambda w: w[0])
    outliers = sum(int(num(r.get("outliers")) or 0) for r in summary)
    again = [r for r in summary if (num(r.get("remeasured")) or 0) > 0]
    text = (f"Each median carries an interval from order statistics, distribution-free (level "
            f"{' or '.join(f'{100 * float(l):.1f}%' for l in levels)}: with n repetitions the range "
            f"[min, max] alone covers the median with 1 - 2^(1-n)); the median interval is "
            f"{100 * statistics.median(w for w, _ in widths):.1f}% of its median, the widest "
            f"{100 * widest[0]:.1f}% ({_name(widest[1])}).")
    text += (f" {outliers} repetition{'s' if outliers != 1 else ''} lay outside Tukey's fences "
             "(1.5 IQR beyond the quartiles); they are counted, and kept in every figure.")
    if again:
        text += (f" {len(again)} row{'s were' if len(again) != 1 else ' was'} measured again automatically "
                 f"after suspect results ({', '.join(_name(r) for r in again[:6])}"
                 f"{', ...' if len(again) > 6 else ''}).")
    return [text, ""]


def _legacy(run_dir):
    summary = (csv_rows(os.path.join(run_dir, "trust", "legacy", "summary.csv"))
               + csv_rows(os.path.join(run_dir, "trust", "legacy-primes", "summary.csv")))
    seq = {r["kernel"]: num(r["median_s"]) for r in summary if r["mode"] == "seq"}
    slow = {r["kernel"]: num(r["median_s"]) / seq[r["kernel"]] for r in summary
            if r["mode"] == "gil-legacy" and seq.get(r["kernel"])}
    if len(slow) < 2:
        return []
    parts = ", ".join(f"{k} {v:.2f}x" for k, v in slow.items())
    return [f"Under gil-legacy, whose tick is now about one CPython 2.7 tick of work in every kernel, two "
            f"threads took this much longer than one: {parts} (a spread of "
            f"{max(slow.values()) - min(slow.values()):.2f}).", ""]


def _handovers(run_dir):
    rows = csv_rows(os.path.join(run_dir, "trust", "gil4", "runs.csv"))
    drops = sum(num(r.get("gil_drop_requests")) or 0 for r in rows)
    hand = sum(num(r.get("gil_handovers")) or 0 for r in rows)
    if not rows or hand == 0:
        return []
    return [f"With 4 CPU-bound threads under the GIL, waiters asked for it {drops:.0f} times while it "
            f"changed hands {hand:.0f} times ({drops / hand:.2f} requests per hand-over): drop requests "
            "count waiters' time-outs, not hand-overs, which is why the hand-over charts and checks "
            "read `gil_handovers`.", ""]


def render(run_dir: str) -> str:
    summary = csv_rows(os.path.join(run_dir, "summary.csv"))
    if not summary or "flag" not in summary[0]:
        return ""
    out = ["## How far these numbers can be trusted", ""]
    out += _flags(summary) + _intervals(summary) + _legacy(run_dir) + _handovers(run_dir)
    return "\n".join(out).rstrip() + "\n"


if __name__ == "__main__":
    import sys
    print(render(sys.argv[1] if len(sys.argv) > 1 else "results/latest"))
