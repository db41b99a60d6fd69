# granularity.gp - speedup over seq against the duration of one task
# (gilbench granularity): a line per mode, log x.  Below the line y = 1
# the parallel run is slower than a plain loop; each mode's break-even
# point (from breakeven.csv: the smallest task duration from which its
# speedup stays >= 1) is marked with a dashed drop line and stated in the
# key ("fork: pays off from 30 µs").
#
#   gnuplot -e 'data="RUN/granularity.csv"; out="RUN/plots/granularity"; \
#               machine="AMD EPYC, 2 cores (1.97 measured), 2026-11-23"' plots/gnuplot/granularity.gp
#
# Optional: breakeven="RUN/breakeven.csv" (default: next to data; no marks
# when it is absent), modes="threads fork" (default: every parallel mode in
# the data).  Writes OUT.png and OUT.svg.  Reads columns by name:
# granularity.csv mode, task_us, tasks, workers, speedup; breakeven.csv
# mode, breakeven_task_us (empty: never).

_dir(p, i) = i < 1 ? "." : (p[i:i] eq "/" ? p[1:i-1] : _dir(p, i - 1))
load _dir(ARG0, strlen(ARG0)) . "/style.gp"
# Rows of different modes interleave (every mode at 1 us, then at 3 us...):
# a NaN for another mode's row must be skipped, not break the line.
set datafile missing NaN

if (!exists("data") || !exists("out")) {
    print "granularity.gp: set data and out with -e (see the comment at the top)"
    exit status 2
}
if (!exists("machine")) { machine = "" }
if (!exists("breakeven")) { breakeven = _dir(data, strlen(data)) . "/breakeven.csv" }
if (!exists("modes")) { modes = PARALLEL_MODES }

# The modes present, collected in one pass by an assignment inside `using`
# (a stats per mode would warn about every absent one).
present = ""
stats data using (present = present . (index_of(present, strcol("mode")) ? "" : " " . strcol("mode")), 0) nooutput
shown = ""
do for [m in modes] { if (index_of(present, m)) { shown = shown . " " . m } }
if (words(shown) == 0) {
    print "granularity.gp: no rows of the modes '" . modes . "' in " . data
    exit status 1
}
# Break-even points, "-" for never.
be_modes = ""
be_vals = ""
if (system(sprintf("test -f '%s' && echo yes", breakeven)) eq "yes") {
    # column() of an empty field is NaN (strcol() of an empty last field
    # returns a stale value in gnuplot 5.4, so it is not used here).
    stats breakeven using (v = column("breakeven_task_us"), be_modes = be_modes . " " . strcol("mode"), \
        be_vals = be_vals . " " . (v == v ? sprintf("%g", v) : "-"), 0) nooutput
}
be_of(m) = index_of(be_modes, m) ? word(be_vals, index_of(be_modes, m)) : ""

par(dummy) = strcol("mode") ne "seq"
stats data using (par(0) ? column("task_us") : NaN) nooutput name "X"
stats data using (par(0) ? column("speedup") : NaN) nooutput name "S"
stats data using (column("tasks")) nooutput name "TASKS"
stats data using (par(0) ? column("workers") : NaN) nooutput name "W"

# Microseconds as people say them.
dur(us) = us >= 1e6 ? sprintf("%g s", us / 1e6) : us >= 1000 ? sprintf("%g ms", us / 1000) : sprintf("%g µs", us)
sel(m) = strcol("mode") eq m

set title sprintf("Where parallelism pays: speedup vs the work in one task (%d tasks, %d workers)", \
                  TASKS_max, W_max) font ",20"
set xlabel "work in one task (log scale)"
set ylabel "speedup over seq (median wall time)"
set label 99 machine at screen 0.5, screen 0.025 center @FOOTER
set logscale x 10
set xrange [X_min / 1.5 : X_max * 1.5]
set xtics ()
do for [e = int(floor(log10(X_min) + 0.5)):int(ceil(log10(X_max)))] { set xtics add (dur(10 ** e) 10 ** e) }
set mxtics 10
ymax = 1.4 * max(S_max, W_max)  # the key sits above the lines
set yrange [0:ymax]
set format y "%gx"
set key inside top left maxrows 3 width 1 font ",15"
set rmargin 4
set label 2 "below 1: slower than seq" at graph 0.99, first 0.88 right font ",14" tc rgb "#777777"

# Each break-even point: a dashed drop line in the mode's colour, stated in
# the mode's entry of the key (labels in the plot area hid the drop lines).
i = 0
do for [m in shown] {
    i = i + 1
    if (be_of(m) ne "-" && be_of(m) ne "") {
        x = real(be_of(m))
        set arrow i from x, graph 0 to x, first 1 nohead lc rgb mode_color(m) lw 2.5 dt (6,4) front
    }
}
key_title(m) = be_of(m) eq "-" ? sprintf("%s: no break-even up to %s", m, dur(X_max)) : \
               be_of(m) ne "" ? sprintf("%s: pays off from %s", m, dur(real(be_of(m)))) : m

do for [t in "png svg"] {
    eval out_term(t)
    set output out . "." . t
    plot 1 title "speedup 1 (break-even)" @IDEAL_STYLE, \
         W_max title sprintf("ideal (%d workers)", W_max) lc rgb "#AAAAAA" lw 2 dt (2,4), \
         for [m in shown] data using (column("task_us")):(sel(m) ? column("speedup") : NaN) \
             with linespoints ls mode_ls(m) title key_title(m)
    set output
}
