"""plots/sections/openmp.py - the report's section on the OpenMP modes.

render(run_dir) reads RUN/openmp/primes/summary.csv and
RUN/openmp/mandelbrot/summary.csv (make bench's openmp block), columns by
name, and returns Markdown whose every figure comes from them ('' when the
run has neither).
"""
import csv
import os


def _medians(path):
    try:
        with open(path, newline="") as f:
            return {(r["mode"], int(r["workers"])): r for r in csv.DictReader(f)}
    except (OSError, KeyError, ValueError):
        return {}


def _ms(row):
    return "%.1f ms" % (float(row["median_s"]) * 1e3)


def _primes(rows):
    t, d, s = rows.get(("threads", 2)), rows.get(("openmp-dynamic", 2)), rows.get(("openmp-static", 2))
    if not (t and d):
        return []
    ratio = float(d["median_s"]) / float(t["median_s"])
    text = ("On primes with 2 workers, the hand-written thread crew took %s and "
            "`schedule(dynamic, 1)` %s: OpenMP's loop is %s than the crew by %.1f%% (%s the "
            "2%% the two should agree within, since both hand out one task at a time)." % (
                _ms(t), _ms(d), "slower" if ratio > 1 else "faster", abs(ratio - 1) * 100,
                "within" if abs(ratio - 1) <= 0.02 else "outside"))
    if s:
        rs = float(s["median_s"]) / float(d["median_s"])
        text += " `schedule(static)` took %s, %.2f times dynamic" % (_ms(s), rs)
        text += (": a static split gives each thread one contiguous half, and the upper "
                 "half's numbers cost more to test by trial division." if rs > 1.02 else
                 ", no slower in this run.")
    return [text]


def _mandelbrot(rows):
    out, ratio = [], {}
    for w in (2, 3):
        s, d = rows.get(("openmp-static", w)), rows.get(("openmp-dynamic", w))
        if s and d:
            ratio[w] = float(s["median_s"]) / float(d["median_s"])
            out.append("%d workers: static %s, dynamic %s (static / dynamic = %.2f)" % (
                w, _ms(s), _ms(d), ratio[w]))
    if not out:
        return []
    text = ("On Mandelbrot rows, whose cost depends on how much of the set they cross: "
            + "; ".join(out) + ".")
    if 2 in ratio and 3 in ratio and ratio[3] > ratio[2] + 0.05:
        text += (" The schedule matters more at 3 workers than at 2: with 2 threads the static "
                 "halves mirror each other (the image is symmetric about the real axis), with 3 "
                 "the middle block holds most of the set, and only dynamic claiming spreads it.")
    return [text]


def render(run_dir: str) -> str:
    primes = _medians(os.path.join(run_dir, "openmp", "primes", "summary.csv"))
    mandel = _medians(os.path.join(run_dir, "openmp", "mandelbrot", "summary.csv"))
    body = _primes(primes) + _mandelbrot(mandel)
    if not body:
        return ""
    return "## OpenMP: the same loop, written by the compiler\n\n" + "\n\n".join(body) + "\n"
