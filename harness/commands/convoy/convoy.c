/* convoy.c - `gilbench convoy`: the convoy effect (bpo-7946).
 *
 * One I/O-bound thread does many short blocking operations, releasing the
 * GIL around each one, as a thread serving a socket does.  It runs alone,
 * then beside one CPU-bound thread, under the new GIL at several switch
 * intervals and under the legacy GIL.
 *
 * Under the new GIL the I/O thread, back from each operation, must take
 * the GIL from a CPU-bound holder that never lets go by itself: it waits a
 * whole switch interval, times out, asks for a drop, and only then runs.
 * Every operation pays about one interval, whatever the operation itself
 * costs, so I/O throughput collapses to roughly 1/interval per second.
 * Under the legacy GIL the holder lets go every few checks, so the waiter
 * gets a chance within microseconds, though not a guaranteed one.
 *
 * Each operation is timed from the start of the blocking call until the
 * thread holds the GIL again: what a Python program would see.
 */
#include "commands/convoy/convoy.h"

#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/atomic_file.h"
#include "lib/clock.h"
#include "gil/gil_legacy.h"
#include "gil/gil_new.h"
#include "gil/trace.h"
#include "hooks.h"
#include "lib/machine.h"
#include "lib/cli.h"
#include "registry.h"
#include "lib/results.h"

enum { CONVOY_MAX_INTERVALS = 8 };

struct convoy_params {
    uint64_t ops;        /* blocking operations of the I/O thread */
    double op_s;         /* how long one blocks */
    unsigned check_interval;
};

struct convoy_io {
    const struct convoy_params *p;
    struct gil_thread t;
    atomic_int *done;
    double *latency_s;   /* one per operation */
    double wall_s;
};

struct convoy_cpu {
    struct gil_thread t;
    atomic_int *done;
};

static void *convoy_io_main(void *arg)
{
    struct convoy_io *io = arg;
    struct worker_ctx ctx = {.gil = &io->t, .eval_breaker = io->t.ops->eval_breaker(io->t.lock)};
    struct timespec op = {.tv_sec = 0, .tv_nsec = (long)(io->p->op_s * 1e9)};
    double t0;

    gil_take(&io->t);
    t0 = clock_now();
    for (uint64_t i = 0; i < io->p->ops; i++) {
        struct timespec left = op;
        double start = clock_now();

        blocking_begin(&ctx);
        while (clock_nanosleep(CLOCK_MONOTONIC, 0, &left, &left) == EINTR)
            ;
        blocking_end(&ctx);
        io->latency_s[i] = clock_now() - start;
        checkpoint(&ctx);
    }
    io->wall_s = clock_now() - t0;
    atomic_store(io->done, 1);
    gil_release_final(&io->t);
    return NULL;
}

/* A CPU-bound Python thread: nothing but work and checkpoints. */
#define CONVOY_CPU_BLOCK_NS 80.0
static void *convoy_cpu_main(void *arg)
{
    struct convoy_cpu *cpu = arg;
    struct worker_ctx ctx = {.gil = &cpu->t, .eval_breaker = cpu->t.ops->eval_breaker(cpu->t.lock)};
    volatile uint64_t sink = 0;

    gil_take(&cpu->t);
    while (!atomic_load_explicit(cpu->done, memory_order_relaxed)) {
        for (int i = 0; i < 200; i++) /* CONVOY_CPU_BLOCK_NS */
            sink += (uint64_t)i * i;
        checkpoint(&ctx);
    }
    gil_release_final(&cpu->t);
    return NULL;
}

struct convoy_row {
    const char *scenario;  /* alone, beside-cpu */
    const char *mode;      /* gil, gil-legacy */
    double switch_interval_s;
    double ops_per_s, median_us, p90_us, max_us;
};

