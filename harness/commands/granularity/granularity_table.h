/* granularity_table.h - what a `gilbench granularity` run produces: one row per
 * mode and task duration, granularity.csv, the break-even point of each
 * mode, breakeven.csv, and the table printed at the end. */
#ifndef GILBENCH_GRANULARITY_TABLE_H
#define GILBENCH_GRANULARITY_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "modes/modes.h"

/* One row of granularity.csv: one mode (seq included) at one duration. */
struct granularity_row {
    const struct mode *mode;
    uint32_t task_us, workers;
    uint64_t items_per_task;
    unsigned reps;
    double median_s, min_s, max_s, seq_median_s, speedup;
    double cpu_util;   /* median (user + sys) / wall: cores really kept busy */
    /* Trust (lib/measurement/stats.h): the speedup's interval from the two medians'
     * order-statistic intervals, and the flags of an impossible or suspect
     * speedup, with the reasons ("" when none). */
    double speedup_lo, speedup_hi;
    unsigned flags;
    char flag_text[160];
    char impossible_text[120];  /* the speedup flags alone, for the table */
};

/* Fills speedup_lo/hi, flags and flag_text of the ncfg rows of one
 * duration (rows[0] is seq), from each row's wall times, sorted
 * (walls[c * reps .. c * reps + reps)).  `cores`: those the run could use. */
void granularity_flag_rows(struct granularity_row *rows, size_t ncfg, const double *walls,
                           unsigned reps, double cores);

/* Rows come in order of ascending task_us; at each duration seq first,
 * then the modes in a fixed order.  Writers return 0, or -1 with errno. */
int granularity_write_csv(const char *dir, const struct granularity_row *rows, size_t n,
                          uint32_t tasks, double items_per_us);

/* The smallest task duration from which the mode's speedup stays >= 1,
 * up to the longest duration measured; 0 when it never does. */
uint32_t breakeven_task_us(const struct mode *m, const struct granularity_row *rows, size_t n);

int breakeven_write_csv(const char *dir, const struct mode *const *modes, size_t nmodes,
                        const struct granularity_row *rows, size_t n);

void granularity_print_table(const struct mode *const *modes, size_t nmodes, uint32_t tasks,
                             uint32_t workers, const struct granularity_row *rows, size_t n);

#endif
