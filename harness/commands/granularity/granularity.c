/* granularity.c - `gilbench granularity`: the break-even task size.
 *
 * The number of tasks stays fixed (64 by default) while the work in one
 * task grows from a microsecond to 100 ms.  Every mode pays its start-up
 * (threads created, processes forked) once per run, whatever the tasks
 * cost; with tiny tasks that fixed cost dominates and the "parallel"
 * run is slower than a plain loop; with large ones it vanishes and the
 * speedup approaches the worker count.  The break-even point is the
 * smallest task duration from which the speedup stays at or above 1.
 *
 * Tasks are made of the `spin` kernel, whose items all cost the same:
 * items per microsecond is measured once at start (the fastest of a few
 * runs, the speed of an undisturbed core) and recorded in every row, and
 * the task sizes follow from it.  For each duration, seq and every mode run
 * through measure_rep() in interleaved rounds (lib/measurement/timing.h), as `sweep`
 * does, so a slow spell of the machine hits all of them alike; each mode's
 * checksum must equal seq's.  Each row carries its speedup's interval and
 * the flags of an impossible or suspect speedup (granularity_flag_rows).
 */
#include "commands/granularity/granularity.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands/granularity/granularity_table.h"
#include "lib/machine/affinity.h"
#include "lib/measurement/clock.h"
#include "commands/granularity/durations.h"
#include "commands/granularity/granularity_options.h"
#include "lib/machine/machine.h"
#include "modes/measure.h"
#include "lib/cli.h"
#include "registry.h"
#include "lib/measurement/progress.h"
#include "lib/files/results.h"
#include "lib/processes/signals.h"
#include "lib/measurement/stats.h"
#include "lib/measurement/timing.h"
#include "modes/workers/tasks.h"

enum { MAX_CONFIGS = CLI_MAX_LIST + 1 };
static const double WARMUP_UP_TO_S = 0.1; /* warm up a duration whose seq run is shorter */
/* A duration whose seq run is shorter gets three times the repetitions:
 * they cost next to nothing, and there a millisecond of a busy or absent
 * core is the whole difference between the modes. */
static const double SHORT_RUN_S = 0.01;

/* A pause after the calibration's spin.  Seen on a 2-core VM: right after
 * the main thread had kept its CPU busy for a few hundred milliseconds,
 * the threads created next often all ran on that same CPU (cpu_util 1.0,
 * `threads` at ~1x for 10 us tasks instead of ~1.7x): the scheduler places
 * new threads by the CPUs' recent load, and tasks of microseconds are done
 * before the load balancer moves one.  That load history decays with a
 * half-life of 32 ms, so a quarter of a second clears it. */
static const double CALIBRATION_SETTLE_S = 0.25;

static void settle(double seconds)
{
    struct timespec left = {.tv_sec = 0, .tv_nsec = (long)(seconds * 1e9)};

    /* Fails only with EINTR (resumed, unless asked to stop) or EINVAL,
     * which a valid relative time cannot give. */
    while (clock_nanosleep(CLOCK_MONOTONIC, 0, &left, &left) == EINTR && !signals_interrupted())
        ;
}

/* timing_run_fn: one run of the spin kernel over call->iterations items
 * on this thread; values[0] is its wall time. */
static int spin_run(void *arg, const struct timing_call *call, double *values)
{
    const struct kernel *spin = arg;
    struct worker_ctx ctx = {.eval_breaker = NULL, .gil = NULL, .worker = 0};
    struct partial p;
    double t0 = clock_now();

    spin->run(NULL, 0, call->iterations, &ctx, &p);
    values[0] = clock_now() - t0;
    return TIMING_OK;
}

/* Items of spin per microsecond on one undisturbed core: the fastest of
 * five runs, each long enough (tens of ms) for the clock.  Returns 0, or
 * TIMING_INTERRUPTED. */
static int spin_calibrate(const struct kernel *spin, double *items_per_us, uint64_t *items_used)
{
    const struct timing_spec spec = {
        .nconfigs = 1, .nvalues = 1, .reps = 5, .min_run_s = 0.02,
        .run = spin_run, .arg = (void *)spin,
    };
    struct timing_config timing;
    int rc = timing_loop(&spec, &timing);

    if (rc != TIMING_OK)
        return rc;
    *items_used = timing.iterations;
    *items_per_us = (double)timing.iterations / (timing.value[0].min * 1e6);
    return 0;
}

/* What one duration's timing loop works on. */
struct duration_run {
    const struct gran_options *o;
    const struct mode *const *cfg;
    const struct run_plan *base;
    uint32_t task_us;
    struct progress *progress;
    char seq_checksum[48];   /* every mode must give seq's */
    double *walls;           /* walls[config * reps + rep - 1]: for the intervals and flags */
    unsigned reps;
};

