/* convoy_scenario.c - see convoy_scenario.h.
 *
 * Under the new GIL the I/O thread, back from each operation, must take
 * the GIL from a CPU-bound holder that never lets go by itself: it waits a
 * whole switch interval, times out, asks for a drop, and only then runs.
 * Every operation pays about one interval, whatever the operation itself
 * costs (bpo-7946).  Under the legacy GIL the holder lets go every few
 * checks, so the waiter gets a chance within microseconds, though not a
 * guaranteed one.
 *
 * Each operation is timed from the start of the blocking call until the
 * thread holds the GIL again: what a Python program would see.
 */
#include "commands/convoy/convoy_scenario.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gil/gil_legacy.h"
#include "gil/gil_new.h"
#include "hooks.h"
#include "lib/measurement/clock.h"
#include "lib/measurement/stats.h"
#include "lib/processes/signals.h"

struct convoy_io {
    const struct convoy_params *p;
    struct gil_thread t;
    atomic_int *done;
    double *latency_s;   /* one per operation */
    uint64_t ops_done;   /* fewer than p->ops when interrupted */
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
    /* A scenario at a 20 ms interval lasts seconds: an interrupt ends it
     * after the current operation rather than at the end. */
    for (io->ops_done = 0; io->ops_done < io->p->ops && !signals_interrupted(); io->ops_done++) {
        struct timespec left = op;
        double start = clock_now();

        blocking_begin(&ctx);
        while (clock_nanosleep(CLOCK_MONOTONIC, 0, &left, &left) == EINTR && !signals_interrupted())
            ;
        blocking_end(&ctx);
        io->latency_s[io->ops_done] = clock_now() - start;
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

/* Runs the threads under one GIL; 0, 1 when interrupted, or -1. */
static int convoy_measure(const struct convoy_params *p, const struct gil_ops *ops, void *lock,
                          int with_cpu, struct convoy_row *row, char *error, size_t error_len)
{
    atomic_int done = 0;
    struct convoy_io io = {.p = p, .done = &done};
    struct convoy_cpu cpu = {.done = &done};
    pthread_t io_th, cpu_th;
    int err, rc = 0;

    io.latency_s = calloc(p->ops, sizeof *io.latency_s);
    if (io.latency_s == NULL) {
        snprintf(error, error_len, "out of memory for %llu latencies", (unsigned long long)p->ops);
        return -1;
    }
    gil_thread_init(&io.t, ops, lock, 0);
    gil_thread_init(&cpu.t, ops, lock, 1);
    /* gil-legacy counts ticks of Python 2 work (gil.h, GIL_TICK_NS): one
     * block of the CPU thread's loop below measured 80 ns on the
     * development machine (the fastest of 200000 blocks), about 4 ticks. */
    cpu.t.ticks_per_checkpoint = gil_ticks_per_checkpoint(CONVOY_CPU_BLOCK_NS);
    /* The CPU thread starts first and holds the GIL, as a running
     * computation would when a request arrives. */
    if (with_cpu && (err = pthread_create(&cpu_th, NULL, convoy_cpu_main, &cpu)) != 0) {
        snprintf(error, error_len, "pthread_create: %s", strerror(err));
        free(io.latency_s);
        return -1;
    }
    if ((err = pthread_create(&io_th, NULL, convoy_io_main, &io)) != 0) {
        snprintf(error, error_len, "pthread_create: %s", strerror(err));
        atomic_store(&done, 1);
        if (with_cpu && (err = pthread_join(cpu_th, NULL)) != 0)
            fprintf(stderr, "gilbench convoy: pthread_join: %s\n", strerror(err));
        free(io.latency_s);
        return -1;
    }
    if ((err = pthread_join(io_th, NULL)) != 0 ||
        (with_cpu && (err = pthread_join(cpu_th, NULL)) != 0)) {
        /* A thread we cannot join may still use io: leak it rather
         * than free memory under it. */
        snprintf(error, error_len, "pthread_join: %s", strerror(err));
        return -1;
    }
    if (io.ops_done < p->ops) {
        rc = 1;
    } else {
        row->ops_per_s = (double)p->ops / io.wall_s;
        row->median_us = stats_median(io.latency_s, p->ops) * 1e6; /* sorts */
        row->p90_us = stats_quantile_sorted(io.latency_s, p->ops, 0.9) * 1e6;
        row->max_us = io.latency_s[p->ops - 1] * 1e6;
    }
    free(io.latency_s);
    return rc;
}

int convoy_scenario_run(const struct convoy_params *p, const char *mode, double interval,
                        int with_cpu, struct convoy_row *row, char *error, size_t error_len)
{
    int rc, err;

    row->scenario = with_cpu ? "beside-cpu" : "alone";
    row->mode = mode;
    row->switch_interval_s = interval;
    if (strcmp(mode, "gil") == 0) {
        struct gil g;
        if ((err = gil_init(&g, interval)) != 0) {
            snprintf(error, error_len, "cannot create the gil: %s", strerror(err));
            return -1;
        }
        rc = convoy_measure(p, &gil_new_ops, &g, with_cpu, row, error, error_len);
        gil_destroy(&g);
    } else {
        struct gil_legacy g;
        if ((err = gil_legacy_init(&g, p->check_interval)) != 0) {
            snprintf(error, error_len, "cannot create the gil-legacy lock: %s", strerror(err));
            return -1;
        }
        rc = convoy_measure(p, &gil_legacy_ops, &g, with_cpu, row, error, error_len);
        gil_legacy_destroy(&g);
    }
    return rc;
}
