/* measure.h - one repetition of one configuration, measured. */
#ifndef GILBENCH_MEASURE_H
#define GILBENCH_MEASURE_H

#include "modes/modes.h"

/* One row of runs.csv.  Units: seconds, kilobytes, counts. */
struct rep_row {
    const struct kernel *kernel;
    const struct mode *mode;
    uint32_t workers;
    uint64_t items;
    uint32_t tasks;
    unsigned rep;              /* 1-based */
    double wall_s, user_s, sys_s, cpu_util;
    double startup_s, compute_s, collect_s;
    char checksum[48];
    long vol_ctx_switches, invol_ctx_switches, max_rss_kb;
    struct gil_stats gil;
    double switch_interval_s;
    int remeasured;            /* 1: an extra repetition, run because the first ones were suspect */
    uint64_t worker_replacements, task_retries;  /* pool: faults survived */
};

/* The repetitions of a run, the same for `run`, `sweep` and gilbench-mpi
 * (their default count of measured ones differs): at most this many, the
 * unmeasured warm-ups first, and how long one may take before its worker
 * (or rank) is declared hung. */
enum { MEASURE_MAX_REPS = 1000, MEASURE_DEFAULT_WARMUP = 1, MEASURE_MAX_WARMUP = 100 };
#define MEASURE_DEFAULT_TIMEOUT_S 600.0

/* Runs the plan once under `mode` and fills `row` (all but `rep`).
 * Returns 0, or -1 with the mode's error in `error`. */
int measure_rep(const struct mode *mode, const struct run_plan *plan, struct rep_row *row,
                char *error, size_t error_len);

#endif
