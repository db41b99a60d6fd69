# dealing.gp - uneven work dealt out in different ways (lesson 09): for each
# way of handing the tasks to the workers, a bar of the speedup over seq,
# labelled with its value and the cpu_util (cores kept busy); a dashed line
# at the worker count marks the ideal.
#
#   gnuplot -e 'data="RUN/dealing.csv"; out="RUN/plots/dealing"; \
#               machine="AMD EPYC, 2 cores, 2026-12-01"' plots/gnuplot/dealing.gp
#
# Writes OUT.png and OUT.svg.  Reads dealing.csv columns by name: label (the
# x-axis text), mode (the bar's colour: pool, fork...), workers, speedup,
# cpu_util; one row per way of dealing, in the order drawn.

_dir(p, i) = i < 1 ? "." : (p[i:i] eq "/" ? p[1:i-1] : _dir(p, i - 1))
load _dir(ARG0, strlen(ARG0)) . "/style.gp"

if (!exists("data") || !exists("out")) {
    print "dealing.gp: set data and out with -e (see the comment at the top)"
    exit status 2
}
if (!exists("machine")) { machine = "" }

stats data using (column("speedup")) nooutput name "S"
stats data using (column("workers")) nooutput name "W"
n = S_records
# The modes present, in order of appearance (each bar takes its mode's colour).
modes = ""
stats data using (modes = modes . (index_of(modes, strcol("mode")) ? "" : " " . strcol("mode")), 0) nooutput
ymax = 1.25 * max(S_max, W_max)

set title sprintf("Uneven work on %d workers: speedup by how the tasks are dealt", W_max) font ",22"
set ylabel "speedup over seq"
set label 99 machine at screen 0.5, screen 0.025 center @FOOTER
set yrange [0:ymax]
set format y "%gx"
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
    plot data using 0:(0):xtic(strcol("label")) with points pt -1 notitle, \
         for [m in modes] data using 0:(strcol("mode") eq m ? column("speedup") : NaN) \
             with boxes lc rgb mode_color(m) notitle, \
         data using 0:(column("speedup")):(sprintf("%.2fx\n%.2f cores busy", column("speedup"), column("cpu_util"))) \
             with labels offset 0, 1.6 font ",15" notitle, \
         W_max with lines @IDEAL_STYLE notitle
    set output
}
