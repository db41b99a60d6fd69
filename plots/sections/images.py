"""Report section: the tutorials' photo batch (gilbench images).

render(run_dir) reads RUN/images/images_summary.csv (and pillow.csv when
Pillow was measured) by column name and returns Markdown; '' without data.
"""
import csv
import os
import statistics


def _rows(path):
    if not os.path.exists(path):
        return []
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def _find(rows, mode, gil):
    for r in rows:
        if r["mode"] == mode and r["gil_release"] == gil:
            return r
    return None


def _x(r):
    return f"{float(r['speedup']):.2f}x" if r and r.get("speedup") else "not measured"


def render(run_dir: str) -> str:
    rows = _rows(os.path.join(run_dir, "images", "images_summary.csv"))
    seq = _find(rows, "seq", "none")
    if not rows or seq is None:
        return ""
    held, released = _find(rows, "gil", "held"), _find(rows, "gil", "released")
    threads, pool, fork = (_find(rows, m, "none") for m in ("threads", "pool", "fork"))
    workers = max(int(r["workers"]) for r in rows)
    out = ["## A real workload: the photo batch", ""]
    out.append(
        f"`gilbench images` decodes {float(seq['input_mpixels']):.0f} megapixels of JPEG and PNG "
        f"pictures with libjpeg-turbo and libpng, resizes, filters and encodes them, in each mode. "
        f"One core needs {float(seq['median_s']):.3f} s ({float(seq['images_per_s']):.1f} pictures/s). "
        f"On {workers} workers, real threads reach {_x(threads)}, a process pool {_x(pool)} and "
        f"forked processes {_x(fork)}.")
    out.append("")
    if held and released:
        out.append(
            f"Under the simulated GIL the same C code gives {_x(held)} when it keeps the GIL, "
            f"as a pixel loop written in Python would, and {_x(released)} when it releases it, as "
            f"Pillow does: Pillow's `ImagingSectionEnter()` / `ImagingSectionLeave()` "
            f"(src/_imaging.c: `PyEval_SaveThread()` / `PyEval_RestoreThread()`) surround its "
            f"decoders and encoders (src/decode.c, src/encode.c) and its resampling "
            f"(src/libImaging/Resample.c).")
        h, r = float(held["speedup"] or 0), float(released["speedup"] or 0)
        if r >= 1.3 * h and r > 1.2:
            out[-1] += (" Releasing the GIL made this run's threads "
                        f"{r / h:.1f} times faster than keeping it: for this workload threads do "
                        "speed up real Python; the tutorials' rule \"threads cannot help CPU-bound "
                        "work\" holds for Python code, not for C libraries that let go of the GIL.")
        else:
            out[-1] += (f" In this run releasing the GIL gained little ({r:.2f}x against {h:.2f}x): "
                        "compare the measured cores in `meta`; a machine that gives one core "
                        "cannot show the difference.")
        out.append("")
    pillow = [float(r["wall_s"]) for r in _rows(os.path.join(run_dir, "images", "pillow.csv"))
              if r["mode"] == "seq"]
    if pillow:
        ratio = float(seq["median_s"]) / statistics.median(pillow)
        out.append(
            f"Pillow, doing the same steps on the same pictures in one CPython process, takes "
            f"{statistics.median(pillow):.3f} s: gilbench's C pipeline needs {ratio:.2f} times "
            f"Pillow's time (both decode with libjpeg-turbo, which is most of the work).")
        out.append("")
    if os.path.exists(os.path.join(run_dir, "plots", "images.png")):
        out.append("![Photo batch: speedup over seq per mode, GIL held and released](plots/images.png)")
        out.append("")
    return "\n".join(out)
