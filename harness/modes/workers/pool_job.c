/* pool_job.c - see pool_job.h. */
#include "modes/workers/pool_job.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/cli.h"
#include "lib/machine/affinity.h"
#include "lib/processes/signals.h"
#include "modes/workers/proc_crew.h"
#include "modes/workers/spawn_worker.h"
#include "modes/workers/tasks.h"
#include "pool/pool_worker.h"
#include "registry.h"

struct kernel_worker {
    struct run_plan plan;
    int owns_state;
    int pinned;                   /* the first task pinned this worker (--pin) */
    uint32_t npin;
    int16_t pin_cpu[POOL_MAX_WORKERS];
};

static int kernel_task_init(const void *initargs, size_t len, void **state)
{
    struct kernel_initargs a;
    struct kernel_worker *kw;

    if (len != sizeof a)
        return -1;
    memcpy(&a, initargs, sizeof a);
    a.kernel[sizeof a.kernel - 1] = '\0';
    kw = calloc(1, sizeof *kw);
    if (kw == NULL)
        return -1;
    kw->plan.kernel = a.use_inherited ? a.inherited_kernel : kernel_find(a.kernel);
    kw->plan.items = a.items;
    kw->plan.tasks = a.tasks;
    if (kw->plan.kernel == NULL || a.tasks == 0 || a.items < a.tasks) {
        free(kw);
        return -1;
    }
    kw->npin = a.npin <= POOL_MAX_WORKERS ? a.npin : 0;
    memcpy(kw->pin_cpu, a.pin_cpu, sizeof kw->pin_cpu);
    fault_injection_init();
    if (a.use_inherited) {
        kw->plan.state = a.inherited_state;
    } else if (kw->plan.kernel->setup != NULL) {
        /* What a spawned Python worker pays too: building its input again. */
        if (kw->plan.kernel->setup(kw->plan.items, &kw->plan.state) != 0) {
            free(kw);
            return -1;
        }
        kw->owns_state = 1;
    }
    *state = kw;
    return 0;
}

static void kernel_task_fini(void *state)
{
    struct kernel_worker *kw = state;

    if (kw == NULL)
        return;
    if (kw->owns_state && kw->plan.kernel->teardown != NULL)
        kw->plan.kernel->teardown(kw->plan.state);
    free(kw);
}

static void kernel_task_fn(const void *arg, void *result, const struct pool_task_ctx *ctx)
{
    struct kernel_worker *kw = ctx->state;
    struct worker_ctx wctx = {.eval_breaker = NULL, .gil = NULL, .worker = ctx->worker};
    uint32_t t;

    /* The initializer does not know the worker's slot; its first task
     * does, so the pin is set there, before any work, and holds for the
     * worker's life (a replacement pins itself again).  A worker that
     * cannot be pinned dies: its measurement would not be what --pin says. */
    if (kw->npin > 0 && !kw->pinned) {
        int cpu = kw->pin_cpu[ctx->worker % kw->npin];
        if (affinity_pin_self(cpu) != 0) {
            fprintf(stderr, "gilbench: pool worker %u cannot be pinned to CPU %d\n", ctx->worker, cpu);
            _exit(PROC_EXIT_PIN_FAILED);
        }
        kw->pinned = 1;
    }
    memcpy(&t, arg, sizeof t);
    task_run_attempt(&kw->plan, t, ctx->attempt, &wctx, result);
}

const struct pool_func kernel_task_func = {
    .fn = kernel_task_fn,
    .arg_size = sizeof(uint32_t),
    .result_size = sizeof(struct partial),
    .initializer = kernel_task_init,
    .finalizer = kernel_task_fini,
};

void pool_options_default(struct pool_options *po)
{
    memset(po, 0, sizeof *po);
    po->start = POOL_START_FORK;
    po->queue = POOL_QUEUE_PIPE;
    po->retries = POOL_DEFAULT_RETRIES;
}

int pool_options_begin(struct pool_options *po, char *error, size_t error_len)
{
    if (po->start != POOL_START_FORKSERVER)
        return 0;
    return forkserver_start(&po->server, error, error_len);
}

void pool_options_end(struct pool_options *po)
{
    if (forkserver_stop(&po->server) != 0)
        fprintf(stderr, "gilbench: the forkserver did not end cleanly\n");
}

int kernel_pool_config(const struct run_plan *plan, const struct pool_options *po,
                       struct pool_config *cfg, struct kernel_initargs *a, char *exe,
                       size_t exe_len, char **argv_buf, char *error, size_t error_len)
{
    static const struct pool_options defaults = {
        .start = POOL_START_FORK, .queue = POOL_QUEUE_PIPE, .retries = POOL_DEFAULT_RETRIES};

    if (po == NULL)
        po = &defaults;
    memset(a, 0, sizeof *a);
    snprintf(a->kernel, sizeof a->kernel, "%s", plan->kernel->name);
    a->items = plan->items;
    a->tasks = plan->tasks;
    a->use_inherited = po->start == POOL_START_FORK;
    a->inherited_state = plan->state;
    a->inherited_kernel = plan->kernel;
    if (plan->pin_cpus != NULL && plan->npin_cpus > 0) {
        a->npin = plan->workers < POOL_MAX_WORKERS ? plan->workers : POOL_MAX_WORKERS;
        for (uint32_t w = 0; w < a->npin; w++)
            a->pin_cpu[w] = (int16_t)affinity_cpu_for(plan->pin_cpus, plan->npin_cpus, w);
    }
    memset(cfg, 0, sizeof *cfg);
    cfg->workers = plan->workers;
    cfg->start = po->start;
    cfg->queue = po->queue;
    cfg->func = kernel_task_func;
    cfg->initargs = a;
    cfg->initargs_len = sizeof *a;
    cfg->maxtasksperchild = po->maxtasksperchild;
    cfg->retries = po->retries;
    cfg->task_timeout_s = po->task_timeout_s;
    cfg->forkserver = &po->server;
    cfg->should_stop = signals_interrupted;
    cfg->shm_capacity = plan->tasks < 65536 ? plan->tasks : 65536;
    if (po->start == POOL_START_SPAWN) {
        if (spawn_worker_exe(exe, exe_len) != 0) {
            snprintf(error, error_len, "cannot find the gilbench executable: %s", strerror(errno));
            return -1;
        }
        argv_buf[0] = exe;
        argv_buf[1] = "pool-worker";
        argv_buf[2] = NULL;
        cfg->spawn_argv = argv_buf;
    }
    return 0;
}

int pool_job_worker_main(int argc, char **argv)
{
    (void)argv;
    if (argc != 1)
        usage_error("pool-worker", "takes no arguments (internal command: its work comes on fd 3)");
    int rc = pool_worker_main(&kernel_task_func);
    /* Out with _exit, as a forked worker goes: a worker that retires
     * (maxtasksperchild) may be killed by the pool's terminate() while it
     * is still exiting, and exit()'s handlers must not be caught halfway -
     * in a sanitizer build LeakSanitizer's check starts a tracer process,
     * which would outlive the killed worker as a zombie.  Leaks are the
     * parent process's to check. */
    if (fflush(NULL) != 0)
        rc = rc != 0 ? rc : POOL_WORKER_EXIT_IO;
    _exit(rc);
}
