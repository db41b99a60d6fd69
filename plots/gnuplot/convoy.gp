# convoy.gp - the convoy effect: how long one short blocking operation of
# an I/O-bound thread takes alone, and beside a CPU-bound thread under the
# new GIL (at each switch interval) and under the legacy GIL.  A bar per
# scenario: the median time per operation, a whisker up to the 90th
# percentile, a cross at the slowest; log scale.  Under the new GIL the I/O
# thread, back from its blocking call, waits for the CPU thread to be asked
# to drop the lock: about one switch interval per operation (the dashes).
# Each bar is labelled with its median and the operations per second.
#
#   gnuplot -e 'data="RUN/convoy.csv"; out="RUN/plots/convoy"; \
#               machine="AMD EPYC, 2 cores (1.97 measured), 2026-11-23"' plots/gnuplot/convoy.gp
#
# Writes OUT.png and OUT.svg.  Reads convoy.csv (gilbench convoy) columns
# by name: scenario, mode, switch_interval_s, op_us, ops_per_s,
# median_op_us, p90_op_us, max_op_us, median_extra_intervals.

_dir(p, i) = i < 1 ? "." : (p[i:i] eq "/" ? p[1:i-1] : _dir(p, i - 1))
load _dir(ARG0, strlen(ARG0)) . "/style.gp"

if (!exists("data") || !exists("out")) {
    print "convoy.gp: set data and out with -e (see the comment at the top)"
    exit status 2
}
if (!exists("machine")) { machine = "" }

ms(us) = us / 1000.0
alone(dummy) = strcol("scenario") eq "alone"
# Interval of a gil row in ms; NaN for gil-legacy (it has none).
ivl(dummy) = strcol("mode") eq "gil" && !alone(0) ? 1000.0 * column("switch_interval_s") : NaN
# "alone\n(gil)", "beside CPU\ngil, 5 ms", "beside CPU\ngil-legacy"
xlab(dummy) = alone(0) ? "alone" : \
    (strcol("scenario") eq "beside-cpu" ? "beside CPU\n" : strcol("scenario") . "\n") . \
    (strcol("mode") eq "gil" ? sprintf("gil, %g ms", ivl(0)) : strcol("mode"))
fmt_ms(v) = v >= 10 ? sprintf("%.0f ms", v) : (v >= 1 ? sprintf("%.1f ms", v) : sprintf("%.2f ms", v))

stats data using (ms(column("max_op_us"))) nooutput name "MX"
stats data using (ms(column("median_op_us"))) nooutput name "MD"
stats data using (ms(column("op_us"))) nooutput name "OP"
ymin = 10 ** floor(log10(min(MD_min, OP_min) * 0.6))
ymax = 10 ** ceil(log10(MX_max * 3))

ALONE_C = "#777777"
# Above each gil bar: what an operation paid beyond the alone one, in switch
# intervals (median_extra_intervals; about 1 is the convoy effect).
extra(dummy) = ivl(0) == ivl(0) && strcol("median_extra_intervals") ne "" ? \
    sprintf("alone + %.2f\nintervals", column("median_extra_intervals")) : ""
LABEL_Y = ymin * 1.12

set title "Convoy effect: one blocking I/O operation beside a CPU-bound thread" font ",22"
set ylabel "time per I/O operation (ms, log scale)"
set xlabel ""
set label 99 machine at screen 0.5, screen 0.025 center @FOOTER
set logscale y 10
set yrange [ymin:ymax]
set format y "%g"
set xrange [-0.6:MD_records - 0.4]
set xtics scale 0 nomirror font ",15"
set mytics 10
set style line 101 lc rgb "#EEEEEE" lw 1
set grid ytics mytics ls 100, ls 101
set boxwidth 0.62
set style fill solid 1.0 noborder
set bmargin 6.5
set key font ",14" width -1

is_mode(m) = !alone(0) && strcol("mode") eq m
do for [t in "png svg"] {
    eval out_term(t)
    set output out . "." . t
    plot data using (column(0)):(alone(0) ? ms(column("median_op_us")) : NaN):xtic(xlab(0)) \
             with boxes lc rgb ALONE_C title "I/O thread alone", \
         for [m in "gil gil-legacy"] "" using (column(0)):(is_mode(m) ? ms(column("median_op_us")) : NaN) \
             with boxes ls mode_ls(m) title sprintf("beside CPU: %s", m), \
         "" using (column(0)):(ms(column("median_op_us"))):(0):(ms(column("p90_op_us")) - ms(column("median_op_us"))) \
             with vectors head size screen 0.012,90 lc rgb "#222222" lw 2 title "whisker: to p90", \
         "" using (column(0)):(ms(column("max_op_us"))) with points pt 2 ps 1.6 lw 2 lc rgb "#222222" title "slowest", \
         "" using (column(0) - 0.36):(ivl(0)):(0.72):(0) with vectors nohead lc rgb "#000000" lw 3 dt (6,4) \
             title "1 switch interval", \
         OP_max with lines lc rgb "#666666" lw 2 dt (2,3) title sprintf("the call: %g µs", 1000 * OP_max), \
         "" using (column(0)):(LABEL_Y):(sprintf("%s\n%.0f/s", fmt_ms(ms(column("median_op_us"))), column("ops_per_s"))) \
             with labels center offset 0, 1.3 font ",14" tc rgb "#FFFFFF" notitle, \
         "" using (column(0)):(max(ms(column("max_op_us")), ms(column("p90_op_us")))):(extra(0)) \
             with labels center offset 0, 1.9 font ",14" tc rgb "#222222" notitle
    set output
}