/* Runs one scenario; returns 0 or -1 (message printed). */
static int convoy_measure(const struct convoy_params *p, const struct gil_ops *ops, void *lock,
                          int with_cpu, struct convoy_row *row)
{
    atomic_int done = 0;
    struct convoy_io io = {.p = p, .done = &done};
    struct convoy_cpu cpu = {.done = &done};
    pthread_t io_th, cpu_th;
    double med, lo, hi, sd;
    int err;

    io.latency_s = calloc(p->ops, sizeof *io.latency_s);
    if (io.latency_s == NULL)
        return -1;
    gil_thread_init(&io.t, ops, lock, 0);
    gil_thread_init(&cpu.t, ops, lock, 1);
    /* gil-legacy counts ticks of Python 2 work (gil.h, GIL_TICK_NS): one
     * block of the CPU thread's loop below measured 80 ns on the
     * development machine (the fastest of 200000 blocks), about 4 ticks. */
    cpu.t.ticks_per_checkpoint = gil_ticks_per_checkpoint(CONVOY_CPU_BLOCK_NS);
    /* The CPU thread starts first and holds the GIL, as a running
     * computation would when a request arrives. */
    if (with_cpu && (err = pthread_create(&cpu_th, NULL, convoy_cpu_main, &cpu)) != 0) {
        fprintf(stderr, "gilbench convoy: pthread_create: %s\n", strerror(err));
        free(io.latency_s);
        return -1;
    }
    if ((err = pthread_create(&io_th, NULL, convoy_io_main, &io)) != 0) {
        fprintf(stderr, "gilbench convoy: pthread_create: %s\n", strerror(err));
        atomic_store(&done, 1);
        if (with_cpu && pthread_join(cpu_th, NULL) != 0)
            fprintf(stderr, "gilbench convoy: pthread_join failed\n");
        free(io.latency_s);
        return -1;
    }
    if ((err = pthread_join(io_th, NULL)) != 0 ||
        (with_cpu && (err = pthread_join(cpu_th, NULL)) != 0)) {
        fprintf(stderr, "gilbench convoy: pthread_join: %s\n", strerror(err));
        free(io.latency_s);
        return -1;
    }
    row->ops_per_s = (double)p->ops / io.wall_s;
    stats_of(io.latency_s, p->ops, &med, &lo, &hi, &sd); /* sorts */
    row->median_us = med * 1e6;
    row->p90_us = io.latency_s[(size_t)((double)(p->ops - 1) * 0.9)] * 1e6;
    row->max_us = hi * 1e6;
    free(io.latency_s);
    return 0;
}

static int convoy_run_one(const struct convoy_params *p, const char *mode, double interval,
                          int with_cpu, struct convoy_row *row)
{
    int rc, err;

    row->scenario = with_cpu ? "beside-cpu" : "alone";
    row->mode = mode;
    row->switch_interval_s = interval;
    if (strcmp(mode, "gil") == 0) {
        struct gil g;
        if ((err = gil_init(&g, interval)) != 0)
            return -1;
        rc = convoy_measure(p, &gil_new_ops, &g, with_cpu, row);
        gil_destroy(&g);
    } else {
        struct gil_legacy g;
        if ((err = gil_legacy_init(&g, p->check_interval)) != 0)
            return -1;
        rc = convoy_measure(p, &gil_legacy_ops, &g, with_cpu, row);
        gil_legacy_destroy(&g);
    }
    return rc;
}

static int convoy_write_csv(const char *dir, const struct convoy_params *p,
                            const struct convoy_row *rows, size_t n)
{
    struct atomic_file f;

    if (atomic_file_open_in(&f, dir, "convoy.csv") != 0)
        return -1;
    fputs("scenario,mode,switch_interval_s,ops,op_us,ops_per_s,median_op_us,p90_op_us,max_op_us,"
          "median_extra_intervals\n", f.fp);
    for (size_t i = 0; i < n; i++) {
        const struct convoy_row *r = &rows[i];
        fprintf(f.fp, "%s,%s,%.6f,%llu,%.0f,%.1f,%.1f,%.1f,%.1f,", r->scenario, r->mode,
                r->switch_interval_s, (unsigned long long)p->ops, p->op_s * 1e6, r->ops_per_s,
                r->median_us, r->p90_us, r->max_us);
        /* What each operation paid beyond itself, in switch intervals:
         * about 1 is the convoy effect. */
        if (strcmp(r->mode, "gil") == 0)
            fprintf(f.fp, "%.2f\n", (r->median_us - rows[0].median_us) / (r->switch_interval_s * 1e6));
        else
            fputs("\n", f.fp);
    }
    return atomic_file_commit(&f);
}

