# images.gp - the tutorials' photo batch (gilbench images): speedup over
# seq of each configuration on the same pictures, one bar each, coloured
# by mode; gil appears twice, with the C work holding the GIL (a
# pure-Python pixel loop: hatched) and releasing it (Pillow: solid).
# Whiskers: the fastest and slowest repetitions, as speedups.
#
#   gnuplot -e 'data="RUN/images/images.csv"; out="RUN/plots/images"; \
#               machine="AMD EPYC, 2 cores, 2026-11-23"' plots/gnuplot/images.gp
#
# Writes OUT.png and OUT.svg.  Reads images.csv (gilbench images -o DIR,
# one row per configuration) columns by name:
# mode, gil_release, workers, median_s, min_s, max_s, speedup, input_mpixels.

_dir(p, i) = i < 1 ? "." : (p[i:i] eq "/" ? p[1:i-1] : _dir(p, i - 1))
load _dir(ARG0, strlen(ARG0)) . "/style.gp"

if (!exists("data") || !exists("out")) {
    print "images.gp: set data and out with -e (see the comment at the top)"
    exit status 2
}
if (!exists("machine")) { machine = "" }

stats data using (column("median_s")) nooutput name "ROWS"
n = ROWS_records
stats data using (strcol("mode") eq "seq" ? column("median_s") : NaN) nooutput name "SEQ"
stats data using (strcol("mode") eq "seq" ? NaN : column("workers")) nooutput name "W"
stats data using (column("input_mpixels")) nooutput name "MP"
seq_s = SEQ_mean
workers = W_max
stats data using (seq_s / column("min_s")) nooutput name "TOP"
ymax = max(TOP_max, workers) * 1.2

label(m, g) = m . (g eq "held" ? "\nGIL held" : g eq "released" ? "\nGIL released" : "")

do for [t in "png svg"] {
    eval out_term(t)
    set output out . "." . t
    set title sprintf("Photo batch: decode + resize + filter + encode, %.0f MP in all\nspeedup over seq on %d workers", \
                      MP_mean, workers) font ",20"
    set label 99 machine at screen 0.5, screen 0.025 center @FOOTER
    set rmargin 4
    set bmargin 7
    set xrange [-0.6:n - 0.4]
    set yrange [0:ymax]
    set ylabel "speedup over seq (median; whiskers: best and worst run)"
    set xtics scale 0 font ",15"
    set arrow 1 from -0.6, 1 to n - 0.4, 1 nohead @IDEAL_STYLE
    set arrow 2 from -0.6, workers to n - 0.4, workers nohead lc rgb CORES_COLOR lw 2 dt (2,4)
    set label 2 sprintf("%d workers: the most there is", workers) at n - 0.45, workers right offset 0, 0.7 \
        tc rgb CORES_COLOR font ",13"
    unset key
    set boxwidth 0.7
    plot data using 0:(column("speedup")):(mode_ls(strcol("mode"))):xtic(label(strcol("mode"), strcol("gil_release"))) \
             with boxes fill solid 0.85 border rgb "#333333" lc variable, \
         data using 0:(strcol("gil_release") eq "held" ? column("speedup") : NaN) \
             with boxes fill pattern 4 transparent border rgb "#333333" lc rgb "#FFFFFF", \
         data using 0:(column("speedup")):(seq_s / column("max_s")):(seq_s / column("min_s")) \
             with yerrorbars lc rgb "#333333" lw 1.5 pt 0, \
         data using 0:(seq_s / column("min_s")):(sprintf("%.2fx", column("speedup"))) \
             with labels offset 0, 0.9 font ",14"
    set output
}
