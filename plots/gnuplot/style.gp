# style.gp - the one place that says how gilbench charts look.
#
# Every chart script loads this file.  It defines:
#   - a colour, point type and dash type per mode (mode_ls(name) gives the
#     line style number), so a mode looks the same in every chart, on a
#     projector (colour) and in print (dash + point shape);
#   - the terminal settings for slide size, 1280x720;
#   - helpers: out_term(t) switches to PNG or SVG output, FOOTER is the
#     look of the machine line at the bottom.
#
# Colours: the Okabe-Ito palette (plots/modes.py), distinguishable with
# the common forms of colour blindness.

set encoding utf8
# Kernel names, CPU models and paths contain '_' and '^': print them as
# they are, never as sub/superscripts.
set termoption noenhanced

FONT      = "DejaVu Sans"
FONTSIZE  = 17
WIDTH     = 1280
HEIGHT    = 720

# A line type per mode, in the mode order, and mode_ls(name) and
# mode_color(name) to pick one; MODE_ORDER, the order modes appear in,
# and PARALLEL_MODES, the same without seq.
# They come from plots/modes.py, the one place that says how each mode
# looks (and in which order the C mode table lists them).  ARG0 is the
# chart script, which lives beside this file and modes.py.
_style_dir(p, i) = i < 1 ? "." : (p[i:i] eq "/" ? p[1:i-1] : _style_dir(p, i - 1))
load "< python3 '" . _style_dir(ARG0, strlen(ARG0)) . "/../modes.py' gnuplot"

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
