/* pool_bench.c - see pool_bench.h.
 *
 * Every figure is the time of one call on a pool that is already running
 * (created, and warmed with a first call, outside the timing), so start-up
 * is not mixed into the per-task cost; `gilbench startup` measures that.
 * Repetitions of all configurations are interleaved, as in `sweep`, so a
 * slow spell of a shared machine lands on all of them.
 */
#include "commands/pool/pool_bench.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/measurement/clock.h"
#include "lib/processes/signals.h"
#include "modes/workers/pool_job.h"
#include "modes/workers/proc_crew.h"
#include "registry.h"

static const enum pool_start starts[] = {POOL_START_FORK, POOL_START_SPAWN, POOL_START_FORKSERVER};
static const enum pool_queue queues[] = {POOL_QUEUE_PIPE, POOL_QUEUE_SHM};

/* A running pool of a kernel's tasks; args[t] = t. */
struct kernel_pool {
    struct run_plan plan;
    struct pool_options po;
    struct kernel_initargs initargs;
    char exe[PATH_MAX], *argv[3];
    struct pool *pool;
};

static int kernel_pool_open(struct pool_bench_ctx *ctx, struct kernel_pool *kp,
                            const struct kernel *k, uint64_t items, uint32_t tasks,
                            enum pool_start start, enum pool_queue queue, uint32_t maxtasks)
{
    struct pool_config cfg;

    memset(kp, 0, sizeof *kp);
    kp->plan = (struct run_plan){.kernel = k, .items = items, .tasks = tasks,
                                 .workers = ctx->workers};
    pool_options_default(&kp->po);
    kp->po.start = start;
    kp->po.queue = queue;
    kp->po.maxtasksperchild = maxtasks;
    if (ctx->server != NULL)
        kp->po.server = *ctx->server;
    if (k->setup != NULL && k->setup(items, &kp->plan.state) != 0) {
        snprintf(ctx->error, sizeof ctx->error, "cannot prepare kernel %s: %s", k->name,
                 strerror(errno));
        return -1;
    }
    if (kernel_pool_config(&kp->plan, &kp->po, &cfg, &kp->initargs, kp->exe, sizeof kp->exe,
                           kp->argv, ctx->error, sizeof ctx->error) != 0)
        return -1;
    kp->pool = pool_create(&cfg, ctx->error, sizeof ctx->error);
    return kp->pool != NULL ? 0 : -1;
}

static void kernel_pool_close(struct kernel_pool *kp)
{
    pool_free(kp->pool);
    if (kp->plan.kernel->teardown != NULL && kp->plan.state != NULL)
        kp->plan.kernel->teardown(kp->plan.state);
}

/* Times one map of all tasks (after a warm-up map of a tenth of them). */
static int timed_map(struct pool_bench_ctx *ctx, struct kernel_pool *kp, size_t chunksize,
                     double *wall_s, uint64_t *retired)
{
    struct pool_stats before, after;
    uint32_t n = kp->plan.tasks, *args = malloc(n * sizeof *args);
    struct partial *res = malloc(n * sizeof *res);
    int rc = -1;

    if (args != NULL && res != NULL) {
        for (uint32_t t = 0; t < n; t++)
            args[t] = t;
        if (pool_map(kp->pool, args, n / 10 + 1, res, chunksize) == 0) {
            pool_get_stats(kp->pool, &before);
            double t0 = clock_now();
            rc = pool_map(kp->pool, args, n, res, chunksize);
            *wall_s = clock_now() - t0;
            pool_get_stats(kp->pool, &after);
            if (retired != NULL)
                *retired = after.retirements - before.retirements;
        }
        if (rc != 0)
            snprintf(ctx->error, sizeof ctx->error, "%s", pool_error(kp->pool));
    } else {
        snprintf(ctx->error, sizeof ctx->error, "out of memory for %u tasks", n);
    }
    free(args);
    free(res);
    return rc;
}

static void *grow(void *rows, size_t n, size_t size)
{
    return realloc(rows, (n + 1) * size);
}

