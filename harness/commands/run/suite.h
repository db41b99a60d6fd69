/* suite.h - measuring a set of configurations into one run directory. */
#ifndef GILBENCH_SUITE_H
#define GILBENCH_SUITE_H

#include "commands/run/run_options.h"

/* Runs every configuration the options name; with `with_seq`, also `seq`
 * for each kernel so speedups come from the same run.  Returns the exit
 * status: 0, EXIT_RUN_FAILED, or 128 + signal when interrupted. */
int suite_run(const struct options *o, int with_seq);

#endif
