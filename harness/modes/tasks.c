/* tasks.c - splitting items into tasks and combining partials.
 *
 * Fault injection, for tests and for the crash lesson:
 *   GILBENCH_CRASH_TASK=T  the worker that runs task T dies of SIGSEGV;
 *   GILBENCH_HANG_TASK=T   the worker that runs task T never returns.
 * In `fork` this kills or hangs one child, and the harness reports it and
 * carries on; in thread modes it takes down, or stalls, the whole process,
 * which is exactly the difference between threads and processes.
 */
#include "modes/tasks.h"

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

/* Set once before any worker exists and only read afterwards. */
static long fault_crash_task = -1;
static long fault_hang_task = -1;

static long fault_env(const char *name)
{
    const char *s = getenv(name);
    char *end;
    long v;

    if (s == NULL || *s == '\0')
        return -1;
    v = strtol(s, &end, 10);
    return (*end == '\0' && v >= 0) ? v : -1;
}

void fault_injection_init(void)
{
    fault_crash_task = fault_env("GILBENCH_CRASH_TASK");
    fault_hang_task = fault_env("GILBENCH_HANG_TASK");
}

void task_range(const struct run_plan *plan, uint32_t t, uint64_t *begin, uint64_t *end)
{
    uint64_t base = plan->items / plan->tasks;
    uint64_t extra = plan->items % plan->tasks;

    /* The first `extra` tasks get one more item. */
    *begin = (uint64_t)t * base + (t < extra ? t : extra);
    *end = *begin + base + (t < extra ? 1 : 0);
}

void task_run(const struct run_plan *plan, uint32_t t, struct worker_ctx *ctx,
              struct partial *out)
{
    uint64_t begin, end;

    if ((long)t == fault_crash_task) {
        /* Restore the default action first, so a sanitizer's handler
         * cannot turn the signal into an ordinary exit. */
        signal(SIGSEGV, SIG_DFL);
        raise(SIGSEGV);
    }
    if ((long)t == fault_hang_task) {
        for (;;)
            pause();
    }
    task_range(plan, t, &begin, &end);
    out->count = 0;
    out->sum = 0.0;
    plan->kernel->run(plan->state, begin, end, ctx, out);
}

struct partial partials_combine(const struct partial *partials, uint32_t n)
{
    struct partial total = {0, 0.0};

    for (uint32_t t = 0; t < n; t++) {
        total.count += partials[t].count;
        total.sum += partials[t].sum;
    }
    return total;
}
