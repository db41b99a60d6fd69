/* summarize.h - `gilbench summarize RUN_DIR`: summary.csv rebuilt from
 * runs.csv, with today's intervals and flags.  For runs measured by an
 * older gilbench, runs.csv files put together by hand (a class's
 * repetitions pooled), and the tests that feed a runs.csv on purpose. */
#ifndef GILBENCH_SUMMARIZE_H
#define GILBENCH_SUMMARIZE_H

int summarize_main(int argc, char **argv);

#endif