/* timing_run_fn: one run of cfg[call->config] (0 is seq); values are its
 * wall time and its cpu_util. */
static int duration_measure(void *arg, const struct timing_call *call, double *values)
{
    struct duration_run *d = arg;
    const struct mode *mode = d->cfg[call->config];
    struct run_plan plan = *d->base;
    struct rep_row row;
    char what[96], error[512];

    plan.workers = call->config == 0 ? 1 : d->o->workers;
    snprintf(what, sizeof what, "%s, %u us tasks%s", mode->name, d->task_us,
             call->warmup ? ", warm-up" : "");
    progress_step(d->progress, what);
    if (measure_rep(mode, &plan, &row, error, sizeof error) != 0) {
        fprintf(stderr, "gilbench granularity: %s failed: %s\n", what, error);
        return TIMING_FAILED;
    }
    if (call->config == 0 && d->seq_checksum[0] == '\0') {
        snprintf(d->seq_checksum, sizeof d->seq_checksum, "%s", row.checksum);
    } else if (strcmp(row.checksum, d->seq_checksum) != 0) {
        fprintf(stderr, "gilbench granularity: checksum mismatch: %s gave %s, seq gave %s\n",
                what, row.checksum, d->seq_checksum);
        return TIMING_FAILED;
    }
    values[0] = row.wall_s;
    values[1] = row.cpu_util;
    if (!call->warmup && call->rep >= 1 && call->rep <= d->reps)
        d->walls[call->config * d->reps + call->rep - 1] = row.wall_s;
    return TIMING_OK;
}

/* Runs one duration: warm-up, then interleaved rounds; fills ncfg rows.
 * Returns 0, 1 when interrupted, or -1 after printing the error. */
static int measure_duration(const struct gran_options *o, const struct mode *const *cfg,
                            size_t ncfg, const struct run_plan *base, struct granularity_row *rows,
                            struct progress *progress)
{
    double seq_run_s = rows[0].task_us * 1e-6 * base->tasks;
    struct duration_run d = {.o = o, .cfg = cfg, .base = base, .task_us = rows[0].task_us,
                             .progress = progress};
    /* One unmeasured round first, unless a round is long enough to be its
     * own warm-up (and a second one would cost seconds). */
    const struct timing_spec spec = {
        .nconfigs = ncfg, .nvalues = 2, .warmup = seq_run_s <= WARMUP_UP_TO_S,
        .reps = seq_run_s < SHORT_RUN_S ? 3 * o->reps : o->reps,
        .run = duration_measure, .arg = &d,
    };
    struct timing_config timing[MAX_CONFIGS];
    int rc;

    d.reps = spec.reps;
    d.walls = calloc(ncfg * spec.reps, sizeof *d.walls);
    if (d.walls == NULL) {
        fprintf(stderr, "gilbench granularity: out of memory\n");
        return -1;
    }
    rc = timing_loop(&spec, timing);
    if (rc != TIMING_OK) {
        free(d.walls);
        return rc;
    }
    for (size_t c = 0; c < ncfg; c++) {
        rows[c].workers = c == 0 ? 1 : o->workers;
        rows[c].reps = spec.reps;
        rows[c].median_s = timing[c].value[0].median;
        rows[c].min_s = timing[c].value[0].min;
        rows[c].max_s = timing[c].value[0].max;
        rows[c].cpu_util = timing[c].value[1].median;
    }
    for (size_t c = 0; c < ncfg; c++) {
        rows[c].seq_median_s = rows[0].median_s;
        rows[c].speedup = rows[c].median_s > 0 ? rows[0].median_s / rows[c].median_s : NAN;
        /* The loop did not fail, so every repetition is in walls. */
        stats_sort(&d.walls[c * spec.reps], spec.reps);
    }
    granularity_flag_rows(rows, ncfg, d.walls, spec.reps, o->cores);
    free(d.walls);
    return 0;
}

