"""figures.py - a lesson's manifest (figures.txt) and the figures it names.

Every number a lesson's "What you should see" quotes is a *figure*: a value
computed from the lesson's results by name, never typed in by hand.  The
manifest beside the README says which, so that the same definition serves
three readers: the test that checks the README against the committed
reference data, the lesson's run.sh that prints "the reference machine
measured X, you measured Y", and the recording of new reference data.

figures.txt, one statement a line ('#' starts a comment):

    chart NAME                 a chart the lesson discusses (RUN/plots/NAME.png);
                               copied into reference/ and checked to be drawn
    keep FILE                  a results file to keep in reference/ beyond
                               those the figures read (the meta files are
                               always kept)
    params N N ...             numbers the text may use that are settings,
                               not measurements (worker counts, sizes)
    figure ID "LABEL" EXPR FORMAT
                               EXPR: TERM [OP TERM]...  (OP: + - * /, evaluated
                               left to right), TERM: a number, or
                               FILE WHERE COLUMN: the COLUMN of the one row
                               of FILE (relative to the results directory)
                               matching WHERE (k=v[,k=v...], or - for a file
                               of one row).  A file named meta (or */meta) is
                               read as "key: value" lines, one row.
                               COLUMN written median:COLUMN is the median of
                               every row matching WHERE (files with one row
                               per repetition, e.g. pool_cost.csv).
                               FORMAT: printf style, e.g. %.2fx or %.0f ms.

Columns are read by name (csv.DictReader); a WHERE that matches no row or
several is an error naming the file and the condition, not a silent 0.
"""
import csv
import os
import re
import shlex
import statistics
import sys

# A run's meta is read the one way the report and the bench checks read it.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "plots"))
import rundata  # noqa: E402

OPERATORS = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
}


class ManifestError(Exception):
    """figures.txt is malformed, or the data lacks what it names."""


class Figure:
    def __init__(self, ident, label, terms, fmt, line):
        self.ident, self.label, self.terms, self.fmt, self.line = ident, label, terms, fmt, line

    def files(self):
        return [t[0] for t in self.terms if isinstance(t, tuple)]

    def value(self, results_dir):
        """The figure computed from the results in results_dir."""
        acc, op = None, None
        for term in self.terms:
            if term in OPERATORS:
                op = term
                continue
            v = term if isinstance(term, float) else lookup(results_dir, *term)
            try:
                acc = v if acc is None else OPERATORS[op](acc, v)
            except ZeroDivisionError:
                raise ManifestError(f"figure {self.ident}: division by zero") from None
        return acc

    def text(self, results_dir):
        return self.fmt % self.value(results_dir)


class Manifest:
    def __init__(self, lesson_dir):
        self.lesson_dir = lesson_dir
        self.charts, self.keep, self.params, self.figures = [], [], set(), []
        path = os.path.join(lesson_dir, "figures.txt")
        if not os.path.isfile(path):
            raise ManifestError(f"{path}: no such file (every lesson has one)")
        with open(path, encoding="utf-8") as f:
            for number, raw in enumerate(f, 1):
                self._statement(path, number, raw)

    def _statement(self, path, number, raw):
        words = shlex.split(raw, comments=True)
        if not words:
            return
        where = f"{path}:{number}"
        keyword, args = words[0], words[1:]
        if keyword == "chart" and len(args) == 1:
            self.charts.append(args[0])
        elif keyword == "keep" and len(args) == 1:
            self.keep.append(args[0])
        elif keyword == "params" and args:
            self.params.update(normalise(a) for a in args)
        elif keyword == "figure" and len(args) >= 6:
            ident, label, expr, fmt = args[0], args[1], args[2:-1], args[-1]
            if "%" not in fmt:
                raise ManifestError(f"{where}: the last word must be a printf format, got '{fmt}'")
            self.figures.append(Figure(ident, label, parse_expression(expr, where), fmt, where))
        else:
            raise ManifestError(f"{where}: expected 'chart NAME', 'keep FILE', 'params N...' or "
                                f"'figure ID \"LABEL\" FILE WHERE COLUMN [OP ...] FORMAT'")

    def data_files(self):
        """Every results file the reference data must hold."""
        seen = []
        for name in [f for fig in self.figures for f in fig.files()] + self.keep:
            if name not in seen:
                seen.append(name)
        return seen


def parse_expression(words, where):
    terms, expect_term, i = [], True, 0
    while i < len(words):
        w = words[i]
        if not expect_term:
            if w not in OPERATORS:
                raise ManifestError(f"{where}: expected one of + - * /, got '{w}'")
            terms.append(w)
            i += 1
        elif re.fullmatch(r"-?\d+(\.\d+)?", w):
            terms.append(float(w))
            i += 1
        else:
            if i + 3 > len(words):
                raise ManifestError(f"{where}: a term is FILE WHERE COLUMN, got '{' '.join(words[i:])}'")
            terms.append((w, words[i + 1], words[i + 2]))
            i += 3
        expect_term = not expect_term
    if expect_term:
        raise ManifestError(f"{where}: the expression ends with an operator or is empty")
    return terms


def read_rows(path):
    """The rows of a CSV file, or of a meta file (one row of key: value)."""
    if os.path.basename(path) == "meta":
        return [rundata.meta(path)]
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def lookup(results_dir, name, where, column):
    path = os.path.join(results_dir, name)
    if not os.path.isfile(path):
        raise ManifestError(f"{path}: no such file")
    rows = read_rows(path)
    if where != "-":
        conditions = []
        for pair in where.split(","):
            key, sep, value = pair.partition("=")
            if not sep:
                raise ManifestError(f"'{where}': a condition is KEY=VALUE")
            conditions.append((key, value))
        rows = [r for r in rows if all(r.get(k) == v for k, v in conditions)]
    median = column.startswith("median:")
    if median:
        column = column[len("median:"):]
        if not rows:
            raise ManifestError(f"{path}: no row matches '{where}'")
    elif len(rows) != 1:
        raise ManifestError(f"{path}: {len(rows)} rows match '{where}', expected exactly one")
    if column not in rows[0]:
        raise ManifestError(f"{path}: no column '{column}'")
    bad = next((r[column] for r in rows if not _is_number(r[column])), None)
    if bad is not None:
        # The value is named: an empty cell (a break-even never reached on a
        # busy machine) is told apart from a wrong column (lessons_helpers.bash).
        raise ManifestError(f"{path}: column '{column}' of a row '{where}' is '{bad}', not a number")
    values = [float(r[column]) for r in rows]
    return statistics.median(values) if median else values[0]


def _is_number(text) -> bool:
    try:
        float(text)
        return True
    except (TypeError, ValueError):
        return False


NUMBER = re.compile(r"(?<![\w.,])\d+(?:,\d{3})*(?:\.\d+)?")


def normalise(token):
    """'4,440' and '4440' are the same number; '0.50' stays '0.50'."""
    return token.replace(",", "")


def numbers_in(text):
    """The numbers a reader sees in Markdown text: link targets, image
    paths, inline code and HTML tags are not prose."""
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"`[^`]*`", "", text)
    text = re.sub(r"<[^>]*>", "", text)
    return [normalise(m.group(0)) for m in NUMBER.finditer(text)]
