/* mode_pool.c - multiprocessing.Pool.map: a pool (harness/pool/pool.h)
 * created and torn down within each repetition, as
 * `with Pool(n) as p: p.map(f, tasks, chunksize)` does, so its start-up is
 * in the measurement.
 *
 * `run`/`sweep` choose the start method (--start fork|spawn|forkserver,
 * default fork), the queue (--queue pipe|shm, default pipe), --retries,
 * --task-timeout and --maxtasksperchild.  A worker killed mid-task is
 * replaced and its task retried; a task that kills every worker it runs on
 * fails the repetition after the retries, naming the task and the signal;
 * runs.csv counts the replacements and retries of every repetition.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/measurement/clock.h"
#include "modes/modes.h"
#include "modes/workers/pool_job.h"
#include "modes/workers/tasks.h"

static int mode_pool_run(const struct run_plan *plan, struct rep_result *result)
{
    struct kernel_initargs initargs;
    struct pool_config cfg;
    struct pool_stats st;
    struct partial *partials = calloc(plan->tasks, sizeof *partials);
    uint32_t *args = calloc(plan->tasks, sizeof *args);
    char exe[PATH_MAX], *argv[3];
    double deadline = clock_now() + plan->timeout_s;
    struct pool *pool = NULL;
    int rc = -1;

    if (partials == NULL || args == NULL) {
        snprintf(result->error, sizeof result->error, "out of memory for %u tasks", plan->tasks);
        goto out;
    }
    for (uint32_t t = 0; t < plan->tasks; t++)
        args[t] = t;
    if (kernel_pool_config(plan, plan->pool, &cfg, &initargs, exe, sizeof exe, argv,
                           result->error, sizeof result->error) != 0)
        goto out;
    cfg.deadline = plan->timeout_s > 0 ? deadline : 0;
    pool = pool_create(&cfg, result->error, sizeof result->error);
    if (pool == NULL)
        goto out;
    result->t_started = clock_now();
    if (pool_map(pool, args, plan->tasks, partials, plan->chunksize) == 0) {
        result->t_computed = clock_now();
        pool_close(pool);
        rc = pool_join(pool);
    }
    if (rc != 0) {
        if (plan->timeout_s > 0 && clock_now() >= deadline)
            snprintf(result->error, sizeof result->error,
                     "pool workers still running after --timeout %g s: killed as hung",
                     plan->timeout_s);
        else
            snprintf(result->error, sizeof result->error, "%s", pool_error(pool));
        pool_terminate(pool);
    }
    pool_get_stats(pool, &st);
    result->children.user_s = st.user_s;
    result->children.sys_s = st.sys_s;
    result->children.vol_ctx_switches = st.vol_ctx_switches;
    result->children.invol_ctx_switches = st.invol_ctx_switches;
    result->children.max_rss_kb = st.max_rss_kb;
    result->worker_replacements = st.replacements;
    result->task_retries = st.retries;
    if (rc == 0)
        result->total = partials_combine(partials, plan->tasks);
out:
    pool_free(pool);
    free(partials);
    free(args);
    return rc;
}

const struct mode mode_pool = {
    .name = "pool",
    .summary = "a process pool fed chunks of tasks (Pool.map); --start, --queue, --retries",
    .run = mode_pool_run,
};
