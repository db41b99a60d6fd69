# timeline.gp - who held the GIL when: the hand-over timeline of two
# CPU-bound threads under the new GIL (top) and the legacy GIL (middle),
# on the same time axis, and a zoom into the legacy GIL (bottom) where
# single holds are wide enough to see.  One row per thread: a bar while
# the thread holds the lock, a thin line while it waits for it, a tick
# where it asks for it (request) and a triangle where a waiter, after one
# switch interval, asks the holder to drop it (drop request).
#
#   gnuplot -e 'gil="RUN/trace-gil.csv"; legacy="RUN/trace-gil-legacy.csv"; \
#               out="RUN/plots/timeline"; machine="AMD EPYC, 2 cores, 2026-11-23"' plots/gnuplot/timeline.gp
#
# The traces are what `gilbench run -m gil --trace FILE` and `-m gil-legacy
# --trace FILE` write (CSV: time_s,thread,event; columns read by name
# through the pre-pass plots/timeline.py).  Either may be "" (its panel
# then says how to make it).
# Optional: from_ms=0 and window_ms=30 (the time window of the top two
# panels; the window is cut to the longer trace when both end sooner),
# zoom_ms=0.2 (the width of the zoom; 0: no zoom panel), zoom_at_ms (its
# centre; default: the first hand-over of the legacy trace after the middle
# of its part of the window), kernel="primes" (named in the title).  Writes OUT.png and OUT.svg.

_dir(p, i) = i < 1 ? "." : (p[i:i] eq "/" ? p[1:i-1] : _dir(p, i - 1))
HERE = _dir(ARG0, strlen(ARG0))
load HERE . "/style.gp"

if (!exists("out") || (!exists("gil") && !exists("legacy"))) {
    print "timeline.gp: set out and gil and/or legacy (trace files) with -e (see the comment at the top)"
    exit status 2
}
if (!exists("gil")) { gil = "" }
if (!exists("legacy")) { legacy = "" }
if (!exists("machine")) { machine = "" }
if (!exists("from_ms")) { from_ms = 0 }
if (!exists("window_ms")) { window_ms = 30 }
if (!exists("zoom_ms")) { zoom_ms = 0.2 }
from_ms = from_ms + 0.0
window_ms = window_ms + 0.0
zoom_ms = zoom_ms + 0.0

# Shell quoting for the pre-pass pipe: 'it'\''s'.
sq(s) = strstrt(s, "'") == 0 ? s : s[1:strstrt(s, "'") - 1] . "'\\''" . sq(s[strstrt(s, "'") + 1:])
# merge: in the wide panels, holds closer than half a pixel (a panel is
# about 1100 pixels wide) are one bar; the zoom draws every hold.
prepass_m(f, lo, hi, m) = sprintf("< python3 '%s' --lo=%.6f --hi=%.6f --merge=%.9f '%s'", \
    sq(HERE . "/../timeline.py"), lo, hi, m, sq(f))
prepass(f, lo, hi) = prepass_m(f, lo, hi, (hi - lo) / 2200)
summary(f, lo, hi) = f eq "" ? "" : system(sprintf("python3 '%s' --summary --lo=%.6f --hi=%.6f '%s'", \
    sq(HERE . "/../timeline.py"), lo, hi, sq(f)))
num(s, i) = word(s, i) eq "-" ? NaN : word(s, i) + 0.0
commas(n) = n < 1000 ? sprintf("%d", n) : sprintf("%s,%03d", commas(int(n / 1000)), int(n) % 1000)
# "5.07 ms", "85 µs", "0.09 µs"
dur(ms) = ms >= 1 ? sprintf("%.3g ms", ms) : (ms >= 0.001 ? sprintf("%.3g µs", 1000 * ms) : sprintf("%.2f µs", 1000 * ms))

# Whole traces first: their lengths, to cut the window.
Sg_all = summary(gil, -1e300, 1e300)
Sl_all = summary(legacy, -1e300, 1e300)
if (gil ne "" && Sg_all eq "") { print "timeline.gp: cannot read the trace " . gil; exit status 1 }
if (legacy ne "" && Sl_all eq "") { print "timeline.gp: cannot read the trace " . legacy; exit status 1 }
end_g = gil eq "" ? 0 : num(Sg_all, 5)
end_l = legacy eq "" ? 0 : num(Sl_all, 5)
longest = max(end_g, end_l)
if (from_ms + window_ms > longest && longest > from_ms) {
    # Round the shorter window up to a tidy number of ms.
    step = longest - from_ms > 10 ? 5 : (longest - from_ms > 2 ? 1 : 0.1)
    window_ms = step * ceil((longest - from_ms) / step)
}
to_ms = from_ms + window_ms
Sg = summary(gil, from_ms, to_ms)
Sl = summary(legacy, from_ms, to_ms)
nthreads = max(gil eq "" ? 0 : num(Sg_all, 1), legacy eq "" ? 0 : num(Sl_all, 1))
if (nthreads < 1) { nthreads = 2 }

