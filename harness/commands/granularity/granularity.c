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
 * through measure_rep() in interleaved rounds, as `sweep` does, so a slow
 * spell of the machine hits all of them alike; each mode's checksum must
 * equal seq's.
 */
#include "commands/granularity/granularity.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands/granularity/granularity_table.h"
#include "lib/affinity.h"
#include "lib/clock.h"
#include "commands/granularity/durations.h"
#include "lib/machine.h"
#include "modes/measure.h"
#include "lib/cli.h"
#include "registry.h"
#include "lib/progress.h"
#include "lib/results.h"
#include "lib/signals.h"
#include "modes/tasks.h"

enum { MAX_REPS = 1000, MAX_TASKS = 100000, MAX_CONFIGS = CLI_MAX_LIST + 1 };
static const double WARMUP_UP_TO_S = 0.1; /* warm up a duration whose seq run is shorter */
/* A duration whose seq run is shorter gets three times the repetitions:
 * they cost next to nothing, and there a millisecond of a busy or absent
 * core is the whole difference between the modes. */
static const double SHORT_RUN_S = 0.01;

struct gran_options {
    uint32_t workers, tasks;
    uint32_t task_us[DURATIONS_MAX];
    size_t ndurations;
    const struct mode *modes[CLI_MAX_LIST]; /* seq excluded: it is always run */
    size_t nmodes;
    unsigned reps;
    int quick;
    const char *out;
    int pin;                 /* --pin: one CPU per worker (lib/affinity.h) */
    double cores;            /* for the flags: measured by the probe, else allowed */
    char argv_line[1024];
};


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

static void granularity_help(void)
{
    printf("usage: gilbench granularity [options]\n"
           "A fixed number of tasks of calibrated pure CPU work (the spin kernel), each\n"
           "task lasting from 1 us to 100 ms: speedup of each mode over seq, measured in\n"
           "the same run, and the task duration from which each mode breaks even.\n\n"
           "  -w, --workers N      1 to %d (default 2)\n"
           "  -t, --tasks N        tasks per run, 1 to %d (default 64)\n"
           "      --durations LIST durations of one task, 1us to 1s: a list (30us,2ms,...), a\n"
           "                       log range LO..HI in 1-3-10 steps, or both (default\n"
           "                       1us..100ms; --quick: 1us..1ms); a bare number is us\n"
           "  -m, --modes LIST     parallel modes (default: threads,fork and pool,spawn when\n"
           "                       they exist); seq always runs\n"
           "  -r, --reps N         measured repetitions, 1 to %d (default 3; --quick: 5);\n"
           "                       three times as many where a seq run takes under 10 ms\n"
           "      --quick          short durations only: a few seconds\n"
           "      --pin            pin worker i to the i-th CPU allowed (sched_setaffinity)\n"
           "  -o, --out DIR        result directory (default: a new results/<run-id>/)\n"
           "Writes DIR/granularity.csv, DIR/breakeven.csv and DIR/meta.\n",
           KERNEL_MAX_WORKERS, MAX_TASKS, MAX_REPS);
}

static void parse_modes(struct gran_options *o, char *arg)
{
    char *tok;

    o->nmodes = 0;
    while ((tok = strsep(&arg, ",")) != NULL) {
        const struct mode *m = mode_find(tok);
        if (m == NULL || strcmp(tok, "seq") == 0 || o->nmodes == CLI_MAX_LIST)
            usage_error("granularity", "--modes: expected parallel modes (see 'gilbench list modes'; "
                        "seq always runs), got '%s'", tok);
        for (size_t i = 0; i < o->nmodes; i++)
            if (o->modes[i] == m)
                usage_error("granularity", "--modes: '%s' is listed twice", tok);
        o->modes[o->nmodes++] = m;
    }
}

