"""The bench checks, one module per topic; bench/checks.py lists them."""
