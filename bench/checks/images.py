"""Bench checks of the images workload (gilbench images), measured as
ratios inside one run: RUN/images/images_summary.csv, and
RUN/images/pillow.csv when python3-pil was there to compare with."""
import csv
import os
import statistics


def _rows(path):
    if not os.path.exists(path):
        return []
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def _speedup(summary, mode, gil, workers=2):
    for r in summary:
        if r["mode"] == mode and r["gil_release"] == gil and int(r["workers"]) == workers and r["speedup"]:
            return float(r["speedup"])
    return None


def _seq_median(summary):
    for r in summary:
        if r["mode"] == "seq":
            return float(r["median_s"])
    return None


def checks(run_dir: str) -> list:
    summary = _rows(os.path.join(run_dir, "images", "images_summary.csv"))
    if not summary:
        return []
    out = []
    for mode in ("threads", "pool", "fork"):
        out.append({"check": f"images {mode} 2 workers speedup", "measured": _speedup(summary, mode, "none"),
                    "target": ">= 1.8", "lo": 1.8, "hi": None})
    out.append({"check": "images gil 2 workers, C work holding the GIL: speedup",
                "measured": _speedup(summary, "gil", "held"), "target": "<= 1.05", "lo": None, "hi": 1.05})
    out.append({"check": "images gil 2 workers, C work releasing the GIL (Pillow): speedup",
                "measured": _speedup(summary, "gil", "released"), "target": ">= 1.7", "lo": 1.7, "hi": None})
    # Pillow on the same pictures, same steps, one core each: time ratio.
    pillow = [float(r["wall_s"]) for r in _rows(os.path.join(run_dir, "images", "pillow.csv"))
              if r["mode"] == "seq"]
    seq = _seq_median(summary)
    ratio = seq / statistics.median(pillow) if pillow and seq else None
    out.append({"check": "images seq time / Pillow seq time (decode+resize+filter+encode)",
                "measured": ratio, "target": "<= 1.5" if pillow else "<= 1.5 (python3-pil not installed)",
                "lo": None, "hi": 1.5 if pillow else None})
    return out