static void granularity_parse(struct gran_options *o, int argc, char **argv)
{
    enum { OPT_DURATIONS = 256, OPT_QUICK, OPT_PIN };
    static const struct option longopts[] = {
        {"workers", required_argument, NULL, 'w'}, {"tasks", required_argument, NULL, 't'},
        {"durations", required_argument, NULL, OPT_DURATIONS},
        {"modes", required_argument, NULL, 'm'}, {"reps", required_argument, NULL, 'r'},
        {"quick", no_argument, NULL, OPT_QUICK}, {"out", required_argument, NULL, 'o'},
        {"pin", no_argument, NULL, OPT_PIN},
        {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0},
    };
    const char *bad;
    int reps_given = 0, c, n;
    uint64_t v;

    memset(o, 0, sizeof *o);
    o->workers = 2;
    o->tasks = 64;
    for (int i = 0; i < argc; i++)
        snprintf(o->argv_line + strlen(o->argv_line), sizeof o->argv_line - strlen(o->argv_line),
                 "%s%s", i ? " " : "", argv[i]);
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":w:t:m:r:o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'w':
            if (parse_u64(optarg, 1, KERNEL_MAX_WORKERS, &v) != 0)
                usage_error("granularity", "--workers: expected a whole number from 1 to %d, got '%s'",
                            KERNEL_MAX_WORKERS, optarg);
            o->workers = (uint32_t)v;
            break;
        case 't':
            if (parse_u64(optarg, 1, MAX_TASKS, &v) != 0)
                usage_error("granularity", "--tasks: expected a whole number from 1 to %d, got '%s'",
                            MAX_TASKS, optarg);
            o->tasks = (uint32_t)v;
            break;
        case OPT_DURATIONS:
            n = durations_parse(optarg, o->task_us, DURATIONS_MAX, &bad);
            if (n < 0)
                usage_error("granularity", "--durations: expected up to %d durations from 1us to 1s "
                            "(30us, 2ms, ...) or ranges LO..HI, got '%s'", DURATIONS_MAX, bad);
            o->ndurations = (size_t)n;
            break;
        case 'm': parse_modes(o, optarg); break;
        case 'r':
            if (parse_u64(optarg, 1, MAX_REPS, &v) != 0)
                usage_error("granularity", "--reps: expected a whole number from 1 to %d, got '%s'",
                            MAX_REPS, optarg);
            o->reps = (unsigned)v;
            reps_given = 1;
            break;
        case OPT_QUICK: o->quick = 1; break;
        case OPT_PIN: o->pin = 1; break;
        case 'o': o->out = optarg; break;
        case 'h': granularity_help(); exit(0);
        case ':': usage_error("granularity", "option '%s' needs a value", argv[optind - 1]);
        default: usage_error("granularity", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        usage_error("granularity", "unexpected argument '%s'", argv[optind]);
    if (o->ndurations == 0) {
        char range[16];
        snprintf(range, sizeof range, "%s", o->quick ? "1us..1ms" : "1us..100ms");
        o->ndurations = (size_t)durations_parse(range, o->task_us, DURATIONS_MAX, &bad);
    }
    if (o->nmodes == 0) {
        static const char *const wanted[] = {"threads", "fork", "pool", "spawn"};
        for (size_t i = 0; i < sizeof wanted / sizeof wanted[0]; i++)
            if (mode_find(wanted[i]) != NULL)
                o->modes[o->nmodes++] = mode_find(wanted[i]);
    }
    if (!reps_given)
        o->reps = o->quick ? 5 : 3;
    if (o->out != NULL)
        check_out_dir("granularity", o->out);
}

/* Items of spin per microsecond on one undisturbed core: the fastest of
 * five runs, each long enough (tens of ms) for the clock. */
static double spin_calibrate(const struct kernel *spin, uint64_t *items_used)
{
    struct worker_ctx ctx = {.eval_breaker = NULL, .gil = NULL, .worker = 0};
    struct partial p;
    uint64_t n = 1024;
    double best = 0.0;

    for (int run = 0; run < 5;) {
        double t0 = clock_now(), t;
        spin->run(NULL, 0, n, &ctx, &p);
        t = clock_now() - t0;
        if (run == 0 && t < 0.02 && n < (1ULL << 36)) {
            n *= 2; /* still sizing */
            continue;
        }
        best = (run == 0 || t < best) ? t : best;
        run++;
    }
    *items_used = n;
    return (double)n / (best * 1e6);
}

/* Runs one duration: warm-up, then interleaved rounds; fills ncfg rows.
 * Returns 0, 1 when interrupted, or -1 after printing the error. */
static int measure_duration(const struct gran_options *o, const struct mode *const *cfg,
                            size_t ncfg, const struct run_plan *base, struct granularity_row *rows,
                            struct progress *progress)
{
    double seq_run_s = rows[0].task_us * 1e-6 * base->tasks;
    unsigned reps = seq_run_s < SHORT_RUN_S ? 3 * o->reps : o->reps;
    double *walls = calloc(2 * ncfg * reps, sizeof *walls);
    double *utils = walls + ncfg * reps;
    char seq_checksum[48] = "", error[512];
    int warm, rc = 0;

    if (walls == NULL) {
        fprintf(stderr, "gilbench granularity: out of memory\n");
        return -1;
    }
    /* One unmeasured round first, unless a round is long enough to be its
     * own warm-up (and a second one would cost seconds). */
    warm = seq_run_s <= WARMUP_UP_TO_S;
    for (unsigned rep = 0; rep < reps + (unsigned)warm && rc == 0; rep++) {
        for (size_t c = 0; c < ncfg && rc == 0; c++) {
            struct run_plan plan = *base;
            struct rep_row row;
            char what[96];

            if (signals_interrupted()) {
                rc = 1;
                break;
            }
            plan.workers = c == 0 ? 1 : o->workers;
            snprintf(what, sizeof what, "%s, %u us tasks%s", cfg[c]->name, rows[0].task_us,
                     warm && rep == 0 ? ", warm-up" : "");
            progress_step(progress, what);
            if (measure_rep(cfg[c], &plan, &row, error, sizeof error) != 0) {
                fprintf(stderr, "gilbench granularity: %s failed: %s\n", what, error);
                rc = -1;
            } else if (c == 0 && seq_checksum[0] == '\0') {
                snprintf(seq_checksum, sizeof seq_checksum, "%s", row.checksum);
            } else if (strcmp(row.checksum, seq_checksum) != 0) {
                fprintf(stderr, "gilbench granularity: checksum mismatch: %s gave %s, seq gave %s\n",
                        what, row.checksum, seq_checksum);
                rc = -1;
            }
            if (rc == 0 && !(warm && rep == 0)) {
                walls[c * reps + rep - (unsigned)warm] = row.wall_s;
                utils[c * reps + rep - (unsigned)warm] = row.cpu_util;
            }
        }
    }
    for (size_t c = 0; c < ncfg && rc == 0; c++) {
        double sd, lo, hi;
        rows[c].workers = c == 0 ? 1 : o->workers;
        rows[c].reps = reps;
        stats_of(&walls[c * reps], reps, &rows[c].median_s, &rows[c].min_s, &rows[c].max_s, &sd);
        stats_of(&utils[c * reps], reps, &rows[c].cpu_util, &lo, &hi, &sd);
    }
    for (size_t c = 0; c < ncfg && rc == 0; c++) {
        rows[c].seq_median_s = rows[0].median_s;
        rows[c].speedup = rows[c].median_s > 0 ? rows[0].median_s / rows[c].median_s : NAN;
    }
    if (rc == 0)   /* stats_of sorted each configuration's walls */
        granularity_flag_rows(rows, ncfg, walls, reps, o->cores);
    free(walls);
    return rc;
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
    if (results_create_dir(&dir, o.out, error, sizeof error) != 0 ||
        machine_write_meta(&machine, dir.dir, o.argv_line) != 0) {
        fprintf(stderr, "gilbench granularity: %s\n", error[0] ? error : strerror(errno));
        free(rows);
        return EXIT_RUN_FAILED;
    }
    items_per_us = spin_calibrate(spin, &calib_items);
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