# The zoom: centred on a real hand-over of the legacy GIL, so it shows
# both the re-taking and the rare moment the other thread gets in.
do_zoom = zoom_ms > 0 && legacy ne ""
if (do_zoom && !exists("zoom_at_ms")) {
    # The first hand-over after a quarter of the legacy run in the window and
    # before its last tenth, when both threads are still running (at the
    # very end one of them is done and nobody competes).
    span = min(end_l, to_ms) - from_ms
    target = from_ms + span / 4
    stats prepass(legacy, target, to_ms) using (strcol("kind") eq "handover" && column("start_ms") >= target \
        && column("start_ms") <= from_ms + 0.9 * span ? column("start_ms") : NaN) nooutput name "H"
    zoom_at_ms = exists("H_records") && H_records > 0 ? H_min : target
}
if (do_zoom) {
    z_lo = zoom_at_ms - 0.6 * zoom_ms
    z_hi = z_lo + zoom_ms
    Sz = summary(legacy, z_lo, z_hi)
}

is(k) = strcol("kind") eq k
yrow(dummy) = column("thread")
# boxxyerror: x y xlow xhigh ylow yhigh; a row of another kind gets y = NaN
# (skipped; NaN in ylow would draw a box to minus infinity).
mid(dummy) = (column("start_ms") + column("end_ms")) / 2
box(k, h) = is(k) ? yrow(0) : NaN
WAIT = 'using (mid(0)):(box("wait", 0)):(column("start_ms")):(column("end_ms")):(yrow(0) - 0.035):(yrow(0) + 0.035)'
HOLD = 'using (mid(0)):(box("hold", 0)):(column("start_ms")):(column("end_ms")):(yrow(0) - BAR):(yrow(0) + BAR)'
BAR = 0.30
GIL_C = mode_color("gil")
LEG_C = mode_color("gil-legacy")
WAIT_C = "#9A9A9A"
MARK_C = "#222222"

set ytics ()
do for [i = 0:nthreads - 1] { set ytics add (sprintf("thread %d", i) i) }
set yrange [nthreads - 0.35:-0.65]
set grid noytics xtics
set border 1 lw 1.5
set ytics scale 0
set format x "%g"
set style fill solid 1.0 noborder

# Panel titles from the numbers.
if (gil ne "") {
    hg = num(Sg, 3); dg = num(Sg, 4)
    tg = sprintf("new GIL (gil): %s hold%s, %s hand-over%s in %s", commas(num(Sg, 2)), num(Sg, 2) == 1 ? "" : "s", \
        commas(hg), hg == 1 ? "" : "s", dur(min(end_g, to_ms) - from_ms))
    if (dg > 0 && num(Sg, 6) == num(Sg, 6)) {
        tg = tg . sprintf("; %s forced by a drop request, %s after the waiter asked", \
            dg >= hg ? (hg == 1 ? "it" : "each") : sprintf("%d", dg), dur(num(Sg, 6)))
    }
} else {
    tg = "new GIL: no trace here (gilbench run -m gil -w 2 --trace DIR/trace-gil.csv)"
}
if (legacy ne "") {
    tl = sprintf("legacy GIL (gil-legacy): %s hold%s, %s hand-over%s in %s: the releaser takes it back", \
        commas(num(Sl, 2)), num(Sl, 2) == 1 ? "" : "s", commas(num(Sl, 3)), num(Sl, 3) == 1 ? "" : "s", \
        dur(min(end_l, to_ms) - from_ms))
} else {
    tl = "legacy GIL: no trace here (gilbench run -m gil-legacy -w 2 --trace DIR/trace-gil-legacy.csv)"
}
if (do_zoom) {
    tz = sprintf("zoom on the box, %s: %s holds, %d hand-over%s; each release wakes the waiter, the releaser gets back first", \
        dur(zoom_ms), commas(num(Sz, 2)), num(Sz, 3), num(Sz, 3) == 1 ? "" : "s")
}
maintitle = "Who holds the GIL: two CPU-bound threads, new GIL vs legacy GIL" . (exists("kernel") ? " (" . kernel . ")" : "")
LEFT = 0.115
RIGHT = 0.965
if (do_zoom) {
    P1 = "0.805 0.655"; P2 = "0.575 0.425"; P3 = "0.305 0.155"
} else {
    P1 = "0.780 0.560"; P2 = "0.450 0.230"; P3 = ""
}
TFONT = "font ',14' offset 0, -0.4"
# The key: dummy entries in reading order, drawn before the data.  (Macros
# are expanded when the loop below is read, so they are defined here.)
KEYS = 'NaN with boxxyerror fc rgb GIL_C title "holds it: gil", \
        NaN with boxxyerror fc rgb LEG_C title "holds it: gil-legacy", \
        NaN with boxxyerror fc rgb WAIT_C title "waits for it", \
        NaN with points pt 7 ps 0.6 lc rgb MARK_C title "asks for it (request)", \
        NaN with points pt 11 ps 1.6 lc rgb MARK_C title "asks the holder to drop it"'