long pool_bench_cost(struct pool_bench_ctx *ctx, struct cost_row **out)
{
    const struct kernel *primes = kernel_find("primes");
    uint32_t n = ctx->cost_tasks;
    struct cost_row *rows = NULL;
    size_t nrows = 0;

    for (unsigned rep = 1; rep <= ctx->reps && !signals_interrupted(); rep++) {
        /* Before this pool: one round trip through the parent per chunk
         * (proc_crew.c, what `pool` did until now). */
        struct run_plan plan = {.kernel = primes, .items = n, .tasks = n, .workers = ctx->workers,
                                .chunksize = 1, .timeout_s = 600};
        const struct proc_crew_spec old = {.start = proc_start_fork, .on_demand = 1, .chunksize = 1};
        struct rep_result r;

        memset(&r, 0, sizeof r);
        if (proc_crew_run(&plan, &old, &r) != 0) {
            snprintf(ctx->error, sizeof ctx->error, "round-trip pool: %s", r.error);
            goto fail;
        }
        if ((rows = grow(rows, nrows, sizeof *rows)) == NULL)
            goto oom;
        rows[nrows++] = (struct cost_row){.start = "fork", .queue = "roundtrip", .rep = rep,
                                          .wall_s = r.t_computed - r.t_started,
                                          .us_per_task = (r.t_computed - r.t_started) / n * 1e6};
        for (size_t s = 0; s < 3; s++)
            for (size_t q = 0; q < 2; q++) {
                struct kernel_pool kp;
                double wall = 0;
                int rc = kernel_pool_open(ctx, &kp, primes, n, n, starts[s], queues[q], 0);
                if (rc == 0)
                    rc = timed_map(ctx, &kp, 1, &wall, NULL);
                kernel_pool_close(&kp);
                if (rc != 0)
                    goto fail;
                if ((rows = grow(rows, nrows, sizeof *rows)) == NULL)
                    goto oom;
                rows[nrows++] = (struct cost_row){
                    .start = pool_start_name(starts[s]), .queue = pool_queue_name(queues[q]),
                    .rep = rep, .wall_s = wall, .us_per_task = wall / n * 1e6};
            }
    }
    *out = rows;
    return (long)nrows;
oom:
    snprintf(ctx->error, sizeof ctx->error, "out of memory");
fail:
    free(rows);
    return -1;
}

/* --- time to first result ----------------------------------------------------- */

static void nap_fn(const void *arg, void *result, const struct pool_task_ctx *ctx)
{
    double s = *(const double *)arg;
    struct timespec ts = {.tv_sec = (time_t)s, .tv_nsec = (long)((s - (double)(time_t)s) * 1e9)};

    (void)ctx;
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
    *(double *)result = s;
}

static int first_once(struct pool *p, const double *naps, int method, struct first_row *row)
{
    double res[FIRST_TASKS], t0 = clock_now(), v;
    struct pool_iter *it;
    size_t index;
    int got, k = 0;

    if (method == 0) {
        if (pool_map(p, naps, FIRST_TASKS, res, 1) != 0)
            return -1;
        row->first_s = row->all_s = clock_now() - t0;
        for (k = 0; k < FIRST_TASKS; k++) {
            row->order[k] = (uint32_t)k;
            row->at_s[k] = row->all_s;
        }
        return 0;
    }
    it = method == 1 ? pool_imap(p, naps, FIRST_TASKS, 1) : pool_imap_unordered(p, naps, FIRST_TASKS, 1);
    if (it == NULL)
        return -1;
    while (k < FIRST_TASKS && (got = pool_iter_next(it, &v, &index)) == 1) {
        row->order[k] = (uint32_t)index;
        row->at_s[k++] = clock_now() - t0;
    }
    pool_iter_free(it);
    if (k != FIRST_TASKS)
        return -1;
    row->first_s = row->at_s[0];
    row->all_s = row->at_s[FIRST_TASKS - 1];
    return 0;
}

