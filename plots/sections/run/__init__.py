"""The parts of the run the report describes: the sweep and its checks."""
