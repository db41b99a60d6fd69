"""The report's sections, one module each; plots/report.py lists them in
order.  Each defines `render(run_dir: str) -> str` (Markdown, '' when the
run lacks the data)."""