do for [t in "png svg"] {
    eval out_term(t)
    set output out . "." . t
    set multiplot title maintitle font ",22"
    set label 99 machine at screen 0.5, screen 0.025 center @FOOTER
    set lmargin at screen LEFT
    set rmargin at screen RIGHT

    # Top: the new GIL.  The key, one line under the title, covers all panels.
    set tmargin at screen word(P1, 1) + 0
    set bmargin at screen word(P1, 2) + 0
    set xrange [from_ms:to_ms]
    set format x ""
    unset xlabel
    set title tg @TFONT
    set key at screen 0.5, screen 0.893 center center horizontal maxrows 1 Left reverse noopaque nobox samplen 1.2 spacing 1 width -3 font ",14"
    # Where a run ends inside the window, say so: the empty space is the point.
    # (Only where the text fits in the empty part right of the end: the
    # panel is about 1090 pixels wide, the longer label about 330.)
    if (gil ne "" && end_g < from_ms + 0.65 * window_ms) {
        set label 11 sprintf("gil: all done at %s", dur(end_g)) at end_g, 0 left offset 1.5, 0 font ",14" tc rgb GIL_C
        if (legacy ne "") {
            set label 12 sprintf(end_l > to_ms ? "gil-legacy: still running (done at %s)" : "gil-legacy: done at %s", \
                dur(end_l)) at end_g, 1 left offset 1.5, 0 font ",14" tc rgb LEG_C
        }
    }
    if (gil ne "") {
        plot @KEYS, \
             prepass(gil, from_ms, to_ms) @WAIT with boxxyerror fc rgb WAIT_C notitle, \
             "" @HOLD with boxxyerror fc rgb GIL_C notitle, \
             "" using (column("start_ms")):(is("request") ? yrow(0) - BAR - 0.08 : NaN) with points pt 7 ps 0.6 lc rgb MARK_C notitle, \
             "" using (column("start_ms")):(is("drop_request") ? yrow(0) - BAR - 0.1 : NaN) with points pt 11 ps 1.6 lc rgb MARK_C notitle
    } else {
        set label 10 "no trace" at graph 0.5, graph 0.5 center
        plot @KEYS
        unset label 10
    }
    unset key
    unset label 99
    unset label 11
    unset label 12

    # Middle: the legacy GIL, same window.
    set tmargin at screen word(P2, 1) + 0
    set bmargin at screen word(P2, 2) + 0
    set format x (do_zoom ? "%g ms" : "%g")
    if (!do_zoom) { set xlabel "time since the repetition started (ms)" offset 0, 0.4 }
    set title tl @TFONT
    if (do_zoom) {
        # The zoomed span, marked.
        set object 20 rect from z_lo, graph -0.02 to z_hi, graph 1.02 fs empty border rgb MARK_C lw 1.5 front
    }
    if (legacy ne "") {
        plot prepass(legacy, from_ms, to_ms) @WAIT with boxxyerror fc rgb WAIT_C notitle, \
             "" @HOLD with boxxyerror fc rgb LEG_C fs solid 1.0 border lc rgb LEG_C lw 0.5 notitle
    } else {
        set label 10 "no trace" at graph 0.5, graph 0.5 center
        plot NaN notitle
        unset label 10
    }
    unset object 20

    # Bottom: the zoom.
    if (do_zoom) {
        set tmargin at screen word(P3, 1) + 0
        set bmargin at screen word(P3, 2) + 0
        set xrange [z_lo:z_hi]
        set format x "%g"
        set xlabel "time since the repetition started (ms)" offset 0, 0.4
        set title tz @TFONT
        plot prepass_m(legacy, z_lo, z_hi, 0) @WAIT with boxxyerror fc rgb WAIT_C notitle, \
             "" @HOLD with boxxyerror fc rgb LEG_C fs solid 1.0 border lc rgb "#FFFFFF" lw 1.5 dt solid notitle, \
             "" using (column("start_ms")):(is("request") ? yrow(0) - BAR - 0.08 : NaN) with points pt 7 ps 0.6 lc rgb MARK_C notitle
    }
    unset multiplot
    set output
    set label 99 machine at screen 0.5, screen 0.025 center @FOOTER
}
