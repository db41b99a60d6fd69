/* modes.h - what an execution mode is.
 *
 * A mode runs every task of a plan and leaves the partials combined in
 * task order in `result->total`.  It reports when its workers were all
 * started and when the last partial arrived, so the harness can split the
 * wall time into start-up, compute and collect phases.
 *
 * Adding a mode: one file harness/modes/mode_NAME.c defining a
 * `const struct mode`, plus one line in harness/modes/modes.c.
 */
#ifndef GILBENCH_MODES_H
#define GILBENCH_MODES_H

#include <stddef.h>
#include <stdint.h>

#include "gil/gil.h"
#include "kernel.h"

struct pool_options;

struct run_plan {
    const struct kernel *kernel;
    void *state;               /* from kernel->setup, or NULL */
    uint64_t items;
    uint32_t tasks;            /* same for every mode: that makes checksums match */
    uint32_t workers;
    double switch_interval_s;  /* gil: sys.setswitchinterval() */
    unsigned check_interval;   /* gil-legacy: sys.setcheckinterval() */
    double ticks_per_checkpoint; /* gil-legacy: ticks a checkpoint counts for, measured
                                  * before the runs (checkpoint_spacing.h); 0: 1 */
    const char *trace_path;    /* GIL modes: write every GIL event here, or NULL */
    uint32_t chunksize;        /* pool, spawn: tasks per chunk; 0: Pool.map's default */
    double timeout_s;          /* a repetition taking longer is a hung worker */
    /* --pin: worker w runs on pin_cpus[w % npin_cpus] (lib/machine/affinity.h);
     * NULL: wherever the scheduler puts it.  Threads and forked workers
     * (threads, gil, gil-legacy, fork, pool, openmp-*) are pinned; seq, eventloop
     * (the main thread) and spawn not. */
    const int *pin_cpus;
    int npin_cpus;
    const struct pool_options *pool;  /* pool: start method, queue, retries...; NULL: defaults */
};

/* Resource use of reaped child processes (wait4), for modes that fork. */
struct child_usage {
    double user_s, sys_s;
    long vol_ctx_switches, invol_ctx_switches;
    long max_rss_kb;
};

struct rep_result {
    struct partial total;
    double t_started;   /* clock_now() once every worker is running */
    double t_computed;  /* clock_now() once the last partial has arrived */
    struct gil_stats gil;
    struct child_usage children;
    uint64_t worker_replacements;  /* pool: workers that died or hung and were replaced */
    uint64_t task_retries;         /* pool: task runs repeated after such a fault */
    char error[256];    /* set when the mode returns -1 */
};

struct mode {
    const char *name;
    const char *summary;
    int (*run)(const struct run_plan *plan, struct rep_result *result);
    /* 1: checkpoints count as ticks (run_plan.ticks_per_checkpoint), which
     * whoever runs the mode measures first (gil-legacy). */
    int counts_ticks;
};

extern const struct mode *const mode_table[];
extern const size_t mode_count;
const struct mode *mode_find(const char *name);

#endif
