"""Runs side by side (gilbench compare): the report section for a compare
directory, or for a bench run's pinned-vs-unpinned comparison
(RUN/trust/pin/).  Every sentence is computed from compare.csv and
compare_runs.csv, read by column name; stdlib only."""
import os

from rundata import csv_rows, num


def _source(run_dir):
    """The directory holding compare.csv: the run itself, or its pin comparison."""
    for d in (run_dir, os.path.join(run_dir, "trust", "pin")):
        if os.path.isfile(os.path.join(d, "compare.csv")):
            return d
    return None


def _config(r):
    text = f"{r['kernel']} {r['mode']} with {r['workers']} worker{'s' if r['workers'] != '1' else ''}"
    if r.get("switch_interval_s"):
        text += f" at a {1000 * float(r['switch_interval_s']):g} ms interval"
    return text


def render(run_dir: str) -> str:
    src = _source(run_dir)
    if src is None:
        return ""
    rows = csv_rows(os.path.join(src, "compare.csv"))
    runs = {r["label"]: r for r in csv_rows(os.path.join(src, "compare_runs.csv"))}
    if not rows:
        return ""
    pin = src != run_dir
    out = ["## " + ("Pinned against unpinned" if pin else "Runs side by side"), ""]
    labels = sorted(runs)
    if pin:
        out.append("The same configurations were measured twice in this run, first with workers left to "
                   "the scheduler, then with `--pin` (worker *i* on the *i*-th allowed CPU), and put side "
                   "by side by `gilbench compare`.")
    else:
        out.append("Each run below is compared with run A: " + "; ".join(
            f"**{l}** is `{runs[l]['dir']}` (host {runs[l]['host']}, {runs[l]['cpu_model']}, "
            f"{runs[l]['measured_cores']} cores measured)" for l in labels) + ".")
    out += ["", "| configuration | run | n | median A (s) | median (s) | ratio | interval | p | verdict |",
            "|---|---|---|---|---|---|---|---|---|"]
    label_of = {runs[l]["dir"]: l for l in labels}
    for r in rows:
        ratio, lo, hi = num(r["ratio"]), num(r["ratio_lo"]), num(r["ratio_hi"])
        out.append(f"| {_config(r)} | {label_of.get(r['run_b'], r['run_b'])} | {r['n_a']}/{r['n_b']} | "
                   f"{num(r['median_a_s']):.4f} | {num(r['median_b_s']):.4f} | {ratio:.3f} | "
                   f"{lo:.3f}-{hi:.3f} ({100 * num(r['ratio_level']):.0f}%) | {num(r['p']):.3g} | "
                   f"{r['verdict']} |")
    out.append("")
    differ = [r for r in rows if r["verdict"] != "no measurable difference"]
    same = [r for r in rows if r["verdict"] == "no measurable difference"]
    sentences = []
    for r in differ:
        ratio = num(r["ratio"])
        sentences.append(f"{_config(r)} was {r['verdict']}: its wall time {ratio:.2f} times run A's "
                         f"(interval {num(r['ratio_lo']):.2f} to {num(r['ratio_hi']):.2f}, "
                         f"Mann-Whitney p = {num(r['p']):.2g}).")
    if same:
        inside = all(num(r["ratio_lo"]) <= 1 <= num(r["ratio_hi"]) for r in same)
        sentences.append(f"{len(same)} of {len(rows)} configurations showed no measurable difference "
                         "(p >= 0.05)" + (": their intervals include a ratio of 1." if inside else "."))
    few = [r for r in rows if (num(r.get("p_min")) or 0) >= 0.05]
    if few:
        sentences.append(f"{len(few)} of them had too few repetitions for any difference to reach p < 0.05 "
                         "whatever the data; more `--reps` would tell.")
    out.append(" ".join(sentences))
    chart = "plots/compare.png"
    if os.path.isfile(os.path.join(run_dir, chart)):
        out += ["", f"![speedup curves of the runs side by side]({chart})"]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    import sys
    print(render(sys.argv[1] if len(sys.argv) > 1 else "results/latest"))
