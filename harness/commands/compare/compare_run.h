/* compare_run.h - one run directory as `gilbench compare` sees it: its
 * meta (which machine), its repetitions (runs.csv) and, when present, its
 * summary (summary.csv).  Columns are found by name, so runs written by
 * older or newer gilbench versions compare as long as the names exist. */
#ifndef GILBENCH_COMPARE_RUN_H
#define GILBENCH_COMPARE_RUN_H

#include <stddef.h>

#include "lib/files/csv_table.h"

struct compare_run {
    const char *dir;
    char label;                 /* 'A', 'B', ... in command-line order */
    char host[128], cpu_model[128], measured_cores[32], date[64];
    struct csv_table runs;
    int c_kernel, c_mode, c_workers, c_items, c_wall, c_switch;  /* c_switch may be -1 */
    struct csv_table summary;   /* nrows == 0 when the run has no summary.csv */
};

/* Loads dir/meta (optional), dir/runs.csv (required), dir/summary.csv
 * (optional).  Returns 0, or -1 with a message in `error`. */
int compare_run_load(struct compare_run *r, const char *dir, char label, char *error,
                     size_t error_len);
/* The configuration of row `i` of runs.csv as one string: kernel, mode,
 * workers, items, and the switch interval for `gil` only (other modes do
 * not have one, whatever the column says). */
void compare_run_key(const struct compare_run *r, size_t i, char *key, size_t len);
void compare_run_free(struct compare_run *r);

#endif
