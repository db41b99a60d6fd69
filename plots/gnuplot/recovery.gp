# recovery.gp - what surviving a fault costs a pool (lesson 10): the wall
# time of the same pool run with no fault, with a task that crashes its
# worker once, and with a task that hangs once (killed at --task-timeout),
# each bar labelled with the worker replacements and task retries the run
# counted.
#
#   gnuplot -e 'data="RUN/recovery.csv"; out="RUN/plots/recovery"; \
#               machine="AMD EPYC, 2 cores, 2026-12-01"' plots/gnuplot/recovery.gp
#
# Writes OUT.png and OUT.svg.  Reads recovery.csv columns by name (written
# by lessons/10-when-a-worker-crashes/run.sh from each run's runs.csv):
# label (the x-axis text), wall_s, worker_replacements, task_retries.

_dir(p, i) = i < 1 ? "." : (p[i:i] eq "/" ? p[1:i-1] : _dir(p, i - 1))
load _dir(ARG0, strlen(ARG0)) . "/style.gp"

if (!exists("data") || !exists("out")) {
    print "recovery.gp: set data and out with -e (see the comment at the top)"
    exit status 2
}
if (!exists("machine")) { machine = "" }

stats data using (column("wall_s") * 1000) nooutput name "T"
n = T_records

set title "What surviving a fault costs the pool: wall time of one run" font ",22"
set ylabel "wall time (ms)"
set label 99 machine at screen 0.5, screen 0.025 center @FOOTER
set yrange [0:1.3 * T_max]
set xrange [-0.6:n - 0.4]
set xtics scale 0 font ",15"
set bmargin 6.5
set rmargin 4
set boxwidth 0.6
set style fill solid 1.0 noborder
unset key

do for [t in "png svg"] {
    eval out_term(t)
    set output out . "." . t
    plot data using 0:(column("wall_s") * 1000):xtic(strcol("label")) with boxes lc rgb mode_color("pool") notitle, \
         data using 0:(column("wall_s") * 1000):(sprintf("%.0f ms\n%d replaced, %d retried", \
             column("wall_s") * 1000, column("worker_replacements"), column("task_retries"))) \
             with labels offset 0, 1.6 font ",15" notitle
    set output
}
