"""The photo batch (images/images.csv from gilbench images, and
images/pillow.csv when python3-pil was there): real threads, processes
and a pool near 2x on 2 workers; under the GIL, the C work holding it
stays at 1x and releasing it (as Pillow does) scales; gilbench's C
pipeline no slower than 1.5x Pillow's on the same pictures."""
import os

import rundata

WHO = "bench/checks/images.py"
COLUMNS = ("mode", "gil_release", "workers", "median_s", "speedup")


def checks(run_dir: str) -> list:
    path, rows = rundata.experiment_table(run_dir, "images", COLUMNS, WHO)
    if path is None:
        return []

    def speedup(mode, gil, workers=2):
        return next((rundata.num(r["speedup"]) for r in rows if r["mode"] == mode and
                     r["gil_release"] == gil and rundata.num(r["workers"]) == workers), None)
    out = [{"check": f"images {m} 2 workers speedup", "measured": speedup(m, "none"), "digits": 2,
            "target": ">= 1.8", "lo": 1.8, "hi": None} for m in ("threads", "pool", "fork")]
    out.append({"check": "images gil 2 workers, C work holding the GIL: speedup",
                "measured": speedup("gil", "held"), "digits": 2, "target": "<= 1.05", "lo": None, "hi": 1.05})
    out.append({"check": "images gil 2 workers, C work releasing the GIL (as Pillow): speedup",
                "measured": speedup("gil", "released"), "digits": 2, "target": ">= 1.7", "lo": 1.7, "hi": None})
    seq = next((rundata.num(r["median_s"]) for r in rows if r["mode"] == "seq"), None)
    pillow_csv = os.path.join(os.path.dirname(path), "pillow.csv")
    if os.path.isfile(pillow_csv):
        pillow = rundata.median(rundata.num(r["wall_s"]) for r in
                                rundata.read_csv(pillow_csv, ("mode", "wall_s"), WHO) if r["mode"] == "seq")
        out.append({"check": "images seq time / Pillow's (decode, resize, filter, encode)",
                    "measured": rundata.ratio(seq, pillow), "digits": 2, "target": "<= 1.5",
                    "lo": None, "hi": 1.5})
    else:
        out.append({"check": "images seq time / Pillow's (decode, resize, filter, encode)", "measured": None,
                    "target": "python3-pil not installed", "lo": None, "hi": None})
    return out
