#!/usr/bin/env python3
"""tests/lint_bats.py FILE.bats... - rejects assertions that cannot fail.

bats runs each test with `set -e`, but bash's errexit ignores a command
negated with `!` (bash manual, "The Set Builtin": the shell does not exit
if "the command's return status is being inverted with !").  So

    ! grep -q Warning report.md
    grep -q Summary report.md

passes whether or not report.md holds "Warning": only the status of the
test's last command is seen.  A negated command is an assertion only when
it is the last command of its test (or function) body, or when its status
is acted on (`! cmd || false`, `! cmd || fail ...`).  Everywhere else use
`run ! cmd`, `[ ... ]`, or `! cmd || false`.

It also rejects a test name holding '#': in TAP, "ok 3 name # skip" is a
skip, so such a name can turn a pass into a skip (or hide a failure).

Speaks TAP: one result per file, plus a first one that checks the checker
on a planted example.
"""
import re
import sys

NEGATED = re.compile(r"^\s*!\s")
BLOCK_START = re.compile(r"^(@test\s.*|\s*[A-Za-z_][A-Za-z0-9_]*\s*\(\)\s*)\{\s*$")
BLOCK_END = re.compile(r"^\}\s*$")


def logical_lines(text):
    """(line number, text) of each logical line: backslash continuations joined."""
    out, buf, start = [], "", None
    for n, line in enumerate(text.split("\n"), 1):
        if start is None:
            start = n
        if line.endswith("\\"):
            buf += line[:-1] + " "
            continue
        out.append((start, buf + line))
        buf, start = "", None
    return out


def acted_on(line):
    """True when the negated command's status is used: `! cmd || ...`."""
    return "||" in line


def ineffective(text):
    """Line numbers of negated commands whose status nothing sees, and of
    test names holding '#'."""
    bad, body = [], None
    for n, line in logical_lines(text):
        if body is None:
            if BLOCK_START.match(line):
                body = []
                if line.startswith("@test") and "#" in line.rsplit("{", 1)[0]:
                    bad.append(n)
            continue
        if BLOCK_END.match(line):
            commands = [(m, c) for m, c in body if c.strip() and not c.strip().startswith("#")]
            for i, (m, c) in enumerate(commands):
                last = i == len(commands) - 1
                if NEGATED.match(c) and not last and not acted_on(c):
                    bad.append(m)
            body = None
            continue
        body.append((n, line))
    return bad


PLANTED = """@test "planted" {
    ! grep -q Warning report.md
    ! grep -q a \\
        b
    ! grep -q ok1 x || false
    grep -q Summary report.md
}
check() {
    ! grep -q Warning report.md
    true
}
@test "a # in a name" {
}
@test "fine" {
    grep -q Summary report.md
    ! grep -q Warning report.md
}
"""


def main(files):
    print("1..%d" % (len(files) + 1))
    found = ineffective(PLANTED)
    if found == [2, 3, 9, 12]:
        print("ok 1 the checker flags planted ineffective '! command' lines and '#' in names, and only those")
    else:
        print("not ok 1 the checker flags planted ineffective '! command' lines and '#' in names, and only those")
        print("# flagged lines %s, expected [2, 3, 9, 12]" % found)
    failed = found != [2, 3, 9, 12]
    for i, path in enumerate(files, 2):
        with open(path, encoding="utf-8") as f:
            bad = ineffective(f.read())
        if bad:
            failed = True
            print("not ok %d %s: no ineffective '! command', no '#' in a test name" % (i, path))
            for n in bad:
                print("# %s:%d: a test name with '#' (read as a TAP directive), or a negated"
                      " command that is not the last of its test and so cannot fail"
                      " (use 'run ! cmd', '[ ... ]' or '! cmd || false')" % (path, n))
        else:
            print("ok %d %s: no ineffective '! command', no '#' in a test name" % (i, path))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
