/* batch_timing.c - see batch_timing.h. */
#include "commands/ipc/batch_timing.h"

#include <stdlib.h>

#include "lib/clock.h"

enum { BATCH_MAX = 64 };
/* Calibration stops growing here even if a batch is still short: a
 * pathological channel must not run for ever. */
static const uint64_t BATCH_MAX_ITERATIONS = 1u << 24;

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double batch_median(double *v, unsigned n)
{
    if (n == 0)
        return 0.0;
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int batch_time(int (*run)(void *arg, uint64_t n), void *arg, double enough_s, unsigned batches,
               struct batch_result *out)
{
    double per[BATCH_MAX], best = 0;
    uint64_t n = 1;

    if (batches == 0 || batches > BATCH_MAX)
        batches = batches == 0 ? 1 : BATCH_MAX;
    /* Calibrating doubles as the warm-up: caches, page tables and the
     * scheduler's idea of both processes settle here. */
    for (;;) {
        double t0 = clock_now();
        if (run(arg, n) != 0)
            return -1;
        double t = clock_now() - t0;
        if (best == 0 || t / (double)n < best)
            best = t / (double)n;
        if (t >= enough_s || n >= BATCH_MAX_ITERATIONS)
            break;
        /* Jump close to the target when a batch was measurable, as
         * benchmp does, instead of doubling all the way. */
        uint64_t next = t > enough_s / 64 ? (uint64_t)((double)n * enough_s / t * 1.1) + 1 : n * 2;
        n = next > n * 8 ? n * 8 : next;
    }
    /* One slow batch (a preemption, a late wake-up) can end the growth
     * early, at a handful of iterations; size the batches from the fastest
     * time per iteration seen instead, so they last about enough_s. */
    if (best > 0 && enough_s / best > (double)n)
        n = enough_s / best >= (double)BATCH_MAX_ITERATIONS ? BATCH_MAX_ITERATIONS
                                                              : (uint64_t)(enough_s / best) + 1;
    for (unsigned b = 0; b < batches; b++) {
        double t0 = clock_now();
        if (run(arg, n) != 0)
            return -1;
        per[b] = (clock_now() - t0) / (double)n;
    }
    out->iterations = n;
    out->batches = batches;
    out->median_s = batch_median(per, batches); /* sorts */
    out->min_s = per[0];
    out->max_s = per[batches - 1];
    return 0;
}
