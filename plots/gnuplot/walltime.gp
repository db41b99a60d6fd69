# walltime.gp - wall time of every mode on every kernel at one worker
# count: clustered bars (a cluster per kernel, a bar per mode) at the
# median, error bars from the fastest to the slowest repetition.  seq
# always runs one worker: its bar is the baseline.  The y axis turns
# logarithmic when the kernels differ by more than 20x.
#
#   gnuplot -e 'data="RUN/summary.csv"; out="RUN/plots/walltime"; at=2; \
#               kernels="primes sleep triad"; modes="seq gil threads fork"; \
#               machine="AMD EPYC, 2 cores (1.97 measured), 2026-11-23"' plots/gnuplot/walltime.gp
#
# Writes OUT.png and OUT.svg.  Reads summary.csv columns by name:
# kernel, mode, workers, median_s, min_s, max_s.

_dir(p, i) = i < 1 ? "." : (p[i:i] eq "/" ? p[1:i-1] : _dir(p, i - 1))
load _dir(ARG0, strlen(ARG0)) . "/style.gp"

if (!exists("data") || !exists("out") || !exists("kernels") || !exists("at")) {
    print "walltime.gp: set data, out, kernels and at (worker count) with -e (see the comment at the top)"
    exit status 2
}
if (!exists("machine")) { machine = "" }
if (!exists("modes")) { modes = MODE_ORDER }

nk = words(kernels)
nm = words(modes)
bw = 0.8 / nm
# The row for mode m at this worker count (seq: its single worker).
sel(m) = strcol("mode") eq m && index_of(kernels, strcol("kernel")) > 0 && \
         column("workers") == (m eq "seq" ? 1 : at)
shown(dummy) = index_of(kernels, strcol("kernel")) > 0 && index_of(modes, strcol("mode")) > 0 && \
         column("workers") == (strcol("mode") eq "seq" ? 1 : at)
xpos(m) = index_of(kernels, strcol("kernel")) - 0.4 + (index_of(modes, m) - 0.5) * bw

stats data using (shown(0) ? column("median_s") : NaN) nooutput name "T"
stats data using (shown(0) ? column("max_s") : NaN) nooutput name "TMAX"
stats data using (shown(0) ? column("min_s") : NaN) nooutput name "TMIN"
logy = T_max / T_min > 20
# Three significant digits: 0.034, 9.63, 19.2, 68.5, 142
num(v) = sprintf(v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : v >= 1 ? "%.2f" : "%.3f", v)
# Milliseconds when everything is under a second.
scale = TMAX_max < 1 ? 1000 : 1
unit = TMAX_max < 1 ? "ms" : "s"

set title sprintf("Wall time per kernel and mode at %d workers (seq: 1 worker)", at) font ",22"
set xlabel "kernel"
set ylabel sprintf("wall time per run (%s%s)", unit, logy ? ", log scale" : "")
# Under the key (about 0.048 of the height per entry).
set label 3 "bar: median\nwhisker: fastest\nto slowest run" at screen 0.755, screen (0.83 - 0.048 * nm) left font ",14" tc rgb "#444444"
set label 99 machine at screen 0.5, screen 0.025 center @FOOTER
set xrange [0.5:nk + 0.5]
set xtics () scale 0
do for [i = 1:nk] { set xtics add (word(kernels, i) i) }
set boxwidth bw * 0.92 absolute
set style fill solid 0.85 border rgb "#333333"
if (logy) {
    set logscale y 10
    set yrange [10 ** floor(log10(TMIN_min * scale / 1.5)) : TMAX_max * scale * 4]
    set format y "%g"
} else {
    set yrange [0 : TMAX_max * scale * 1.2]
}

do for [t in "png svg"] {
    eval out_term(t)
    set output out . "." . t
    # Whiskers: candlesticks whose box is empty and flat at the median
    # (yerrorbars would leave a gap where a point would be).
    plot for [m in modes] data using (sel(m) ? xpos(m) : NaN):(column("median_s") * scale) \
             with boxes lc rgb mode_color(m) dt solid title m, \
         for [m in modes] data using (sel(m) ? xpos(m) : NaN):(column("median_s") * scale): \
             (column("min_s") * scale):(column("max_s") * scale):(column("median_s") * scale) \
             with candlesticks whiskerbars 0.5 lc rgb "#222222" lw 2 dt solid fs empty notitle, \
         for [m in modes] data using (sel(m) ? xpos(m) : NaN):(column("max_s") * scale * (logy ? 1.15 : 1) + (logy ? 0 : 0.015 * TMAX_max * scale)): \
             (num(column("median_s") * scale)) \
             with labels rotate by 90 left font ",12" tc rgb "#222222" notitle
    set output
}
