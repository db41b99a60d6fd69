"""The outside view: RUN/hyperfine.md as plots/hyperfine.sh wrote it."""
import os


def render(run_dir: str) -> str:
    path = os.path.join(run_dir, "hyperfine.md")
    if not os.path.isfile(path):
        return ""
    with open(path, encoding="utf-8") as f:
        return f.read() + "\n"
