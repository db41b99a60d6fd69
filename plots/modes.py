#!/usr/bin/env python3
"""modes.py - the one place that says in which order the modes appear and
how each one looks, in every chart, table and sentence.

The order is the C mode table's (harness/modes/modes.c, printed by
`gilbench list modes`); tests/cli/modes/order.bats checks the two agree.
Modes other helpers add later (a new file in harness/modes/) get a line
here; a mode missing here still works: it sorts last and is drawn grey.

Colours: the Okabe-Ito palette, distinguishable with the common forms of
colour blindness; point shape and dash pattern tell the modes apart in
print too.

    python3 plots/modes.py names     the mode order, one line
    python3 plots/modes.py gnuplot   gnuplot commands: a line type per mode,
                                     mode_ls(m), mode_color(m), MODE_ORDER,
                                     PARALLEL_MODES (all but seq)
    python3 plots/modes.py of CSV    the modes of CSV's mode column, in order
                                     (plots/gnuplot/style.gp loads them)
"""
import csv
import sys
from dataclasses import dataclass


@dataclass(frozen=True)
class Mode:
    name: str
    colour: str  # "#RRGGBB"
    point: int  # gnuplot point type
    point_size: float
    dash: str  # gnuplot dash type: "solid" or "(on,off,...)"
    looks: str  # the same in words, for the legend of this table


MODES = (
    Mode("seq", "#000000", 7, 1.8, "solid", "black, filled circle, solid"),
    Mode("gil", "#D55E00", 5, 1.8, "(12,6)", "vermillion, filled square, dashed"),
    Mode("gil-legacy", "#CC79A7", 4, 1.8, "(12,4,3,4,3,4)", "purple, open square, dash-dot-dot"),
    Mode("threads", "#0072B2", 9, 2.0, "solid", "blue, filled triangle, solid"),
    Mode("fork", "#009E73", 13, 2.0, "(14,5,3,5)", "green, filled diamond, dash-dot"),
    Mode("pool", "#E69F00", 11, 2.0, "(4,4)", "orange, filled inverted triangle, dotted"),
    Mode("spawn", "#56B4E9", 6, 1.8, "(20,8)", "sky blue, open circle, long dash"),
    Mode("openmp-static", "#0072B2", 8, 2.0, "(6,6)", "blue, open triangle, short dash"),
    Mode("openmp-dynamic", "#0072B2", 10, 2.0, "(2,4)", "blue, open inverted triangle, dotted"),
    # Okabe-Ito's yellow (#F0E442), darkened to read on white.
    Mode("eventloop", "#A89400", 15, 2.0, "(10,4,2,4)", "dark yellow, filled pentagon, dash-dot"),
)
# Anything else: grey, a plus, solid.
OTHER = Mode("other", "#777777", 1, 1.8, "solid", "grey, plus, solid")

MODE_ORDER = tuple(m.name for m in MODES)


def order_key(mode: str) -> tuple:
    """Sort key: the table's modes in its order, any other after them."""
    return (MODE_ORDER.index(mode), "") if mode in MODE_ORDER else (len(MODE_ORDER), mode)


def in_order(modes) -> list:
    """The distinct modes of `modes`, table modes first in table order, then
    the others in the order they were first seen."""
    seen = list(dict.fromkeys(modes))
    known = [m for m in MODE_ORDER if m in seen]
    return known + [m for m in seen if m not in MODE_ORDER]


def gnuplot_style() -> str:
    """Line types 1..N for the modes, N+1 (thinner grey) for plain lines a
    chart draws without a style of its own, N+2 for any other mode;
    mode_ls(name) and mode_color(name) to pick them."""
    lines = [f'set linetype {i} lc rgb "{m.colour}" lw 3 pt {m.point} ps {m.point_size} dt {m.dash}'
             for i, m in enumerate(MODES, start=1)]
    plain, other = len(MODES) + 1, len(MODES) + 2
    lines.append(f'set linetype {plain} lc rgb "{OTHER.colour}" lw 2 pt 1 ps 1.8 dt solid')
    lines.append(f'set linetype {other} lc rgb "{OTHER.colour}" lw 3 pt {OTHER.point} ps {OTHER.point_size} '
                 f'dt {OTHER.dash}')
    lines.append(f"set linetype cycle {other}")
    cases = " : ".join(f'm eq "{m.name}" ? {i}' for i, m in enumerate(MODES, start=1))
    lines.append(f"mode_ls(m) = {cases} : {other}")
    colours = " ".join(m.colour for m in MODES) + f" {OTHER.colour} {OTHER.colour}"
    lines.append(f'mode_color(m) = word("{colours}", mode_ls(m))')
    lines.append(f'MODE_ORDER = "{" ".join(MODE_ORDER)}"')
    lines.append(f'PARALLEL_MODES = "{" ".join(m for m in MODE_ORDER if m != "seq")}"')
    return "\n".join(lines) + "\n"


def main(argv: list) -> int:
    if argv == ["names"]:
        print(" ".join(MODE_ORDER))
        return 0
    if len(argv) == 2 and argv[0] == "of":
        with open(argv[1], newline="", encoding="utf-8") as f:
            print(" ".join(in_order(row["mode"] for row in csv.DictReader(f))))
        return 0
    if argv == ["gnuplot"]:
        sys.stdout.write(gnuplot_style())
        return 0
    print("usage: plots/modes.py names|gnuplot|of CSV", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
