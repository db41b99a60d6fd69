/* timing.h - the one measurement loop every subcommand uses: warm up,
 * size, repeat in interleaved rounds, take medians.
 *
 * The model is lmbench's benchmp() (lib_timing.c): one skeleton owns the
 * order of the runs and the statistics, and each benchmark only supplies
 * "run configuration c with n iterations and say what you measured". */
#ifndef GILBENCH_TIMING_H
#define GILBENCH_TIMING_H

#include <stddef.h>
#include <stdint.h>

#include "lib/measurement/stats.h"

/* The most values one run may report (wall time, CPU use, ...). */
enum { TIMING_MAX_VALUES = 4 };

/* What the loop returns. */
enum timing_status {
    TIMING_OK = 0,
    TIMING_INTERRUPTED = 1,  /* SIGINT/SIGTERM (lib/processes/signals.h): stopped between runs */
    TIMING_FAILED = -1,      /* a run failed (it printed why) */
};

/* One call of the benchmark. */
struct timing_call {
    size_t config;          /* which configuration, 0 .. nconfigs-1 */
    uint64_t iterations;    /* what one run repeats: starts in a batch, ...; 1 if nothing */
    unsigned rep;           /* measured repetition, 1 .. reps; 0 for warm-up and sizing */
    int warmup;             /* 1: a warm-up run (not recorded) */
};

/* Runs call->config once with call->iterations.  Stores its values in
 * values[0 .. nvalues); values[0] must be the run's elapsed seconds when
 * the loop sizes runs (min_run_s).  Returns TIMING_OK, TIMING_FAILED
 * after printing why, or TIMING_INTERRUPTED to stop the whole loop. */
typedef int (*timing_run_fn)(void *arg, const struct timing_call *call, double *values);

/* Called after every measured round (every configuration once), even a
 * round cut short, so results can be written as they come.  Returns 0, or
 * -1 after printing why (the loop goes on; its result becomes FAILED). */
typedef int (*timing_round_fn)(void *arg, unsigned rep);

struct timing_spec {
    size_t nconfigs;
    size_t nvalues;              /* 0 .. TIMING_MAX_VALUES */
    unsigned warmup;             /* unmeasured rounds first */
    unsigned reps;               /* measured rounds */
    uint64_t warmup_iterations;  /* iterations of a warm-up run; 0: as measured */
    uint64_t iterations;         /* iterations of a measured run; 0: sized, or 1 */
    double min_run_s;            /* sizing: with iterations 0 and this > 0, iterations
                                  * double from 1 until a run lasts this long */
    int keep_going;              /* a failed configuration drops out, the others go on;
                                  * 0: the first failure ends the loop */
    timing_run_fn run;
    timing_round_fn after_round; /* optional */
    void *arg;
};

/* What the loop found for one configuration. */
struct timing_config {
    int failed;                  /* a run failed: it was not measured further */
    uint64_t iterations;         /* of each measured run */
    unsigned measured;           /* measured runs that succeeded */
    /* Over the measured runs, one per value; n is 0 when none succeeded. */
    struct stats_summary value[TIMING_MAX_VALUES];
};

/* Warm-up rounds (each configuration in turn, `warmup` times), then
 * sizing (each configuration, when asked), then `reps` rounds of every
 * configuration once: round r runs repetition r of each, so a slow spell
 * of a shared machine lands on all configurations alike and the ratios
 * between them stay honest.  Fills configs[0 .. nconfigs).  Returns
 * TIMING_OK, TIMING_FAILED (some run failed), or TIMING_INTERRUPTED. */
int timing_loop(const struct timing_spec *spec, struct timing_config *configs);

#endif
