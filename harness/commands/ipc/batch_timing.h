/* batch_timing.h - lmbench's way of timing something short: double the
 * iterations until one batch lasts long enough for the clock (benchmp's
 * get_enough), then time several such batches and keep the median, the
 * fastest and the slowest per-iteration time.
 * TODO(merge): use lib/timing + lib/stats once they land; this is the one
 * place the ipc and shared experiments repeat a measurement. */
#ifndef GILBENCH_IPC_BATCH_TIMING_H
#define GILBENCH_IPC_BATCH_TIMING_H

#include <stdint.h>

struct batch_result {
    uint64_t iterations;   /* per batch */
    unsigned batches;
    double median_s, min_s, max_s;   /* per iteration */
};

/* run(arg, n) performs n iterations and returns 0, or -1 to stop (errno
 * set).  `enough_s`: the shortest batch worth timing; `batches`: how many
 * timed ones (at most 64).  Returns 0, or -1 as run() did. */
int batch_time(int (*run)(void *arg, uint64_t n), void *arg, double enough_s, unsigned batches,
               struct batch_result *out);

/* Median of v[0..n) (sorts v).  TODO(merge): use lib/stats. */
double batch_median(double *v, unsigned n);

#endif
