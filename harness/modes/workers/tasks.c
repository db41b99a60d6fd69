/* tasks.c - splitting items into tasks and combining partials.
 *
 * Fault injection, for tests and for the crash lessons:
 *   GILBENCH_CRASH_TASK=T[:once|:always]  the worker that runs task T dies of
 *       a signal: every time it runs (always, the default: a "poison" task)
 *       or only on its first attempt (once: a retry succeeds);
 *   GILBENCH_CRASH_SIGNAL=N  the signal it dies of (default 11, SIGSEGV);
 *   GILBENCH_HANG_TASK=T[:once|:always]   the worker that runs task T never
 *       returns (every time, or on the first attempt only).
 * In `fork` this kills or hangs one child, and the harness reports it and
 * carries on; in `pool` the worker is replaced and the task retried; in
 * thread modes it takes down, or stalls, the whole process, which is
 * exactly the difference between threads and processes.  A bad value is a
 * usage error (exit 2), like a bad option: a typo must not silently turn
 * a fault test into a clean run.
 */
#include "modes/workers/tasks.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/cli.h"

uint32_t tasks_for_items(uint64_t items, uint32_t tasks_given)
{
    if (tasks_given != 0)
        return tasks_given;
    return items < TASKS_DEFAULT ? (uint32_t)items : TASKS_DEFAULT;
}

void tasks_check_sizes(const char *command, const struct kernel *k, uint64_t items_given,
                       uint64_t items, uint32_t tasks_given)
{
    if (items_given > k->max_items)
        usage_error(command, "--items: kernel %s takes 1 to %llu items, got %llu", k->name,
                    (unsigned long long)k->max_items, (unsigned long long)items_given);
    if (tasks_given > items)
        usage_error(command, "--tasks: at most the item count (%llu for %s), got %u",
                    (unsigned long long)items, k->name, tasks_given);
}

struct fault {
    long task;     /* -1: none */
    int once;      /* only on attempt 0 */
};

/* Set once before any worker exists and only read afterwards. */
static struct fault fault_crash = {-1, 0};
static struct fault fault_hang = {-1, 0};
static int fault_signal = SIGSEGV;

static void __attribute__((noreturn)) fault_env_error(const char *name, const char *value,
                                                      const char *expected)
{
    fprintf(stderr, "gilbench: %s: expected %s, got '%s'\n", name, expected, value);
    exit(EXIT_USAGE);
}

static struct fault fault_env(const char *name)
{
    const char *s = getenv(name), *colon;
    struct fault f = {-1, 0};
    char number[32];
    uint64_t v;

    if (s == NULL || *s == '\0')
        return f;
    colon = strchr(s, ':');
    snprintf(number, sizeof number, "%.*s", colon ? (int)(colon - s) : (int)strlen(s), s);
    if (parse_u64(number, 0, 999999, &v) != 0 ||
        (colon != NULL && strcmp(colon, ":once") != 0 && strcmp(colon, ":always") != 0))
        fault_env_error(name, s, "a task number from 0 to 999999, optionally followed by :once or :always");
    f.task = (long)v;
    f.once = colon != NULL && strcmp(colon, ":once") == 0;
    return f;
}

void fault_injection_init(void)
{
    const char *sig = getenv("GILBENCH_CRASH_SIGNAL");
    uint64_t v;

    fault_crash = fault_env("GILBENCH_CRASH_TASK");
    fault_hang = fault_env("GILBENCH_HANG_TASK");
    fault_signal = SIGSEGV;
    if (sig != NULL && *sig != '\0') {
        /* 1 (SIGHUP) to 15 (SIGTERM): each ends a process by default. */
        if (parse_u64(sig, 1, 15, &v) != 0)
            fault_env_error("GILBENCH_CRASH_SIGNAL", sig, "a signal number from 1 to 15");
        fault_signal = (int)v;
    }
}

void task_range(const struct run_plan *plan, uint32_t t, uint64_t *begin, uint64_t *end)
{
    uint64_t base = plan->items / plan->tasks;
    uint64_t extra = plan->items % plan->tasks;

    /* The first `extra` tasks get one more item. */
    *begin = (uint64_t)t * base + (t < extra ? t : extra);
    *end = *begin + base + (t < extra ? 1 : 0);
}

static int fault_applies(const struct fault *f, uint32_t t, unsigned attempt)
{
    return (long)t == f->task && (!f->once || attempt == 0);
}

void task_run_attempt(const struct run_plan *plan, uint32_t t, unsigned attempt,
                      struct worker_ctx *ctx, struct partial *out)
{
    uint64_t begin, end;

    if (fault_applies(&fault_crash, t, attempt)) {
        /* Restore the default action first, so a sanitizer's handler (or a
         * pool worker's ignored SIGINT) cannot turn it into something else. */
        signal(fault_signal, SIG_DFL);
        raise(fault_signal);
    }
    if (fault_applies(&fault_hang, t, attempt)) {
        for (;;)
            pause();
    }
    task_range(plan, t, &begin, &end);
    out->count = 0;
    out->sum = 0.0;
    plan->kernel->run(plan->state, begin, end, ctx, out);
}

void task_run(const struct run_plan *plan, uint32_t t, struct worker_ctx *ctx,
              struct partial *out)
{
    task_run_attempt(plan, t, 0, ctx, out);
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
