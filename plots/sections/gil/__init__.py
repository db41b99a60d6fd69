"""The GIL deep dive: traces, the convoy, the switch interval, CPython."""
