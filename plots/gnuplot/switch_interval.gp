# switch_interval.gp - the cost of switching more often: CPU-bound threads
# under the new GIL at each switch interval of a sweep.  Top: speedup of
# gil over seq (1 = as fast as one thread alone).  Bottom: hand-overs per
# second (gil_handovers: the GIL went to another thread, CPython's
# switch_number), a cross per run and a line through their means, beside
# 1 / interval, what forced switching alone gives.  Runs measured before
# hand-overs were counted show drop requests instead, and say so.  Intervals longer than
# a run never run out: right of the shaded line, no hand-over is forced.
#
#   gnuplot -e 'summary="RUN/summary.csv"; runs="RUN/runs.csv"; out="RUN/plots/switch_interval"; \
#               kernel="primes"; workers=2; machine="AMD EPYC, 2 cores, 2026-11-23"' plots/gnuplot/switch_interval.gp
#
# Writes OUT.png and OUT.svg.  Reads columns by name: summary.csv kernel,
# mode, workers, speedup, median_s, switch_interval_s; runs.csv kernel,
# mode, workers, wall_s, gil_handovers (else gil_drop_requests),
# switch_interval_s.

_dir(p, i) = i < 1 ? "." : (p[i:i] eq "/" ? p[1:i-1] : _dir(p, i - 1))
load _dir(ARG0, strlen(ARG0)) . "/style.gp"

if (!exists("summary") || !exists("runs") || !exists("out") || !exists("kernel") || !exists("workers")) {
    print "switch_interval.gp: set summary, runs, out, kernel and workers with -e (see the comment at the top)"
    exit status 2
}
if (!exists("machine")) { machine = "" }

sel(dummy) = strcol("kernel") eq kernel && strcol("mode") eq "gil" && column("workers") == workers
ivl_ms(dummy) = 1000.0 * column("switch_interval_s")
# By name, and only if the header has it: column() of a missing name is an error.
count_col = strstrt(system("head -n 1 '" . runs . "'"), "gil_handovers") ? "gil_handovers" : "gil_drop_requests"
count_what = count_col eq "gil_handovers" ? "" : "\n(drop requests)"
rate(dummy) = column("wall_s") > 0 ? column(count_col) / column("wall_s") : NaN

stats summary using (sel(0) ? ivl_ms(0) : NaN) nooutput name "I"
stats summary using (sel(0) ? column("speedup") : NaN) nooutput name "S"
stats summary using (sel(0) ? 1000.0 * column("median_s") : NaN) nooutput name "W"
stats runs using (sel(0) && rate(0) > 0 ? rate(0) : NaN) nooutput name "R"

xlo = I_min / 2
xhi = I_max * 2
# The shaded region: intervals longer than the longest median run.
run_ms = W_max
LEFT = 0.11
RIGHT = 0.72

# The line through the rates is their mean per interval (smooth unique);
# every run is drawn as a cross too, so nothing is hidden.
set label 99 machine at screen 0.5, screen 0.025 center @FOOTER
set logscale x 10
set xrange [xlo:xhi]
set format x "%g"
set grid xtics ytics ls 100

do for [t in "png svg"] {
    eval out_term(t)
    set output out . "." . t
    set multiplot title sprintf("%s, %d threads under the GIL: the cost of a shorter switch interval", kernel, workers) font ",22"
    set lmargin at screen LEFT
    set rmargin at screen RIGHT

    # Top: speedup.
    set tmargin at screen 0.86
    set bmargin at screen 0.63
    set ylabel "speedup vs seq"
    set yrange [0:max(1.25, 1.15 * S_max)]
    set format y "%gx"
    set ytics 0.5
    set format x ""
    unset xlabel
    set key at screen 0.745, screen 0.86 left top
    if (run_ms < xhi) {
        set object 1 rect from run_ms, graph 0 to xhi, graph 1 behind fc rgb OVERSUB_FILL fs solid 1.0 noborder
        set arrow 1 from run_ms, graph 0 to run_ms, graph 1 nohead lc rgb CORES_COLOR lw 2 front
        set label 1 sprintf("a run lasts %.3g ms:\nlonger intervals\nnever run out", run_ms) at run_ms, graph 0.35 left offset 0.8, 0 \
            tc rgb CORES_COLOR font ",13" front
    }
    plot 1 with lines lc rgb "#000000" lw 2 dt (5,5) title "seq (1 thread)", \
         summary using (ivl_ms(0)):(sel(0) ? column("speedup") : NaN) smooth unique with linespoints ls mode_ls("gil") title "gil: speedup", \
         summary using (ivl_ms(0)):(sel(0) ? column("speedup") : NaN):(sprintf("%.2fx", column("speedup"))) \
             with labels offset 0, 1.1 font ",13" notitle
    unset label 1

    # Bottom: hand-overs per second.
    set tmargin at screen 0.59
    set bmargin at screen 0.19
    set ylabel "hand-overs per second" . count_what
    set logscale y 10
    ybot = max(1, 10 ** floor(log10(R_min > 0 ? R_min / 2 : 1)))
    set yrange [ybot:10 ** ceil(log10(max(R_max, 1000.0 / I_min) * 1.5))]
    set ytics auto
    set format y "%.0s%c"
    set format x "%g"
    set xlabel "switch interval (ms, log scale)" offset 0, 0.3
    set key at screen 0.745, screen 0.59 left top
    plot 1000.0 / x with lines lc rgb "#666666" lw 2 dt (5,5) title "1 / interval", \
         runs using (ivl_ms(0)):(sel(0) && rate(0) > 0 ? rate(0) : NaN) smooth unique with lines ls mode_ls("gil") title "gil: mean", \
         runs using (ivl_ms(0)):(sel(0) && rate(0) > 0 ? rate(0) : NaN) with points pt 2 ps 1.6 lw 2 lc rgb mode_color("gil") title "gil: one run", \
         runs using (ivl_ms(0)):(sel(0) && column(count_col) == 0 ? ybot : NaN) \
             with points pt 8 ps 1.8 lw 2 lc rgb mode_color("gil") title "a run with none"
    unset logscale y
    unset object 1
    unset arrow 1
    unset multiplot
    set output
}
