#!/usr/bin/env python3
"""tests/mutants/run.py [--check] [NAME...] - the deliberate-bug check (`make mutants`).

Plants each small bug of tests/mutants/list, one at a time, in a COPY of
the tree (the working tree is never touched), rebuilds only what the bug
touches, runs only the test suites the entry names, and reports which test
caught it.  A bug no test catches is a survivor: the tests claim something
they do not check.  Exit status 1 when any bug survives or any entry is
broken (its original text is gone or appears twice, it does not compile,
a named suite fails even without the bug); 0 when every bug was caught.

NAME... limits the run to those entries (handy when adding one).
--check only reads the list and checks every original is still in its
file (seconds; `make test` runs it so a stale entry shows at once).
Environment: MUTANT_SUITE_TIMEOUT (seconds per suite, default 150),
MUTANT_JOBS (make -j, default 2), MUTANT_LIST (another list file).

The list format is described at the top of tests/mutants/list.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
LIST = os.environ.get("MUTANT_LIST") or os.path.join(TOP, "tests", "mutants", "list")
FIELDS = ("file", "find", "replace", "tests", "why")


class ListError(Exception):
    pass


def unescape(value):
    """`\\n` stands for a newline and `\\\\` for a backslash, so an entry
    stays on one line even when its text spans two."""
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "\\": "\\"}.get(m.group(1), m.group(0)), value)


def parse_list(path):
    mutants, current, problems = [], None, []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            m = re.match(r"^\[([A-Za-z0-9_.-]+)\]\s*$", line)
            if m:
                current = {"name": m.group(1), "line": n}
                mutants.append(current)
                continue
            m = re.match(r"^(\w+):\s?(.*)$", line)
            if current is None or not m or m.group(1) not in FIELDS:
                problems.append("%s:%d: expected '[name]' or one of %s" % (path, n, ", ".join(FIELDS)))
                continue
            if m.group(1) in current:
                problems.append("%s:%d: '%s' given twice for [%s]" % (path, n, m.group(1), current["name"]))
            current[m.group(1)] = m.group(2)
    names = set()
    for i, mu in enumerate(mutants, 1):
        mu["index"] = i
        for field in FIELDS:
            if not mu.get(field, "").strip() and not (field == "replace" and field in mu):
                problems.append("%s:%d: [%s] has no '%s'" % (path, mu["line"], mu["name"], field))
        if mu["name"] in names:
            problems.append("%s:%d: the name [%s] is used twice" % (path, mu["line"], mu["name"]))
        names.add(mu["name"])
        mu["find"] = unescape(mu.get("find", ""))
        mu["replace"] = unescape(mu.get("replace", ""))
        mu["tests"] = mu.get("tests", "").split()
        for spec in mu["tests"]:
            if not re.match(r"^(unit/test_\w+|cli/\w+/[\w-]+\.bats(:.+)?)$", spec):
                problems.append("%s:%d: [%s]: test '%s' is neither unit/test_NAME nor cli/PART/FILE.bats[:FILTER]"
                                % (path, mu["line"], mu["name"], spec))
    if problems:
        raise ListError("\n".join(problems))
    return mutants


def check_originals(mutants, tree):
    """Every original must appear exactly once: an entry whose code has
    moved on must say so, never pass silently."""
    problems = []
    for mu in mutants:
        path = os.path.join(tree, mu["file"])
        if not os.path.isfile(path):
            problems.append("mutant %d [%s]: %s does not exist" % (mu["index"], mu["name"], mu["file"]))
            continue
        with open(path, encoding="utf-8") as f:
            count = f.read().count(mu["find"])
        if count == 0:
            problems.append("mutant %d [%s]: original text not found in %s: %r"
                            % (mu["index"], mu["name"], mu["file"], mu["find"]))
        elif count > 1:
            problems.append("mutant %d [%s]: original text appears %d times in %s (make it unique): %r"
                            % (mu["index"], mu["name"], count, mu["file"], mu["find"]))
        elif mu["find"] == mu["replace"]:
            problems.append("mutant %d [%s]: the replacement is the original" % (mu["index"], mu["name"]))
    return problems


def copy_tree(dest):
    """The working tree as git sees it (tracked and new files), without
    build products."""
    try:
        files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                               cwd=TOP, check=True, capture_output=True).stdout.decode().split("\0")
    except (OSError, subprocess.CalledProcessError):
        files = []
        for root, dirs, names in os.walk(TOP):
            dirs[:] = [d for d in dirs if not (root == TOP and d in (".git", "build", "bin", "results"))]
            files += [os.path.relpath(os.path.join(root, n), TOP) for n in names]
    for rel in files:
        if not rel or not os.path.lexists(os.path.join(TOP, rel)):
            continue  # deleted in the working tree, not yet in git
        os.makedirs(os.path.join(dest, os.path.dirname(rel)), exist_ok=True)
        shutil.copy2(os.path.join(TOP, rel), os.path.join(dest, rel), follow_symlinks=False)


def unit_binaries(mutants):
    return sorted({"build/plain/" + s.split("/", 1)[1] for mu in mutants for s in mu["tests"]
                   if s.startswith("unit/")})


def build(tree, targets, log):
    jobs = os.environ.get("MUTANT_JOBS", "2")
    with open(log, "w") as out:
        rc = subprocess.run(["make", "-j" + jobs, "--no-print-directory"] + targets, cwd=tree,
                            stdout=out, stderr=subprocess.STDOUT).returncode
    return rc == 0


def run_suite(tree, spec, log):
    """Runs one suite; returns None when it passed, else what failed
    (the first 'not ok' test, a timeout, or a crash)."""
    timeout = int(os.environ.get("MUTANT_SUITE_TIMEOUT", "150"))
    env = dict(os.environ, CMOCKA_MESSAGE_OUTPUT="TAP", LC_ALL="C")
    env.pop("GILBENCH", None)
    if spec.startswith("unit/"):
        cmd = ["build/plain/" + spec.split("/", 1)[1]]
    else:
        bats_file, _, pattern = spec.split("/", 1)[1].partition(":")
        cmd = ["bats", "--tap"] + (["-f", pattern] if pattern else []) + ["tests/cli/" + bats_file]
    with open(log, "w") as out:
        try:
            proc = subprocess.Popen(cmd, cwd=tree, env=env, stdout=subprocess.PIPE,
                                    stderr=out, stdin=subprocess.DEVNULL, start_new_session=True)
            stdout, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            proc.communicate()
            return "timed out after %d s" % timeout
    text = stdout.decode(errors="replace")
    with open(log, "a") as out:
        out.write(text)
    plan = re.search(r"^1\.\.(\d+)", text, re.M)
    results = re.findall(r"^(ok|not ok) ", text, re.M)
    failed = re.search(r"^not ok \d+ (?:- )?(.*)$", text, re.M)
    if failed:
        return failed.group(1).strip()
    if proc.returncode != 0:
        return "exit status %d" % proc.returncode
    if not plan or int(plan.group(1)) != len(results) or not results:
        return "TAP plan and results disagree (or no test ran)"
    return None


def main(argv):
    check_only = bool(argv) and argv[0] == "--check"
    if check_only:
        argv = argv[1:]
    try:
        mutants = parse_list(LIST)
    except ListError as e:
        print(e, file=sys.stderr)
        return 1
    if argv:
        unknown = set(argv) - {mu["name"] for mu in mutants}
        if unknown:
            print("mutants: no such entry: %s" % ", ".join(sorted(unknown)), file=sys.stderr)
            return 1
        mutants = [mu for mu in mutants if mu["name"] in argv]
    problems = check_originals(mutants, TOP)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        print("mutants: fix tests/mutants/list first (an original that no longer matches "
              "would make the check pass without testing anything)", file=sys.stderr)
        return 1
    if check_only:
        print("mutants: %d entries, every original found once in its file" % len(mutants))
        return 0

    t_start = time.monotonic()
    tree = tempfile.mkdtemp(prefix="gilbench-mutants-")
    logs = os.path.join(TOP, "build", "mutants")
    shutil.rmtree(logs, ignore_errors=True)
    os.makedirs(logs)
    try:
        copy_tree(tree)
        # bin/gilbench is linked from build/plain objects, so a bug in one
        # file recompiles one object; the unit tests' spawn mode and every
        # script that looks for bin/gilbench find it there.
        os.makedirs(os.path.join(tree, "bin"), exist_ok=True)
        os.symlink("../build/plain/gilbench", os.path.join(tree, "bin", "gilbench"))
        targets = ["build/plain/gilbench", "bin/gilbench-nop"] + unit_binaries(mutants)
        print("mutants: building the copy in %s" % tree, flush=True)
        if not build(tree, targets, os.path.join(logs, "build-baseline.log")):
            print("mutants: the unmutated copy does not build (see build/mutants/build-baseline.log)")
            return 1
        # Every suite must pass without a bug, or "caught" means nothing.
        suites = sorted({s for mu in mutants for s in mu["tests"]})
        print("mutants: baseline, %d suite(s) without any bug" % len(suites), flush=True)
        broken = []
        for spec in suites:
            why = run_suite(tree, spec, os.path.join(logs, "baseline-%s.log" % re.sub(r"\W", "_", spec)))
            if why is not None:
                broken.append("%s: %s" % (spec, why))
        if broken:
            print("mutants: these suites fail without any bug; fix them first:\n  " + "\n  ".join(broken))
            return 1
        print("mutants: baseline passed in %.0f s\n" % (time.monotonic() - t_start), flush=True)

        rows, survivors, errors = [], [], []
        print("%3s  %-28s %-30s %6s  %s" % ("#", "mutant", "file", "secs", "caught by"))
        for mu in mutants:
            t0 = time.monotonic()
            path = os.path.join(tree, mu["file"])
            with open(path, encoding="utf-8") as f:
                original = f.read()
            with open(path, "w", encoding="utf-8") as f:
                f.write(original.replace(mu["find"], mu["replace"], 1))
            log_base = os.path.join(logs, "%02d-%s" % (mu["index"], mu["name"]))
            verdict = None
            try:
                if not build(tree, targets, log_base + ".build.log"):
                    verdict = "DOES NOT COMPILE (see %s.build.log)" % os.path.relpath(log_base, TOP)
                    errors.append(mu)
                else:
                    for spec in mu["tests"]:
                        why = run_suite(tree, spec, log_base + ".%s.log" % re.sub(r"\W", "_", spec))
                        if why is not None:
                            verdict = "%s: %s" % (spec, why)
                            break
                    if verdict is None:
                        verdict = "SURVIVED (%s)" % " ".join(mu["tests"])
                        survivors.append(mu)
            finally:
                with open(path, "w", encoding="utf-8") as f:
                    f.write(original)
            secs = time.monotonic() - t0
            rows.append((mu, verdict, secs))
            print("%3d  %-28s %-30s %6.1f  %s" % (mu["index"], mu["name"][:28], mu["file"][-30:], secs,
                                                  verdict), flush=True)
        caught = len(mutants) - len(survivors) - len(errors)
        print("\n%d of %d planted bugs caught, %d survived, %d broken entries; %.0f s in all"
              % (caught, len(mutants), len(survivors), len(errors), time.monotonic() - t_start))
        for mu in survivors:
            print("  survived: [%s] %s: %s" % (mu["name"], mu["file"], mu["why"]))
        for mu in errors:
            print("  broken:   [%s] %s does not compile with the bug" % (mu["name"], mu["file"]))
        print("(logs: build/mutants/)")
        return 1 if survivors or errors else 0
    finally:
        shutil.rmtree(tree, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