int granularity_main(int argc, char **argv)
{
    struct gran_options o;
    const struct mode *cfg[MAX_CONFIGS];
    const struct kernel *spin = kernel_find("spin");
    struct granularity_row *rows;
    struct results dir = {0};
    struct machine machine;
    struct progress progress;
    char error[512];
    uint64_t calib_items;
    double items_per_us;
    size_t ncfg, nrows = 0;
    int status = 0;

    granularity_parse(&o, argc, argv);
    if (spin == NULL || mode_find("seq") == NULL) {
        fprintf(stderr, "gilbench granularity: this build lacks the spin kernel or the seq mode\n");
        return EXIT_RUN_FAILED;
    }
    cfg[0] = mode_find("seq");
    for (size_t m = 0; m < o.nmodes; m++)
        cfg[m + 1] = o.modes[m];
    ncfg = o.nmodes + 1;
    rows = calloc(o.ndurations * ncfg, sizeof *rows);
    if (rows == NULL || signals_install() != 0) {
        fprintf(stderr, "gilbench granularity: cannot start: %s\n", strerror(errno));
        free(rows);
        return EXIT_RUN_FAILED;
    }
    fault_injection_init();
    machine_describe(&machine);
    int pin_cpus[AFFINITY_MAX_CPUS], npin_cpus = 0;
    if (o.pin && affinity_plan(o.workers, pin_cpus, &npin_cpus, machine.pinning,
                               sizeof machine.pinning) != 0) {
        fprintf(stderr, "gilbench granularity: --pin: cannot read the CPUs allowed: %s\n",
                strerror(errno));
        free(rows);
        return EXIT_RUN_FAILED;
    }
    if (machine_probe_parallelism(&machine, o.quick ? 0.1 : 0.25) != 0)
        fprintf(stderr, "gilbench granularity: warning: the parallelism probe failed\n");
    o.cores = machine.measured_cores > 0 ? machine.measured_cores : (double)machine.allowed_cores;
    if (results_create_dir(&dir, o.out, error, sizeof error) != 0) {
        fprintf(stderr, "gilbench granularity: %s\n", error);
        free(rows);
        return EXIT_RUN_FAILED;
    }
    if (machine_write_meta(&machine, dir.dir, o.argv_line) != 0) {
        fprintf(stderr, "gilbench granularity: cannot write %s/meta: %s\n", dir.dir,
                strerror(errno));
        free(rows);
        return EXIT_RUN_FAILED;
    }
    if (spin_calibrate(spin, &items_per_us, &calib_items) != 0) {
        fprintf(stderr, "gilbench granularity: interrupted during the spin calibration\n");
        free(rows);
        return 128 + signals_interrupted();
    }
    settle(CALIBRATION_SETTLE_S);
    printf("spin calibration: %.2f items per microsecond (fastest of 5 runs of %llu items)\n",
           items_per_us, (unsigned long long)calib_items);
    progress_start(&progress, -1, (unsigned)(o.ndurations * ncfg * (o.reps + 1)));

    for (size_t d = 0; d < o.ndurations && status == 0; d++) {
        uint64_t per_task = (uint64_t)llround(o.task_us[d] * items_per_us);
        struct run_plan plan = {
            .kernel = spin, .tasks = o.tasks, .switch_interval_s = 0.005,
            .check_interval = 100, .timeout_s = 600,
            .pin_cpus = o.pin ? pin_cpus : NULL, .npin_cpus = npin_cpus,
        };
        struct granularity_row *r = &rows[nrows];
        int rc;

        plan.items = (per_task ? per_task : 1) * o.tasks;
        for (size_t c = 0; c < ncfg; c++)
            r[c] = (struct granularity_row){.mode = cfg[c], .task_us = o.task_us[d],
                                     .items_per_task = plan.items / o.tasks};
        rc = measure_duration(&o, cfg, ncfg, &plan, r, &progress);
        if (rc == 0)
            nrows += ncfg;
        else if (rc < 0)
            status = EXIT_RUN_FAILED;
        if (granularity_write_csv(dir.dir, rows, nrows, o.tasks, items_per_us) != 0) {
            fprintf(stderr, "gilbench granularity: cannot write %s/granularity.csv: %s\n", dir.dir,
                    strerror(errno));
            status = EXIT_RUN_FAILED;
        }
        if (rc == 1)
            break;
    }
    progress_finish(&progress);
    granularity_print_table(o.modes, o.nmodes, o.tasks, o.workers, rows, nrows);
    if (machine_is_short_of_cores(&machine))
        printf("machine: %ld online cores, %.2f measured at start - WARNING: the machine is busy or "
               "throttled; speedups above are capped by that\n", machine.online_cores,
               machine.measured_cores);
    /* A break-even point from a sweep cut short would be wrong, not partial. */
    if (status == 0 && !signals_interrupted() &&
        breakeven_write_csv(dir.dir, o.modes, o.nmodes, rows, nrows) != 0) {
        fprintf(stderr, "gilbench granularity: cannot write %s/breakeven.csv: %s\n", dir.dir,
                strerror(errno));
        status = EXIT_RUN_FAILED;
    }
    printf("results: %s/ (granularity.csv, breakeven.csv, meta)\n", dir.dir);
    free(rows);
    if (signals_interrupted()) {
        fprintf(stderr, "gilbench granularity: interrupted; the durations finished so far are saved\n");
        return 128 + signals_interrupted();
    }
    return status;
}
