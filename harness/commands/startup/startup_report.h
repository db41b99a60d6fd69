/* startup_report.h - what a `gilbench startup` run produces: one row per
 * mechanism and parent memory size, startup.csv, and the table printed
 * at the end. */
#ifndef GILBENCH_STARTUP_REPORT_H
#define GILBENCH_STARTUP_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "commands/startup/launch.h"
#include "commands/startup/startup_options.h"

/* One row of startup.csv. */
struct startup_row {
    const struct launcher *launcher;
    uint32_t parent_mib;
    uint64_t per_batch;
    unsigned batches;
    unsigned workers;
    double median_us, min_us, max_us;
};

/* Trust: a row whose batches spread over STATS_MAX_SPREAD of the median
 * (lib/measurement/stats.h) is suspect.  Writes the reason, or "", into buf; returns buf. */
char *startup_flag(const struct startup_row *r, char *buf, size_t len);

/* Rewrites DIR/startup.csv atomically (with each row's flag).  Returns 0, or -1 with errno. */
int startup_write_csv(const char *dir, const struct startup_row *rows, size_t n);

/* The per-start medians as a table: mechanisms down, memory sizes
 * across, with the growth from the smallest size to the largest. */
void startup_print_table(const struct startup_options *o, const struct startup_row *rows, size_t n);

#endif
