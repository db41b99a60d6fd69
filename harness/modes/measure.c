/* measure.c - timing one repetition.
 *
 * Wall time is CLOCK_MONOTONIC around the mode's run, split at the points
 * the mode reports into start-up (creating workers), compute (until the
 * last partial is in) and collect (joining or reaping, adding up).  CPU
 * time comes from getrusage(RUSAGE_SELF), which covers every thread, plus
 * wait4()'s figures for each reaped child, so cpu_util = (user + sys) /
 * wall tells how many cores the repetition actually kept busy.
 */
#include "modes/measure.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "lib/measurement/clock.h"
#include "lib/processes/signals.h"
#include "registry.h"

static double tv_seconds(struct timeval tv)
{
    return (double)tv.tv_sec + (double)tv.tv_usec * 1e-6;
}

int measure_rep(const struct mode *mode, const struct run_plan *plan, struct rep_row *row,
                char *error, size_t error_len)
{
    struct rusage before, after;
    struct rep_result result;
    char hung[256];
    double t0, t1;
    int rc;

    memset(&result, 0, sizeof result);
    if (getrusage(RUSAGE_SELF, &before) != 0) {
        snprintf(error, error_len, "getrusage failed");
        return -1;
    }
    /* Thread modes cannot recover from a hung worker; `fork` kills its own
     * at plan->timeout_s, so this only fires if that failed too. */
    snprintf(hung, sizeof hung,
             "gilbench: %s/%s with %u workers: a worker hung for more than --timeout %g s; "
             "aborting (results written so far are complete)",
             plan->kernel->name, mode->name, plan->workers, plan->timeout_s);
    watchdog_arm(plan->timeout_s + 5.0, hung);
    t0 = clock_now();
    rc = mode->run(plan, &result);
    t1 = clock_now();
    watchdog_disarm();
    if (getrusage(RUSAGE_SELF, &after) != 0) {
        snprintf(error, error_len, "getrusage failed");
        return -1;
    }
    if (rc != 0) {
        snprintf(error, error_len, "%s", result.error[0] ? result.error : "the mode failed");
        return -1;
    }

    row->kernel = plan->kernel;
    row->mode = mode;
    row->workers = plan->workers;
    row->items = plan->items;
    row->tasks = plan->tasks;
    row->switch_interval_s = plan->switch_interval_s;
    row->wall_s = t1 - t0;
    row->startup_s = result.t_started - t0;
    row->compute_s = result.t_computed - result.t_started;
    row->collect_s = t1 - result.t_computed;
    row->user_s = tv_seconds(after.ru_utime) - tv_seconds(before.ru_utime) + result.children.user_s;
    row->sys_s = tv_seconds(after.ru_stime) - tv_seconds(before.ru_stime) + result.children.sys_s;
    row->cpu_util = row->wall_s > 0 ? (row->user_s + row->sys_s) / row->wall_s : 0.0;
    row->vol_ctx_switches = after.ru_nvcsw - before.ru_nvcsw + result.children.vol_ctx_switches;
    row->invol_ctx_switches =
        after.ru_nivcsw - before.ru_nivcsw + result.children.invol_ctx_switches;
    /* ru_maxrss is a high-water mark for the process's whole life. */
    row->max_rss_kb = after.ru_maxrss > result.children.max_rss_kb ? after.ru_maxrss
                                                                    : result.children.max_rss_kb;
    row->gil = result.gil;
    row->worker_replacements = result.worker_replacements;
    row->task_retries = result.task_retries;
    kernel_format_checksum(plan->kernel, &result.total, row->checksum, sizeof row->checksum);
    return 0;
}
