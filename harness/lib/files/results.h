/* results.h - the run directory and its CSV files (schema: results/README.md). */
#ifndef GILBENCH_RESULTS_H
#define GILBENCH_RESULTS_H

#include <stddef.h>

#include "modes/measure.h"

struct summary_row {
    const struct kernel *kernel;
    const struct mode *mode;
    uint32_t workers;
    uint64_t items;
    size_t n;
    double median_s, min_s, max_s, stddev_s;
    double speedup, efficiency;   /* NAN when seq was not measured in this run */
    double cpu_util;              /* median */
    double switch_interval_s;
    /* Trust (lib/measurement/stats.h): the median's interval from order statistics
     * and the level it achieves, the speedup's interval from the two
     * medians' intervals, Tukey outliers counted (kept in every figure). */
    double median_lo_s, median_hi_s, median_ci_level;
    double speedup_lo, speedup_hi;
    size_t outliers;
    double gil_handovers;         /* median per repetition */
    size_t remeasured;            /* repetitions added because the first ones were suspect */
    unsigned flags;               /* enum stats_flag */
    char flag_text[200];          /* the reasons, "" when none */
};

struct results {
    char dir[4096];
    struct rep_row *rows;
    size_t nrows, cap;
    double cores;   /* cores the run could use, for the flags; 0: unknown */
};

/* The confidence asked of every interval in summary.csv. */
#define RESULTS_CONFIDENCE 0.95

/* Creates the run directory: `out` if given, else a new results/<run-id>/
 * with results/latest pointing at it.  Returns 0, or -1 with a message. */
int results_create_dir(struct results *r, const char *out, char *error, size_t error_len);
int results_add(struct results *r, const struct rep_row *row);
/* One summary row per configuration, in order of first appearance.
 * Returns the count; *out is malloc'd (caller frees), NULL on failure. */
size_t results_summarize(const struct results *r, struct summary_row **out);
/* True when a summary row of `kernel` carries a flag (lib/measurement/stats.h). */
int results_kernel_flagged(const struct results *r, const struct kernel *kernel);
/* Rewrites summary.csv alone, atomically.  Returns 0, or -1 with errno. */
int results_write_summary(const struct results *r);
/* Rewrites runs.csv and summary.csv atomically.  Returns 0, or -1 with errno. */
int results_write(const struct results *r);
void results_free(struct results *r);

#endif
