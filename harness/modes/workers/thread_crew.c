/* thread_crew.c - the pthreads every thread mode runs on: `threads` with
 * no lock, `gil` and `gil-legacy` with each thread holding the GIL while
 * it runs Python-like code.
 *
 * Threads claim the next task from a shared atomic counter, so a slow task
 * (a Mandelbrot row through the set) does not leave other threads idle.
 * Each partial goes to its own slot, and the main thread adds them in task
 * order after joining: the sum does not depend on which thread ran what.
 */
#include "modes/workers/thread_crew.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gil/trace.h"
#include "lib/machine/affinity.h"
#include "lib/measurement/clock.h"
#include "modes/workers/tasks.h"

struct crew {
    const struct run_plan *plan;
    const struct gil_ops *gil;
    struct partial *partials;
    atomic_uint next_task;
};

struct crew_member {
    struct crew *crew;
    pthread_t thread;
    struct worker_ctx ctx;
    struct gil_thread gil_thread;
    struct gil_trace trace;
    int pin_error;          /* --pin: errno value of a failed pin, 0 when pinned or unpinned */
};

static void *crew_member_main(void *arg)
{
    struct crew_member *m = arg;
    struct crew *crew = m->crew;
    unsigned t;

    /* Pinned before the first task, from inside, so no task runs elsewhere. */
    if (crew->plan->pin_cpus != NULL) {
        m->pin_error = affinity_pin_thread(
            pthread_self(), affinity_cpu_for(crew->plan->pin_cpus, crew->plan->npin_cpus, m->ctx.worker));
        if (m->pin_error != 0)
            return NULL;
    }
    if (crew->gil != NULL)
        gil_take(&m->gil_thread);
    /* Under a GIL the claim happens while holding it, as a Python loop
     * popping from a shared queue would. */
    while ((t = atomic_fetch_add_explicit(&crew->next_task, 1, memory_order_relaxed)) <
           crew->plan->tasks)
        task_run(crew->plan, t, &m->ctx, &crew->partials[t]);
    if (crew->gil != NULL)
        gil_release_final(&m->gil_thread);
    return NULL;
}

int threads_run(const struct run_plan *plan, const struct gil_ops *ops, void *lock,
                struct rep_result *result)
{
    struct crew crew = {.plan = plan, .gil = ops};
    double t0 = clock_now();
    struct crew_member *members = calloc(plan->workers, sizeof *members);
    unsigned started = 0;
    int err = 0;

    crew.partials = calloc(plan->tasks, sizeof *crew.partials);
    if (members == NULL || crew.partials == NULL) {
        free(members);
        free(crew.partials);
        snprintf(result->error, sizeof result->error, "out of memory for %u workers", plan->workers);
        return -1;
    }
    atomic_init(&crew.next_task, 0);

    for (unsigned w = 0; w < plan->workers; w++) {
        struct crew_member *m = &members[w];

        m->crew = &crew;
        m->ctx.worker = w;
        if (ops != NULL) {
            gil_thread_init(&m->gil_thread, ops, lock, w);
            if (plan->ticks_per_checkpoint > 0)
                m->gil_thread.ticks_per_checkpoint = plan->ticks_per_checkpoint;
            if (plan->trace_path != NULL)
                m->gil_thread.trace = &m->trace;
            m->ctx.gil = &m->gil_thread;
            m->ctx.eval_breaker = ops->eval_breaker(lock);
        }
        err = pthread_create(&m->thread, NULL, crew_member_main, m);
        if (err != 0)
            break;
        started++;
    }
    result->t_started = clock_now();

    for (unsigned w = 0; w < started; w++) {
        int jerr = pthread_join(members[w].thread, NULL);
        if (jerr != 0 && err == 0)
            err = jerr;
        gil_stats_add(&result->gil, &members[w].gil_thread.stats);
    }
    for (unsigned w = 0; w < started && err == 0; w++)
        if (members[w].pin_error != 0) {
            snprintf(result->error, sizeof result->error,
                     "worker thread %u could not be pinned to CPU %d (--pin): %s", w,
                     affinity_cpu_for(plan->pin_cpus, plan->npin_cpus, w),
                     strerror(members[w].pin_error));
            err = -1;
        }
    result->t_computed = clock_now();

    if (err > 0) {
        /* The threads that did start ran every task between them, but a
         * run with fewer workers than asked for is not the one measured. */
        snprintf(result->error, sizeof result->error, "could not start worker thread %u of %u: %s",
                 started + 1, plan->workers, strerror(err));
    } else {
        result->total = partials_combine(crew.partials, plan->tasks);
    }
    if (ops != NULL && plan->trace_path != NULL && err == 0 &&
        gil_trace_write(plan->trace_path, &members[0].gil_thread, sizeof members[0], started, t0) != 0) {
        snprintf(result->error, sizeof result->error, "cannot write trace '%s': %s",
                 plan->trace_path, strerror(errno));
        err = -1;
    }
    for (unsigned w = 0; w < plan->workers; w++)
        gil_trace_free(&members[w].trace);
    free(crew.partials);
    free(members);
    return err != 0 ? -1 : 0;
}

