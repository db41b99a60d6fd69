#!/usr/bin/env python3
"""workloads_bench.py - the tutorials' two real workloads in real CPython,
for `make calibrate` and the images/hash checks of `make bench`.

  images DIR: every picture in DIR opened with Pillow, resized to fit in
      300x300 (BOX resampling: the same area average as gilbench images),
      filtered, saved at JPEG quality 75 (or PNG) -- in a plain loop, with
      threads (concurrent.futures.ThreadPoolExecutor) and with a
      multiprocessing Pool, the tutorials' pattern.  Pillow releases the
      GIL inside its decoder, encoder, resize and filters
      (ImagingSectionEnter/Leave), so the threads version scales.
  hash FILE...: SHA-256 of each file with hashlib, reading `--block`
      bytes at a time, in a loop, with threads and with a Pool.  hashlib
      releases the GIL for updates of 2048 bytes or more.

Prints CSV on stdout: tool,workload,mode,workers,rep,wall_s,items,detail.
Standard library only, apart from Pillow for `images`.
"""
import argparse
import concurrent.futures
import hashlib
import multiprocessing
import os
import sys
import tempfile
import time

OUT_DIR = None
SPEC = None


def _pillow():
    from PIL import Image, ImageFilter  # noqa: deferred: only `images` needs Pillow
    return Image, ImageFilter


def fit(w, h, bw, bh):
    """gilbench's --aspect contain: fit in the box, never enlarge, round half up."""
    if w <= bw and h <= bh:
        return w, h
    if w * bh >= h * bw:
        return bw, max(1, (h * bw * 2 + w) // (2 * w))
    return max(1, (w * bh * 2 + h) // (2 * h)), bh


def process_image(path):
    Image, ImageFilter = _pillow()
    with Image.open(path) as im:
        fmt = im.format
        im = im.convert("RGB")
        box = getattr(Image, "Resampling", Image).BOX  # Image.Resampling since Pillow 9.1
        im = im.resize(fit(im.width, im.height, SPEC["w"], SPEC["h"]), box)
        f = SPEC["filter"]
        if f == "blur":
            im = im.filter(ImageFilter.BLUR)
        elif f == "sharpen":
            im = im.filter(ImageFilter.SHARPEN)
        elif f == "grayscale":
            im = im.convert("L").convert("RGB")
        elif f == "sepia":
            im = im.convert("RGB", (0.393, 0.769, 0.189, 0, 0.349, 0.686, 0.168, 0, 0.272, 0.534, 0.131, 0))
        out = os.path.join(OUT_DIR, os.path.basename(path))
        if fmt == "JPEG":
            im.save(out, "JPEG", quality=75)
        else:
            im.save(out, "PNG")
    return path


def hash_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(SPEC["block"]), b""):
            h.update(chunk)
    return h.hexdigest()


def _init(out_dir, spec):
    global OUT_DIR, SPEC
    OUT_DIR, SPEC = out_dir, spec


def run(mode, workers, func, items):
    t0 = time.perf_counter()
    if mode == "seq":
        results = [func(p) for p in items]
    elif mode == "threads":
        with concurrent.futures.ThreadPoolExecutor(workers) as ex:
            results = list(ex.map(func, items))
    else:
        with multiprocessing.get_context("fork").Pool(workers, _init, (OUT_DIR, SPEC)) as pool:
            results = pool.map(func, items)
    return time.perf_counter() - t0, results


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("workload", choices=["images", "hash"])
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--modes", default="seq,threads,pool")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--filter", default="blur", choices=["none", "grayscale", "blur", "sharpen", "sepia"])
    ap.add_argument("--size", default="300x300")
    ap.add_argument("--block", type=int, default=65536)
    a = ap.parse_args()
    w, h = (int(v) for v in a.size.split("x"))
    if a.workload == "images":
        folder = a.paths[0]
        items = sorted(os.path.join(folder, n) for n in os.listdir(folder) if not n.startswith("."))
        func, detail = process_image, a.filter
    else:
        items, func, detail = a.paths, hash_file, str(a.block)
    with tempfile.TemporaryDirectory(prefix="gilbench-pillow-") as out:
        _init(out, {"w": w, "h": h, "filter": a.filter, "block": a.block})
        run("seq", 1, func, items[:1])  # warm-up: imports, page cache
        print("tool,workload,mode,workers,rep,wall_s,items,detail")
        for rep in range(1, a.reps + 1):
            for mode in a.modes.split(","):
                workers = 1 if mode == "seq" else a.workers
                wall, _ = run(mode, workers, func, items)
                print(f"cpython,{a.workload},{mode},{workers},{rep},{wall:.6f},{len(items)},{detail}")
                sys.stdout.flush()


if __name__ == "__main__":
    main()
