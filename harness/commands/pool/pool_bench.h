/* pool_bench.h - the experiments of `gilbench pool` (pool_cmd.c), each
 * returning one row per measured repetition. */
#ifndef GILBENCH_POOL_BENCH_H
#define GILBENCH_POOL_BENCH_H

#include <stddef.h>
#include <stdint.h>

#include "pool/forkserver.h"
#include "pool/pool.h"

struct pool_bench_ctx {
    unsigned workers;
    unsigned reps;
    uint32_t cost_tasks;        /* one prime test each */
    uint32_t maxtasks_tasks;
    uint32_t maxtasks;          /* tasks per worker in the maxtasksperchild runs */
    uint32_t mandel_rows;
    double nap_unit_s;          /* time-to-first-result: task 0 naps 3 units, the rest 2 */
    const struct forkserver *server;
    char error[512];
};

/* cost: per-task cost of map(is_prime, range(1, N + 1), chunksize=1). */
struct cost_row {
    const char *start, *queue;  /* queue "roundtrip": the old one-chunk-at-a-time pipe */
    unsigned rep;
    double wall_s, us_per_task;
};

/* first: when the first result is in the caller's hands. */
enum { FIRST_TASKS = 8 };
struct first_row {
    const char *method;         /* map, imap, imap_unordered */
    unsigned rep;
    double first_s, all_s;
    uint32_t order[FIRST_TASKS]; /* task indices in the order the caller got them */
    double at_s[FIRST_TASKS];
};

/* maxtasks: the same map with and without maxtasksperchild. */
struct maxtasks_row {
    const char *start;
    uint32_t maxtasks;          /* 0: none */
    unsigned rep;
    double wall_s;
    uint64_t retirements;
};

/* chunks: Mandelbrot rows (uneven work) by chunksize. */
struct chunk_row {
    const char *queue;
    uint32_t chunksize;
    unsigned rep;
    double wall_s;
};

/* Each returns the number of rows written to *out (malloc'd), or -1 with
 * ctx->error set. */
long pool_bench_cost(struct pool_bench_ctx *ctx, struct cost_row **out);
long pool_bench_first(struct pool_bench_ctx *ctx, struct first_row **out);
long pool_bench_maxtasks(struct pool_bench_ctx *ctx, struct maxtasks_row **out);
long pool_bench_chunks(struct pool_bench_ctx *ctx, struct chunk_row **out);

#endif
