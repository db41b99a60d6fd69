# choose.gp - the tutorials' "when to use what" table, measured (lesson 21):
# for each workload, the speedup of the fastest way measured and of the
# runner-up over that line's baseline, side by side, on a log scale (the
# values run from below 1x to several x), each bar labelled with its way
# and value.  A dashed line at 1x is the baseline.
#
#   gnuplot -e 'data="RUN/choose.csv"; out="RUN/plots/choose"; \
#               machine="AMD EPYC, 2 cores, 2026-12-01"' plots/gnuplot/choose.gp
#
# Writes OUT.png and OUT.svg.  Reads choose.csv columns by name (written by
# lessons/21-choosing-the-tool/choose.py): row (the x-axis text), best,
# best_speedup, runner_up, runner_up_speedup; one row per workload.

_dir(p, i) = i < 1 ? "." : (p[i:i] eq "/" ? p[1:i-1] : _dir(p, i - 1))
load _dir(ARG0, strlen(ARG0)) . "/style.gp"

if (!exists("data") || !exists("out")) {
    print "choose.gp: set data and out with -e (see the comment at the top)"
    exit status 2
}
if (!exists("machine")) { machine = "" }

stats data using (column("best_speedup")) nooutput name "B"
stats data using (column("runner_up_speedup")) nooutput name "R"
n = B_records
ymin = 0.5 * (R_min < 1 ? R_min : 1)
ymax = 6 * B_max

set title "Which way wins, per kind of work: best and runner-up, measured" font ",22"
set ylabel "speedup over the line's baseline (log scale)"
set label 99 machine at screen 0.5, screen 0.025 center @FOOTER
set logscale y
set yrange [ymin:ymax]
set format y "%gx"
set xrange [-0.6:n - 0.4]
set xtics scale 0 font ",15"
set bmargin 6.5
set rmargin 4
set boxwidth 0.36
set style fill solid 1.0 noborder
set key at screen 0.5, screen 0.11 center horizontal font ",15"

# A way's name breaks before its parenthesis ("shared memory\n(fork)"), and
# the runner-up's label sits a line higher than the best's, so neighbours'
# labels never run into each other.
wrap(s) = (strstrt(s, " (") > 0) ? s[1:strstrt(s, " (") - 1] . "\n" . s[strstrt(s, " (") + 1:] : s

do for [t in "png svg"] {
    eval out_term(t)
    set output out . "." . t
    plot data using ($0 - 0.19):(column("best_speedup")):xtic(strcol("row")) \
             with boxes lc rgb "#0072B2" title "best", \
         data using ($0 + 0.19):(column("runner_up_speedup")) with boxes lc rgb "#BBBBBB" title "runner-up", \
         data using ($0 - 0.19):(column("best_speedup")):(sprintf("%s\n%.2fx", wrap(strcol("best")), column("best_speedup"))) \
             with labels offset 0, 2.2 font ",12" notitle, \
         data using ($0 + 0.19):(column("runner_up_speedup")):(sprintf("%s\n%.2fx", wrap(strcol("runner_up")), column("runner_up_speedup"))) \
             with labels offset 0, 5.0 font ",12" notitle, \
         1 with lines @IDEAL_STYLE notitle
    set output
}
