# calibration.gp - the simulated GIL next to the real one: for each kernel
# and worker count, CPython's speedup (hatched) beside gilbench's (solid),
# threads beside gil and a multiprocessing pool beside gilbench's pool, each over its
# own sequential loop, each bar labelled with its value.  The dashed line
# at 1 is that loop; a short grey line over each group marks the ideal:
# min(workers, cores) for CPU-bound work, which cannot run faster than the
# cores allow, and the worker count for sleep, whose workers wait rather
# than compute (cores="N" with -e; without it, the worker count).
#
#   gnuplot -e 'data="RUN/calibration.csv"; out="RUN/plots/calibration"; \
#               machine="AMD EPYC, 2 cores (1.97 measured), 2026-11-23"' plots/gnuplot/calibration.gp
#
# Writes OUT.png and OUT.svg.  Reads calibration.csv (make calibrate)
# columns by name: kernel, workers, cpython_mode, cpython_speedup,
# gilbench_mode, gilbench_speedup.  Colours follow gilbench's mode (gil,
# pool, ...), so a CPython bar has the colour of the mode it is set against.

_dir(p, i) = i < 1 ? "." : (p[i:i] eq "/" ? p[1:i-1] : _dir(p, i - 1))
load _dir(ARG0, strlen(ARG0)) . "/style.gp"

if (!exists("data") || !exists("out")) {
    print "calibration.gp: set data and out with -e (see the comment at the top)"
    exit status 2
}
if (!exists("machine")) { machine = "" }
if (!exists("cores")) { cores = 0 }
# Optional: cpython="Python 3.11.7" (named in the title).

# Groups (kernel/workers) and pairs (gilbench modes), in order of appearance.
groups = ""
pairs = ""
gkey(dummy) = strcol("kernel") . "/" . strcol("workers")
add_group(k) = index_of(groups, k) > 0 ? 0 : (groups = groups . " " . k, 0)
# cpairs: CPython's mode set against each of pairs ("threads" for "gil").
add_pair(m, c) = index_of(pairs, m) > 0 ? 0 : (pairs = pairs . " " . m, cpairs = cpairs . " " . c, 0)
cpairs = ""
stats data using (add_group(gkey(0)) + add_pair(strcol("gilbench_mode"), strcol("cpython_mode"))) nooutput
stats data using (column("cpython_speedup")) nooutput name "C"
stats data using (column("gilbench_speedup")) nooutput name "G"
stats data using (column("workers")) nooutput name "W"
ng = words(groups)
np = words(pairs)

# Bar slots: per group, per pair, CPython then gilbench.
BW = 0.8 / (2 * np)
gx(dummy) = index_of(groups, gkey(0))
slot(dummy, side) = gx(0) - 0.4 + BW * (2 * (index_of(pairs, strcol("gilbench_mode")) - 1) + side + 0.5)
is_pair(m) = strcol("gilbench_mode") eq m
ideal(dummy) = (strcol("kernel") eq "sleep" || cores <= 0) ? column("workers") : min(column("workers"), cores)
ymax = 1.2 * max(max(C_max, G_max), W_max)

# "Python 3.11.7" -> "CPython 3.11.7"
cpy = !exists("cpython") ? "CPython" : (strstrt(cpython, "Python ") == 1 ? "C" . cpython : cpython)
set title sprintf("Calibration: %s vs gilbench's simulated GIL", cpy) font ",22"
set ylabel "speedup over its own sequential loop"
set label 99 machine at screen 0.5, screen 0.025 center @FOOTER
set yrange [0:ymax]
set format y "%gx"
set xrange [0.5:ng + 0.5]
set xtics scale 0 font ",15"
set xtics ()
do for [i = 1:ng] {
    g = word(groups, i)
    set xtics add (sprintf("%s\n%s workers", g[1:strstrt(g, "/") - 1], g[strstrt(g, "/") + 1:]) i)
}
set boxwidth BW * 0.92
set bmargin 6.5
set rmargin 3
# Inside the plot, top left: the CPU-bound groups there stay near 2x at most.
set key at graph 0.01, graph 0.99 left top font ",14"

do for [t in "png svg"] {
    eval out_term(t)
    set output out . "." . t
    plot for [i = 1:np] data using (slot(0, 0)):(is_pair(word(pairs, i)) ? column("cpython_speedup") : NaN) \
             with boxes lc rgb mode_color(word(pairs, i)) lw 2 dt solid fs pattern 4 border \
             title sprintf("CPython %s", word(cpairs, i)), \
         for [i = 1:np] data using (slot(0, 1)):(is_pair(word(pairs, i)) ? column("gilbench_speedup") : NaN) \
             with boxes lc rgb mode_color(word(pairs, i)) fs solid 1.0 noborder title sprintf("gilbench %s", word(pairs, i)), \
         1 with lines lc rgb "#000000" lw 2 dt (5,5) title "1x: the loop itself", \
         data using (gx(0) - 0.42):(ideal(0)):(0.84):(0) with vectors nohead lc rgb "#888888" lw 2 dt (2,2) \
             title (cores > 0 ? "ideal: min(workers, cores); workers for sleep" : "ideal: workers"), \
         data using (slot(0, 0)):(column("cpython_speedup")):(sprintf("%.2f", column("cpython_speedup"))) \
             with labels rotate by 90 left offset 0, 0.4 font ",12" notitle, \
         data using (slot(0, 1)):(column("gilbench_speedup")):(sprintf("%.2f", column("gilbench_speedup"))) \
             with labels rotate by 90 left offset 0, 0.4 font ",12" notitle
    set output
}
