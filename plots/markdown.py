"""markdown.py - how the report writes: paragraphs wrapped for a terminal
pager, tables padded so they read as tables there too, and numbers the way
people say them ("1.97x", "30 µs", "8.14 ms").  Markdown joins wrapped
lines again, so the report reads the same on GitHub."""

WIDTH = 100
INF = float("inf")


def para(text: str, width: int = WIDTH) -> str:
    """A paragraph wrapped at `width` columns, then a blank line."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines) + "\n\n"


def heading(text: str, level: int = 2) -> str:
    return f"{'#' * level} {text}\n\n"


def image(name: str, alt: str) -> str:
    return f"![{alt}](plots/{name}.png)\n\n"


def table(head: list, rows: list, align: str) -> str:
    """A Markdown table padded to the widest cell of each column (at least
    3); `align` has one letter per column, "l" or "r"."""
    cells = [[str(c) for c in head]] + [[str(c) for c in r] for r in rows]
    widths = [max(3, *(len(r[j]) for r in cells)) for j in range(len(head))]

    def line(r):
        return "| " + " | ".join(c.ljust(w) if a == "l" else c.rjust(w)
                                 for c, w, a in zip(r, widths, align)) + " |"
    rule = "| " + " | ".join("-" * w if a == "l" else "-" * (w - 1) + ":"
                             for w, a in zip(widths, align)) + " |"
    return "\n".join([line(cells[0]), rule] + [line(r) for r in cells[1:]]) + "\n\n"


def cell(text: str) -> str:
    """A table cell: a '|' inside must not end it."""
    return text.replace("|", "\\|")


# ---- words ---------------------------------------------------------------------

def plural(n, word: str) -> str:
    """"1 worker", "2 workers"."""
    count = f"{n:g}" if isinstance(n, float) else str(n)
    return f"{count} {word}" + ("" if n == 1 else "s")


def join_and(items: list) -> str:
    """"a", "a and b", "a, b and c"."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# ---- numbers -------------------------------------------------------------------

def fx(v) -> str:
    """A speedup: "1.97x"; "not measured" when there is none (None)."""
    return f"{v:.2f}x" if v is not None else "not measured"


def ratio_x(v: float) -> str:
    """A growth factor: "1.55x", "52.1x"."""
    return f"{v:.1f}x" if v >= 10 else f"{v:.2f}x"


def pct(v: float) -> str:
    return f"{100 * v:.0f}%"


def _scaled(v: float, steps) -> str:
    """v in the first (lowest, scale, format, unit) step it reaches."""
    for lowest, scale, spec, unit in steps:
        if v >= lowest:
            return f"{v * scale:{spec}} {unit}"
    raise ValueError(v)


_SECONDS = ((10, 1, ".1f", "s"), (1, 1, ".2f", "s"), (0.01, 1000, ".1f", "ms"), (-INF, 1000, ".2f", "ms"))
_MILLISECONDS = ((100, 1, ".0f", "ms"), (1, 1, ".3g", "ms"), (0.001, 1000, ".3g", "µs"), (-INF, 1000, ".2f", "µs"))


def dur(s: float) -> str:
    """Seconds as people say them: "19.5 s", "1.23 s", "85.2 ms", "2.05 ms"."""
    return _scaled(s, _SECONDS)


def tms(ms: float) -> str:
    """Milliseconds as people say them: "5.07 ms", "85 µs", "0.09 µs"."""
    return _scaled(ms, _MILLISECONDS)


def us(v: float) -> str:
    """Microseconds: "30 µs", "156 µs", "8.14 ms"."""
    return tms(v / 1000)


def task_size(v: float) -> str:
    """A task size in µs as breakeven.csv gives it: "3 µs", "1 ms"."""
    return f"{v / 1000:g} ms" if v >= 1000 else f"{v:g} µs"


def interval(s: float) -> str:
    """A switch interval in seconds, in ms: "5 ms", "0.1 ms"."""
    return f"{1000 * s:g} ms"


def commas(n: float) -> str:
    """A whole number with thousands separators: "12,345"."""
    return f"{int(n):,}"


def us_fixed(v) -> str:
    """Microseconds with decimals fixed by magnitude, "?" when unknown:
    "3.21 µs", "41.7 µs", "523 µs", "1.20 ms" (the ipc latencies)."""
    if v is None:
        return "?"
    if v >= 1000:
        return f"{v / 1000:.2f} ms"
    return f"{v:.2f} µs" if v < 10 else f"{v:.1f} µs" if v < 100 else f"{v:.0f} µs"


def ns(v) -> str:
    """Nanoseconds, "?" when unknown: "3.21 ns", "41.7 ns", "2.5 µs", "1.20 ms"."""
    if v is None:
        return "?"
    if v >= 1e6:
        return f"{v / 1e6:.2f} ms"
    if v >= 1000:
        return f"{v / 1000:.1f} µs"
    return f"{v:.1f} ns" if v >= 10 else f"{v:.2f} ns"


def binary_size(n) -> str:
    """A byte count in the largest binary unit that divides it exactly:
    "64 B", "1000 B", "4 KiB", "1 MiB"."""
    n = int(n)
    if n >= 1 << 20 and n % (1 << 20) == 0:
        return f"{n >> 20} MiB"
    if n >= 1024 and n % 1024 == 0:
        return f"{n >> 10} KiB"
    return f"{n} B"
