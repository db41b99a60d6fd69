/* workload.h - measuring a file workload (`images`, `hash`) under modes.
 *
 * A file workload is a kernel adapter whose items are file indices (one
 * task per file) plus per-file records in shared memory.  This module runs
 * its configurations -- a mode, a worker count and one workload-specific
 * knob (block size, GIL held or released) -- through the shared
 * measurement loop (lib/measurement/timing.h: warm-up rounds, then interleaved
 * rounds, so a slow spell of a shared machine hits every configuration
 * alike), each run through measure_rep(); and it checks after every run that the
 * workload's own verdict (every digest, every output checksum) equals the
 * first run's.  `spawn` is refused: its workers start afresh and cannot
 * share the records. */
#ifndef GILBENCH_WORKLOAD_H
#define GILBENCH_WORKLOAD_H

#include <stddef.h>
#include <stdint.h>

#include "lib/measurement/progress.h"
#include "modes/measure.h"

struct workload_config {
    const struct mode *mode;
    uint32_t workers;
    uint64_t knob;            /* the workload's own parameter */
};

struct workload_row {
    size_t config;            /* index into the configurations */
    unsigned rep;             /* 1-based */
    struct rep_row m;
};

struct workload_hooks {
    void *job;
    /* Before each run: reset the records, apply cfg->knob to the job. */
    void (*prepare)(void *job, const struct workload_config *cfg);
    /* After each run: 0 when the records agree with the first run's
     * (`first` set: this run becomes the reference), else -1 with `error`. */
    int (*verify)(void *job, int first, char *error, size_t error_len);
};

/* Parses a mode list (-m); exits with status 2 naming a bad one. */
size_t workload_parse_modes(const char *command, char *arg, const struct mode **modes, size_t max);

/* Runs `warmup` unmeasured and `reps` measured rounds over every config.
 * The plan's kernel, state, items and tasks must be set.  *rows gets
 * ncfg x reps rows (malloc'd).  Returns 0, 1 when interrupted, or -1 after
 * printing the problem (as "gilbench COMMAND: ..."). */
int workload_measure(const char *command, const struct workload_hooks *hooks,
                     struct run_plan *plan, const struct workload_config *cfg, size_t ncfg,
                     unsigned warmup, unsigned reps, struct progress *progress,
                     struct workload_row **rows);

/* The median wall time of config c over its rows. */
double workload_median_wall(const struct workload_row *rows, size_t nrows, size_t c);

/* Wall-time statistics of config c: repetitions, median, min, max, and
 * the median cpu_util.  Returns the number of repetitions. */
size_t workload_stats(const struct workload_row *rows, size_t nrows, size_t c, double *median,
                      double *min, double *max, double *cpu_util);

/* The seq configuration that config `c` is measured against: the first
 * seq one, with the same knob when `same_knob`.  SIZE_MAX when none. */
size_t workload_seq_config(const struct workload_config *cfg, size_t ncfg, size_t c, int same_knob);

/* Why config c's row cannot be trusted as it stands (stats_flags), as the
 * run's summary rows are judged: a speedup over seq_c's median above the
 * workers, above `cores` for CPU work (`cpu_bound`), above 1 for CPU work
 * that holds a GIL (`under_gil`); a min-max spread too wide; seq_c's
 * baseline drifting during the run.  seq_c SIZE_MAX: no speedup or drift.
 * Writes the reasons ("" when none) to `text`; returns the flags. */
struct workload_judge {
    double cores;
    int cpu_bound;
    int under_gil;
};
unsigned workload_flags(const struct workload_row *rows, size_t nrows, size_t c, size_t seq_c,
                        uint32_t workers, const struct workload_judge *judge, char *text,
                        size_t len);

#endif
