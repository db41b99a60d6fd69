#!/usr/bin/env python3
"""check.py LESSON_DIR... - is each lesson a lesson, and are its figures true?

For every lesson directory, checks:
  - the README's sections, in order: Goal, Predict, Run, What you should
    see, Why, In Python, Quiz, Exercises (and nothing else at that level);
  - Run gives the full command and its QUICK form;
  - "What you should see" shows every chart of figures.txt from
    reference/, quotes every figure of figures.txt exactly as computed from
    the committed reference/ data, and holds no other number except the
    declared params;
  - Why links to CPython's source or documentation when it talks about
    CPython;
  - In Python names a .py file that is beside the README;
  - the Quiz has 3 or 4 numbered questions and one <details> answer each;
  - Exercises has at least two;
  - every link into GLOSSARY.md lands on one of its entries, and the
    glossary's entries are in alphabetical order, none twice.
Prints one line per problem ("LESSON: what is wrong") and exits 1 if any,
0 if none; 2 on bad usage.
"""
import os
import re
import sys

import figures

SECTIONS = ["Goal", "Predict", "Run", "What you should see", "Why", "In Python", "Quiz", "Exercises"]
CPYTHON_LINK = re.compile(r"https://(github\.com/python/cpython|docs\.python\.org|peps\.python\.org|bugs\.python\.org)")


def sections(text):
    """{heading: body} of the level-2 sections, and their order."""
    parts = re.split(r"^## +(.+?)\s*$", text, flags=re.M)
    order = [h for h in parts[1::2]]
    return order, dict(zip(order, parts[2::2]))


def glossary_anchors(lessons_dir):
    path = os.path.join(lessons_dir, "GLOSSARY.md")
    if not os.path.isfile(path):
        return set()
    with open(path, encoding="utf-8") as f:
        heads = re.findall(r"^#{2,3} +(.+?)\s*$", f.read(), flags=re.M)
    return {github_anchor(h) for h in heads}


def github_anchor(heading):
    """GitHub's anchor for a heading: lower case, punctuation dropped,
    spaces to hyphens."""
    a = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return a.replace(" ", "-")


def check_lesson(lesson_dir):
    name = os.path.basename(os.path.normpath(lesson_dir))
    problems = []
    readme = os.path.join(lesson_dir, "README.md")
    if not os.path.isfile(readme):
        return [f"{name}: no README.md"]
    with open(readme, encoding="utf-8") as f:
        text = f.read()
    if not re.match(rf"# {name[:2]} · \S", text):
        problems.append(f"{name}: the first line must be '# {name[:2]} · TITLE'")
    order, body = sections(text)
    if order != SECTIONS:
        problems.append(f"{name}: sections are {order}, expected {SECTIONS}")
    get = lambda s: body.get(s, "")

    goal = get("Goal").strip()
    if not goal:
        problems.append(f"{name}: Goal is empty")
    if not get("Predict").strip():
        problems.append(f"{name}: Predict is empty")

    run = get("Run")
    if f"lessons/{name}/run.sh" not in run or f"QUICK=1 lessons/{name}/run.sh" not in run:
        problems.append(f"{name}: Run must give 'lessons/{name}/run.sh' and 'QUICK=1 lessons/{name}/run.sh'")

    problems += check_figures(name, lesson_dir, get("What you should see"))

    why = get("Why")
    if "CPython" in why and not CPYTHON_LINK.search(why):
        problems.append(f"{name}: Why describes CPython but links none of its source or docs")

    pys = re.findall(r"\b([\w-]+\.py)\b", get("In Python"))
    if not pys:
        problems.append(f"{name}: In Python names no .py file")
    for py in pys:
        if not os.path.isfile(os.path.join(lesson_dir, py)):
            problems.append(f"{name}: In Python names {py}, which is not beside the README")

    quiz = get("Quiz")
    questions = re.findall(r"^\d+\. ", quiz.split("<details>")[0], flags=re.M)
    answers = quiz.count("<details>")
    if not 3 <= len(questions) <= 4:
        problems.append(f"{name}: the Quiz has {len(questions)} questions, expected 3 or 4")
    if answers != len(questions) or quiz.count("<summary>") != answers:
        problems.append(f"{name}: the Quiz has {len(questions)} questions but {answers} <details> answers "
                        f"(each with a <summary>)")

    exercises = re.findall(r"^(?:\d+\.|[-*]) ", get("Exercises"), flags=re.M)
    if len(exercises) < 2:
        problems.append(f"{name}: Exercises has {len(exercises)} items, expected at least 2")

    anchors = glossary_anchors(os.path.dirname(os.path.normpath(lesson_dir)))
    for anchor in re.findall(r"\]\(\.\./GLOSSARY\.md#([^)]+)\)", text):
        if anchor not in anchors:
            problems.append(f"{name}: links GLOSSARY.md#{anchor}, which has no such entry")
    return problems


def check_figures(name, lesson_dir, seen):
    problems = []
    try:
        manifest = figures.Manifest(lesson_dir)
    except figures.ManifestError as e:
        return [f"{name}: {e}"]
    reference = os.path.join(lesson_dir, "reference")
    for chart in manifest.charts:
        if not os.path.isfile(os.path.join(reference, chart + ".png")):
            problems.append(f"{name}: reference/{chart}.png is not committed")
        if f"(reference/{chart}.png)" not in seen:
            problems.append(f"{name}: What you should see does not show reference/{chart}.png")
    allowed = set(manifest.params)
    for fig in manifest.figures:
        try:
            quoted = fig.text(reference)
        except figures.ManifestError as e:
            problems.append(f"{name}: figure {fig.ident}: {e}")
            continue
        allowed.update(figures.numbers_in(quoted))
        if quoted not in seen:
            problems.append(f"{name}: What you should see does not quote figure {fig.ident} "
                            f"as the reference data gives it: '{quoted}'")
    for number in figures.numbers_in(seen):
        if number not in allowed:
            problems.append(f"{name}: What you should see quotes {number}, which is no figure of "
                            f"figures.txt computed from reference/ and no declared param")
    return problems


def check_glossary(lessons_dir):
    """GLOSSARY.md: entries in alphabetical order (a reader scans for a
    term), none twice."""
    path = os.path.join(lessons_dir, "GLOSSARY.md")
    if not os.path.isfile(path):
        return [f"GLOSSARY.md: missing beside the lessons"]
    with open(path, encoding="utf-8") as f:
        terms = re.findall(r"^### +(.+?)\s*$", f.read(), flags=re.M)
    problems = [f"GLOSSARY.md: '{b}' comes after '{a}', out of alphabetical order"
                for a, b in zip(terms, terms[1:]) if b.lower() < a.lower()]
    problems += [f"GLOSSARY.md: '{t}' is defined twice" for t in sorted(set(terms)) if terms.count(t) > 1]
    return problems


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print("usage: lessons/tools/check.py LESSON_DIR...", file=sys.stderr)
        return 2
    problems = []
    for d in argv:
        if not os.path.isdir(d):
            print(f"check.py: no lesson directory '{d}'", file=sys.stderr)
            return 2
        problems += check_lesson(d)
    for lessons_dir in sorted({os.path.dirname(os.path.normpath(d)) for d in argv}):
        problems += check_glossary(lessons_dir)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