static int convoy_run(const struct convoy_params *p, const double *intervals, size_t nintervals,
                      const char *out)
{
    struct convoy_row rows[2 * CONVOY_MAX_INTERVALS + 3];
    struct results results;
    struct machine machine;
    char error[512], options[128];
    size_t n = 0;

    memset(&results, 0, sizeof results);
    machine_describe(&machine);
    if (results_create_dir(&results, out, error, sizeof error) != 0) {
        fprintf(stderr, "gilbench convoy: %s\n", error);
        return EXIT_RUN_FAILED;
    }
    snprintf(options, sizeof options, "convoy ops=%llu op_us=%.0f check_interval=%u",
             (unsigned long long)p->ops, p->op_s * 1e6, p->check_interval);
    if (machine_write_meta(&machine, results.dir, options) != 0) {
        fprintf(stderr, "gilbench convoy: cannot write meta: %s\n", strerror(errno));
        return EXIT_RUN_FAILED;
    }
    /* The baseline first: the operation with nobody competing. */
    if (convoy_run_one(p, "gil", intervals[0], 0, &rows[n++]) != 0)
        return EXIT_RUN_FAILED;
    for (size_t i = 0; i < nintervals; i++)
        if (convoy_run_one(p, "gil", intervals[i], 1, &rows[n++]) != 0)
            return EXIT_RUN_FAILED;
    if (convoy_run_one(p, "gil-legacy", 0.0, 1, &rows[n++]) != 0)
        return EXIT_RUN_FAILED;
    if (convoy_write_csv(results.dir, p, rows, n) != 0) {
        fprintf(stderr, "gilbench convoy: cannot write %s/convoy.csv: %s\n", results.dir,
                strerror(errno));
        return EXIT_RUN_FAILED;
    }
    printf("I/O thread: %llu blocking operations of %.0f us each\n", (unsigned long long)p->ops,
           p->op_s * 1e6);
    printf("%-11s %-10s %10s %10s %12s %10s %10s\n", "scenario", "mode", "interval", "ops/s",
           "median_us", "p90_us", "max_us");
    for (size_t i = 0; i < n; i++) {
        char interval[32];
        if (strcmp(rows[i].mode, "gil") == 0 && strcmp(rows[i].scenario, "alone") != 0)
            snprintf(interval, sizeof interval, "%g ms", rows[i].switch_interval_s * 1e3);
        else
            snprintf(interval, sizeof interval, "-");
        printf("%-11s %-10s %10s %10.0f %12.1f %10.1f %10.1f\n", rows[i].scenario, rows[i].mode,
               interval, rows[i].ops_per_s, rows[i].median_us, rows[i].p90_us, rows[i].max_us);
    }
    printf("results: %s/convoy.csv\n", results.dir);
    return 0;
}

static void convoy_help(void)
{
    printf("usage: gilbench convoy [options]\n"
           "An I/O-bound thread (short blocking operations, GIL released around each)\n"
           "alone and beside a CPU-bound thread, under gil at each switch interval and\n"
           "under gil-legacy: operations per second and latency per operation.\n\n"
           "  --switch-interval LIST  gil switch intervals in seconds (default 0.001,0.005,0.02)\n"
           "  --check-interval N      gil-legacy checks between releases, 1 to 1000000 (default 100)\n"
           "  --ops N                 blocking operations per scenario, 10 to 1000000 (default 400)\n"
           "  --op-us N               microseconds one operation blocks, 1 to 100000 (default 100)\n"
           "  --quick                 fewer operations (100)\n"
           "  -o, --out DIR           result directory (default: a new results/<run-id>/)\n"
           "Writes DIR/convoy.csv and DIR/meta.\n");
}

int convoy_main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"switch-interval", required_argument, NULL, 's'},
        {"check-interval", required_argument, NULL, 'c'},
        {"ops", required_argument, NULL, 'n'},
        {"op-us", required_argument, NULL, 'u'},
        {"quick", no_argument, NULL, 'q'},
        {"out", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct convoy_params p = {.ops = 400, .op_s = 100e-6, .check_interval = 100};
    double intervals[CONVOY_MAX_INTERVALS] = {0.001, 0.005, 0.02};
    size_t nintervals = 3;
    const char *out = NULL;
    int quick = 0, ops_given = 0, c;
    uint64_t v;

    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 's': {
            char *parts[CONVOY_MAX_INTERVALS];
            int n = split_list(optarg, parts, CONVOY_MAX_INTERVALS);
            if (n < 0)
                usage_error("convoy", "--switch-interval: expected up to %d seconds from 0.00001 to 1",
                            CONVOY_MAX_INTERVALS);
            for (int i = 0; i < n; i++)
                if (parse_seconds(parts[i], 1e-5, 1.0, &intervals[i]) != 0)
                    usage_error("convoy", "--switch-interval: expected seconds from 0.00001 to 1, got '%s'",
                                parts[i]);
            nintervals = (size_t)n;
            break;
        }
        case 'c':
            if (parse_u64(optarg, 1, 1000000, &v) != 0)
                usage_error("convoy", "--check-interval: expected a whole number from 1 to 1000000, got '%s'", optarg);
            p.check_interval = (unsigned)v;
            break;
        case 'n':
            if (parse_u64(optarg, 10, 1000000, &v) != 0)
                usage_error("convoy", "--ops: expected a whole number from 10 to 1000000, got '%s'", optarg);
            p.ops = v;
            ops_given = 1;
            break;
        case 'u':
            if (parse_u64(optarg, 1, 100000, &v) != 0)
                usage_error("convoy", "--op-us: expected a whole number from 1 to 100000, got '%s'", optarg);
            p.op_s = (double)v * 1e-6;
            break;
        case 'q': quick = 1; break;
        case 'o': out = optarg; break;
        case 'h': convoy_help(); return 0;
        case ':': usage_error("convoy", "option '%s' needs a value", argv[optind - 1]);
        default: usage_error("convoy", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        usage_error("convoy", "unexpected argument '%s'", argv[optind]);
    if (quick && !ops_given)
        p.ops = 100;
    if (out != NULL)
        check_out_dir("convoy", out);
    return convoy_run(&p, intervals, nintervals, out);
}
