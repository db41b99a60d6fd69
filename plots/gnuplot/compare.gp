# compare.gp - several runs' speedup curves on one chart (gilbench compare):
# a class's laptops side by side, or a run before and after a change.
# Colour says the mode (style.gp), the dash and point shape say the run;
# whiskers are each speedup's interval (summary.csv speedup_lo..speedup_hi).
#
#   gilbench compare RUN_A RUN_B -o DIR
#   gnuplot -e 'dir="DIR"; out="DIR/plots/compare"' plots/gnuplot/compare.gp
#   plots/draw.sh compare RUN   (render.sh: data="...compare_speedup.csv";
#                                runs="...compare_runs.csv", from RUN or RUN/trust/pin)
#
# Optional: kernel="primes" (default: the first kernel in the data),
# machine="..." (default: each run's host and measured cores, from
# DIR/compare_runs.csv).  Writes OUT.png and OUT.svg.  Reads by name:
# DIR/compare_speedup.csv label, kernel, mode, workers, speedup,
# speedup_lo, speedup_hi; DIR/compare_runs.csv label, host, cpu_model,
# measured_cores.

_dir(p, i) = i < 1 ? "." : (p[i:i] eq "/" ? p[1:i-1] : _dir(p, i - 1))
load _dir(ARG0, strlen(ARG0)) . "/style.gp"
# Configurations of different runs interleave: a NaN is a gap to skip.
set datafile missing NaN

if ((!exists("dir") && (!exists("data") || !exists("runs"))) || !exists("out")) {
    print "compare.gp: set dir (or data and runs) and out with -e (see the comment at the top)"
    exit status 2
}
if (!exists("data")) { data = dir . "/compare_speedup.csv" }
if (!exists("runs")) { runs = dir . "/compare_runs.csv" }

# Labels, modes and the first kernel, collected in one pass each.
labels = ""
modes = ""
first_kernel = ""
stats data using (labels = labels . (index_of(labels, strcol("label")) ? "" : " " . strcol("label")), \
                  modes = modes . (index_of(modes, strcol("mode")) ? "" : " " . strcol("mode")), \
                  first_kernel = first_kernel eq "" ? strcol("kernel") : first_kernel, 0) nooutput
if (!exists("kernel")) { kernel = first_kernel }
if (words(labels) == 0) {
    print "compare.gp: no speedups in " . data . " (the runs need seq and summary.csv)"
    exit status 1
}
sel(l, m) = strcol("label") eq l && strcol("mode") eq m && strcol("kernel") eq kernel
stats data using (strcol("kernel") eq kernel ? column("workers") : NaN) nooutput name "W"
stats data using (strcol("kernel") eq kernel ? column("speedup_hi") : NaN) nooutput name "S"

# The footer: which machine each run is from (render.py's one machine
# line, of the directory holding the comparison, is not what is compared).
if (!exists("machine") || exists("runs")) {
    machine = ""
    stats runs using (machine = machine . (machine eq "" ? "" : "  ·  ") . \
        sprintf("%s: %s, %s, %s cores measured", strcol("label"), strcol("host"), strcol("cpu_model"), \
                strcol("measured_cores")), 0) nooutput
}
run_pt(i) = word("7 4 9 6 13 8", (i - 1) % 6 + 1) + 0

do for [t in "png svg"] {
    eval out_term(t)
    set output out . "." . t
    set title sprintf("%s: speedup vs workers, run by run", kernel) font ",22"
    set label 99 machine at screen 0.5, screen 0.025 center @FOOTER
    set xlabel "workers"
    set ylabel "speedup vs seq of the same run"
    set xrange [0.5:W_max + 0.5]
    set yrange [0:max(S_max, W_max) * 1.1]
    set xtics 1
    plot x @IDEAL_STYLE title "ideal", \
         for [i = 1:words(labels)] for [m in modes] data \
             using (column("workers")):(sel(word(labels, i), m) ? column("speedup") : NaN) \
             smooth unique with linespoints lc rgb mode_color(m) lw 3 dt i pt run_pt(i) ps 1.8 \
             title word(labels, i) . " " . m, \
         for [i = 1:words(labels)] for [m in modes] data \
             using (column("workers")):(sel(word(labels, i), m) ? column("speedup") : NaN): \
                   (column("speedup_lo")):(column("speedup_hi")) \
             with yerrorbars lc rgb mode_color(m) lw 1.5 dt solid pt -1 notitle
    unset label 99
    set output
}
