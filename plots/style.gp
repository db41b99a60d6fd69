# style.gp - the one place that says how gilbench charts look.
#
# Every chart script loads this file.  It defines:
#   - a colour, point type and dash type per mode (mode_ls(name) gives the
#     line style number), so a mode looks the same in every chart, on a
#     projector (colour) and in print (dash + point shape);
#   - the terminal settings for slide size, 1280x720;
#   - helpers: out_term(t) gives the command that switches to PNG or SVG
#     output, FOOTER the style of the machine line (label 99) at the bottom.
#
# Colours: the Okabe-Ito palette, distinguishable with the common forms
# of colour blindness.  Every mode in `gilbench list modes` has its own
# style; a mode added later gets grey (9) until it is given one here.

set encoding utf8
# Kernel names, CPU models and paths contain '_' and '^': print them as
# they are, never as sub/superscripts.
set termoption noenhanced

FONT      = "DejaVu Sans"
FONTSIZE  = 17
WIDTH     = 1280
HEIGHT    = 720

#        mode          colour                  point        dash
# 1      seq           black      #000000      7 (filled circle)     solid
# 2      gil           vermillion #D55E00      5 (filled square)     dashed
# 3      gil-legacy    purple     #CC79A7      4 (open square)       dash-dot-dot
# 4      threads       blue       #0072B2      9 (filled triangle)   solid
# 5      fork          green      #009E73      13 (filled diamond)   dash-dot
# 6      pool          orange     #E69F00      11 (filled inv. tri.) dotted-dash
# 7      spawn         sky blue   #56B4E9      6 (open circle)       long dash
# 9      any other     grey       #777777      1 (+)                 solid
set linetype 1 lc rgb "#000000" lw 3 pt 7  ps 1.8 dt solid
set linetype 2 lc rgb "#D55E00" lw 3 pt 5  ps 1.8 dt (12,6)
set linetype 3 lc rgb "#CC79A7" lw 3 pt 4  ps 1.8 dt (12,4,3,4,3,4)
set linetype 4 lc rgb "#0072B2" lw 3 pt 9  ps 2.0 dt solid
set linetype 5 lc rgb "#009E73" lw 3 pt 13 ps 2.0 dt (14,5,3,5)
set linetype 6 lc rgb "#E69F00" lw 3 pt 11 ps 2.0 dt (4,4)
set linetype 7 lc rgb "#56B4E9" lw 3 pt 6  ps 1.8 dt (20,8)
set linetype 8 lc rgb "#777777" lw 2 pt 1  ps 1.8 dt solid
set linetype 9 lc rgb "#777777" lw 3 pt 1  ps 1.8 dt solid
set linetype cycle 9

mode_ls(m) = m eq "seq" ? 1 : m eq "gil" ? 2 : m eq "gil-legacy" ? 3 : \
             m eq "threads" ? 4 : m eq "fork" ? 5 : m eq "pool" ? 6 : \
             m eq "spawn" ? 7 : 9
mode_color(m) = word("#000000 #D55E00 #CC79A7 #0072B2 #009E73 #E69F00 #56B4E9 #777777 #777777", mode_ls(m))

# Reference lines: the ideal (y = x, or efficiency 1) and the core count.
IDEAL_STYLE = "lc rgb '#666666' lw 2 dt (5,5)"
CORES_COLOR = "#7A5C00"
OVERSUB_FILL = "#F2E6C9"

# Words in a space-separated list: index_of(list, w) is 1-based, 0 if absent.
_index_of(l, w, i) = i > words(l) ? 0 : (word(l, i) eq w ? i : _index_of(l, w, i + 1))
index_of(l, w) = _index_of(l, w, 1)
max(a, b) = a > b ? a : b
min(a, b) = a < b ? a : b

# Common look.
set border 3 lw 1.5
set tics nomirror out scale 0.75
set style line 100 lc rgb "#D4D4D4" lw 1 dt solid
set grid ytics ls 100
set key Left reverse opaque box lc rgb "#BBBBBB" spacing 1.3 samplen 2.8 width 1
# Single-panel charts: the key right of the plot area, at its top.
set key at screen 0.745, graph 1 left top
set datafile separator ","
set datafile columnheaders

# Output: one pass per format, the same plot commands in each:
#   do for [t in "png svg"] { eval out_term(t); set output out.".".t; ...plot... }
out_term(t) = t eq "png" \
    ? sprintf("set terminal pngcairo size %d,%d font '%s,%d' noenhanced linewidth 1", WIDTH, HEIGHT, FONT, FONTSIZE) \
    : sprintf("set terminal svg size %d,%d font '%s,%d' noenhanced linewidth 1 background '#FFFFFF'", WIDTH, HEIGHT, FONT, FONTSIZE)

# The machine line under every chart (CPU model, cores, date: the variable
# `machine`, passed in by render.sh) is label 99, set by each script with
#   set label 99 machine at screen 0.5, screen 0.025 center @FOOTER
FOOTER = "font ',13' tc rgb '#444444' front"

# Margins: room for the footer below, and the same plot area in every
# single-panel chart (the key sits right of it), so slides line up.
set bmargin 5.5
set lmargin 11
set rmargin at screen 0.72
