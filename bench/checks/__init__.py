"""The bench checks, one module per topic; bench/verdicts.py lists them."""