long pool_bench_first(struct pool_bench_ctx *ctx, struct first_row **out)
{
    static const char *const methods[] = {"map", "imap", "imap_unordered"};
    struct pool_config cfg = {
        .workers = ctx->workers, .start = POOL_START_FORK, .queue = POOL_QUEUE_PIPE,
        .func = {.fn = nap_fn, .arg_size = sizeof(double), .result_size = sizeof(double)},
        .retries = 0, .should_stop = signals_interrupted};
    double naps[FIRST_TASKS];
    struct first_row *rows = calloc(3 * ctx->reps + 1, sizeof *rows);
    struct pool *p = pool_create(&cfg, ctx->error, sizeof ctx->error);
    size_t nrows = 0;

    if (p == NULL || rows == NULL) {
        pool_free(p);
        free(rows);
        return -1;
    }
    /* Task 0 is the slowest: imap must wait for it, imap_unordered need not. */
    for (int i = 0; i < FIRST_TASKS; i++)
        naps[i] = (i == 0 ? 3 : 2) * ctx->nap_unit_s;
    for (unsigned rep = 1; rep <= ctx->reps; rep++)
        for (int m = 0; m < 3; m++) {
            struct first_row *row = &rows[nrows++];
            row->method = methods[m];
            row->rep = rep;
            if (first_once(p, naps, m, row) != 0) {
                snprintf(ctx->error, sizeof ctx->error, "%s: %s", methods[m], pool_error(p));
                pool_free(p);
                free(rows);
                return -1;
            }
        }
    pool_free(p);
    *out = rows;
    return (long)nrows;
}

/* --- maxtasksperchild -------------------------------------------------------------- */

long pool_bench_maxtasks(struct pool_bench_ctx *ctx, struct maxtasks_row **out)
{
    const struct kernel *primes = kernel_find("primes");
    struct maxtasks_row *rows = calloc(6 * ctx->reps + 1, sizeof *rows);
    size_t nrows = 0;

    if (rows == NULL)
        return -1;
    for (unsigned rep = 1; rep <= ctx->reps && !signals_interrupted(); rep++)
        for (size_t s = 0; s < 3; s++)
            for (int with = 0; with < 2; with++) {
                struct kernel_pool kp;
                uint64_t retired = 0;
                double wall = 0;
                uint32_t max = with ? ctx->maxtasks : 0;
                int rc = kernel_pool_open(ctx, &kp, primes, ctx->maxtasks_tasks, ctx->maxtasks_tasks,
                                          starts[s], POOL_QUEUE_PIPE, max);
                if (rc == 0)
                    rc = timed_map(ctx, &kp, 1, &wall, &retired);
                kernel_pool_close(&kp);
                if (rc != 0) {
                    free(rows);
                    return -1;
                }
                rows[nrows++] = (struct maxtasks_row){
                    .start = pool_start_name(starts[s]), .maxtasks = max, .rep = rep,
                    .wall_s = wall, .retirements = retired};
            }
    *out = rows;
    return (long)nrows;
}

/* --- chunksize on uneven work --------------------------------------------------------- */

long pool_bench_chunks(struct pool_bench_ctx *ctx, struct chunk_row **out)
{
    const struct kernel *mandel = kernel_find("mandelbrot");
    uint32_t rows_n = ctx->mandel_rows, per_worker = rows_n / ctx->workers;
    struct chunk_row *rows = NULL;
    size_t nrows = 0;

    for (unsigned rep = 1; rep <= ctx->reps && !signals_interrupted(); rep++)
        for (size_t q = 0; q < 2; q++) {
            struct kernel_pool kp;
            if (kernel_pool_open(ctx, &kp, mandel, rows_n, rows_n, POOL_START_FORK, queues[q], 0) != 0) {
                kernel_pool_close(&kp);
                free(rows);
                return -1;
            }
            /* 1, 4, 16, ... and the largest that still gives each worker a chunk. */
            for (uint32_t c = 1; c <= per_worker; c = c * 4 > per_worker && c < per_worker ? per_worker : c * 4) {
                double wall;
                if (timed_map(ctx, &kp, c, &wall, NULL) != 0 ||
                    (rows = grow(rows, nrows, sizeof *rows)) == NULL) {
                    kernel_pool_close(&kp);
                    free(rows);
                    return -1;
                }
                rows[nrows++] = (struct chunk_row){.queue = pool_queue_name(queues[q]),
                                                   .chunksize = c, .rep = rep, .wall_s = wall};
                if (c == per_worker)
                    break;
            }
            kernel_pool_close(&kp);
        }
    *out = rows;
    return (long)nrows;
}
