/* mode_openmp.c - the same tasks under `#pragma omp parallel for`: what a
 * C programmer writes instead of a hand-made thread crew.  libgomp (GCC's
 * OpenMP runtime) starts the team, hands the loop's iterations (our tasks)
 * to its threads and joins them at the loop's closing barrier.
 *
 * Two modes, one per schedule, rather than one mode and a --omp-schedule
 * option: a `sweep -m threads,openmp-static,openmp-dynamic` then measures
 * both schedules interleaved in one run (the bench's static-vs-dynamic
 * comparison is a ratio inside one run), and the mode column of the CSV
 * already says which schedule a row used, so charts and `compare` need
 * no new column.
 *
 *   openmp-static   schedule(static): the tasks are cut into one
 *                   contiguous block per thread before the loop starts
 *                   (the OpenMP specification's schedule clause, static
 *                   with no chunk size: "approximately equal in size", at
 *                   most one chunk per thread).  No claiming at run time;
 *                   on uneven work (Mandelbrot rows through the set) the
 *                   thread with the expensive block finishes last.
 *   openmp-dynamic  schedule(dynamic, 1): a thread that finishes a task
 *                   claims the next one, as the `threads` crew does with
 *                   its atomic counter (thread_crew.c), so the two should
 *                   take the same time.
 *
 * Each task writes its own slot of `partials` and the slots are added in
 * task order after the region, so the checksum does not depend on which
 * thread ran what, exactly as in every other mode.
 *
 * ThreadSanitizer: libgomp is not built with -fsanitize=thread, so TSan
 * does not see the happens-before edges of its barriers and reports the
 * partials handed over at the closing barrier as races.  These modes are
 * therefore left out of the TSan run of the unit tests
 * (tests/unit/modes/test_modes_checksums.c) and tested in the plain and
 * ASan+UBSan builds.
 */
#include <omp.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/machine/affinity.h"
#include "lib/measurement/clock.h"
#include "modes/modes.h"
#include "modes/workers/tasks.h"

enum omp_schedule_kind { OMP_SCHEDULE_STATIC, OMP_SCHEDULE_DYNAMIC };

/* What one thread of the team saw: when it entered the region (start-up
 * ends when the last thread is in) and how many threads the team had. */
struct omp_member {
    double entered;
    int team_size;
    int pin_error;  /* --pin: errno value of a failed pin, 0 when pinned or unpinned */
};

/* Runs the loop body for thread `self` of the team.  The `for` pragmas
 * must sit inside the parallel region, one per schedule: a schedule
 * clause takes no run-time value other than schedule(runtime), and that
 * reads OMP_SCHEDULE, which the user's environment could override. */
static void omp_team_member(const struct run_plan *plan, enum omp_schedule_kind kind,
                            struct partial *partials, struct omp_member *members)
{
    int self = omp_get_thread_num();
    struct worker_ctx ctx = {.eval_breaker = NULL, .gil = NULL, .worker = (unsigned)self};
    int ntasks = (int)plan->tasks;

    cpu_set_t before;
    int pinned = 0;

    /* --pin, as the thread crew does it: each member pins itself before
     * its first task.  libgomp keeps its threads between parallel regions
     * and the master is the harness's own main thread, so every member
     * puts its old mask back at the end: a pin must not outlive the
     * repetition and follow seq or another mode. */
    if (plan->pin_cpus != NULL) {
        members[self].pin_error = pthread_getaffinity_np(pthread_self(), sizeof before, &before);
        if (members[self].pin_error == 0)
            members[self].pin_error = affinity_pin_thread(
                pthread_self(), affinity_cpu_for(plan->pin_cpus, plan->npin_cpus, (unsigned)self));
        pinned = members[self].pin_error == 0;
    }
    members[self].entered = clock_now();
    members[self].team_size = omp_get_num_threads();
    if (kind == OMP_SCHEDULE_STATIC) {
#pragma omp for schedule(static)
        for (int t = 0; t < ntasks; t++)
            task_run(plan, (uint32_t)t, &ctx, &partials[t]);
    } else {
#pragma omp for schedule(dynamic, 1)
        for (int t = 0; t < ntasks; t++)
            task_run(plan, (uint32_t)t, &ctx, &partials[t]);
    }
    if (pinned) {
        int err = pthread_setaffinity_np(pthread_self(), sizeof before, &before);
        if (err != 0)
            members[self].pin_error = err;
    }
}

static int openmp_run(const struct run_plan *plan, enum omp_schedule_kind kind,
                      struct rep_result *result)
{
    struct partial *partials = calloc(plan->tasks, sizeof *partials);
    struct omp_member *members = calloc(plan->workers, sizeof *members);
    int short_team = 0;

    if (partials == NULL || members == NULL) {
        free(partials);
        free(members);
        snprintf(result->error, sizeof result->error, "out of memory for %u tasks", plan->tasks);
        return -1;
    }
    /* num_threads() overrides OMP_NUM_THREADS; the team can still come out
     * smaller (OMP_DYNAMIC=true, OMP_THREAD_LIMIT), which is checked below
     * rather than measured as if it had `workers` threads. */
#pragma omp parallel num_threads(plan->workers) default(none) \
    shared(plan, kind, partials, members)
    omp_team_member(plan, kind, partials, members);
    result->t_computed = clock_now();

    result->t_started = members[0].entered;
    for (uint32_t w = 0; w < plan->workers; w++) {
        if (members[w].team_size != (int)plan->workers)
            short_team = 1;
        else if (members[w].entered > result->t_started)
            result->t_started = members[w].entered;
    }
    for (uint32_t w = 0; w < plan->workers && !short_team; w++)
        if (members[w].pin_error != 0) {
            snprintf(result->error, sizeof result->error,
                     "OpenMP thread %u could not be pinned to CPU %d, or unpinned after (--pin): %s", w,
                     affinity_cpu_for(plan->pin_cpus, plan->npin_cpus, w), strerror(members[w].pin_error));
            free(partials);
            free(members);
            return -1;
        }
    if (short_team) {
        snprintf(result->error, sizeof result->error,
                 "OpenMP gave a team of %d threads, not %u (OMP_DYNAMIC or OMP_THREAD_LIMIT?)",
                 members[0].team_size, plan->workers);
        free(partials);
        free(members);
        return -1;
    }
    result->total = partials_combine(partials, plan->tasks);
    free(partials);
    free(members);
    return 0;
}

static int mode_openmp_static_run(const struct run_plan *plan, struct rep_result *result)
{
    return openmp_run(plan, OMP_SCHEDULE_STATIC, result);
}

static int mode_openmp_dynamic_run(const struct run_plan *plan, struct rep_result *result)
{
    return openmp_run(plan, OMP_SCHEDULE_DYNAMIC, result);
}

const struct mode mode_openmp_static = {
    .name = "openmp-static",
    .summary = "#pragma omp parallel for schedule(static): one block of tasks per thread",
    .run = mode_openmp_static_run,
};

const struct mode mode_openmp_dynamic = {
    .name = "openmp-dynamic",
    .summary = "#pragma omp parallel for schedule(dynamic, 1): threads claim tasks as they go",
    .run = mode_openmp_dynamic_run,
};
