"""The photo batch (gilbench images): C libraries that release the GIL let
threads scale, as Pillow does; the same C code keeping the GIL does not."""
import os

import charts
import rundata
from markdown import fx
from sections.common import chart_section, flagged_text


def render(run_dir: str) -> str:
    c = charts.chart("images")
    path, rows = charts.data_rows(run_dir, c)
    seq = next((r for r in rows if r["mode"] == "seq"), None)
    if seq is None:
        return ""

    def speedup(mode, gil):
        return next((rundata.num(r["speedup"]) for r in rows if r["mode"] == mode and r["gil_release"] == gil), None)
    workers = max(int(rundata.num(r["workers"]) or 0) for r in rows)
    text = (f"`gilbench images` decodes {rundata.num(seq['input_mpixels']):.0f} megapixels of JPEG and PNG "
            f"pictures with libjpeg-turbo and libpng, resizes them, filters them and encodes them again, "
            f"in each mode. One core takes {rundata.num(seq['median_s']):.3f} s "
            f"({rundata.num(seq['images_per_s']):.1f} pictures per second). On {workers} workers real "
            f"threads reach {fx(speedup('threads', 'none'))}, a process pool {fx(speedup('pool', 'none'))} "
            f"and forked processes {fx(speedup('fork', 'none'))}.")
    held, released = speedup("gil", "held"), speedup("gil", "released")
    if held is not None and released is not None:
        text2 = (f"Under the simulated GIL the same C code gives {fx(held)} when it keeps the GIL, as a "
                 f"pixel loop written in Python would, and {fx(released)} when it releases it, as Pillow "
                 "does: Pillow's ImagingSectionEnter() and ImagingSectionLeave() (defined in "
                 "src/_imaging.c as PyEval_SaveThread() and PyEval_RestoreThread()) surround its decoders "
                 "and encoders (src/decode.c, src/encode.c) and its resampling "
                 "(src/libImaging/Resample.c).")
        if released >= 1.3 * held and released > 1.2:
            text2 += (f" Releasing the GIL made this run's threads {released / held:.1f} times faster than "
                      "keeping it: for this workload threads do speed up real Python. The tutorials' rule, "
                      "threads cannot help CPU-bound work, holds for Python code, not for C libraries that "
                      "let go of the GIL.")
        else:
            text2 += (f" In this run releasing it gained little ({fx(released)} against {fx(held)}): "
                      "measured_cores in meta says whether the machine gave two cores.")
    else:
        text2 = ""
    pillow_csv = os.path.join(os.path.dirname(path), "pillow.csv")
    text3 = ""
    if os.path.isfile(pillow_csv):
        pillow = rundata.median(rundata.num(r["wall_s"]) for r in
                                rundata.rows(pillow_csv, ("mode", "wall_s"), "report.py") if r["mode"] == "seq")
        ratio = rundata.ratio(rundata.num(seq["median_s"]), pillow)
        if ratio is not None:
            text3 = (f"Pillow, doing the same steps on the same pictures in CPython, takes {pillow:.3f} s on "
                     f"one core: gilbench's C pipeline needs {ratio:.2f} times Pillow's time (both decode "
                     "with libjpeg-turbo, which is most of the work).")
    return chart_section(run_dir, "A real workload: the photo batch", "images",
                         "photo batch: speedup over seq per mode, the GIL held and released",
                         (text, text2, text3, flagged_text(rows, "images.csv", lambda r: (
                             f"{r['mode']} {r['workers']}" + (f" GIL {r['gil_release']}"
                                                              if r["gil_release"] != "none" else "")))))
