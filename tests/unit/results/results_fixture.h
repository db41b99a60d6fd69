/* results_fixture.h - what the results tests share (test_results_*.c): a
 * repetition's row with plausible values, and the count of temporary files
 * an atomic write may have left. */
#ifndef GILBENCH_TEST_RESULTS_FIXTURE_H
#define GILBENCH_TEST_RESULTS_FIXTURE_H

#include <stdint.h>

#include "lib/files/results.h"

/* A row of `kernel` in `mode` with `workers` and wall time `wall`: 1000
 * items in 10 tasks, a 5 ms switch interval, checksum "168". */
struct rep_row row_of(const char *kernel, const char *mode, uint32_t workers, double wall);
/* How many names in `dir` hold ".tmp." (atomic_file.c's temporaries). */
int count_tmp_files(const char *dir);

#endif
