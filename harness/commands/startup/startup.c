/* startup.c - `gilbench startup`: per-start latency of each way to start
 * parallel work (launch.c), with the parent holding 0 to 1024 MiB.
 *
 * The method is lmbench's lat_proc: a few unmeasured starts first (they
 * fault in code paths and bring the helper into the page cache), then the
 * number of starts per batch is doubled until one batch lasts long enough
 * that the clock's own cost and resolution vanish in it, then several
 * batches are timed.  Each batch gives one per-start time (batch time /
 * starts); the median of the batches is the figure, min and max show the
 * spread a shared machine adds.
 *
 * The parent's memory (parent_memory.c) is touched, page by page, and kept
 * mapped while the launchers run: fork() copies one page-table entry per
 * resident page, so its cost grows with what the parent has touched, while
 * vfork, posix_spawn and threads share or skip the address space and stay
 * flat.  After every mechanism, waitpid(-1) must find no child at all: the
 * run fails rather than leave a zombie.
 */
#include "commands/startup/startup.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands/startup/launch.h"
#include "commands/startup/programs.h"
#include "commands/startup/reap_check.h"
#include "commands/startup/parent_memory.h"
#include "commands/startup/startup_options.h"
#include "commands/startup/startup_report.h"
#include "lib/machine/affinity.h"
#include "lib/cli.h"
#include "lib/measurement/clock.h"
#include "lib/machine/machine.h"
#include "lib/measurement/progress.h"
#include "lib/files/results.h"
#include "lib/processes/signals.h"
#include "lib/measurement/timing.h"
#include "pool/forkserver.h"

enum { WARMUP_STARTS = 3, WATCHDOG_S = 300 };

struct launcher_run {
    const struct launcher *launcher;
    const struct launch_ctx *ctx;
    char *error;
    size_t error_len;
};

/* timing_run_fn: call->iterations starts in a row; values[0] is their
 * wall time. */
static int run_batch(void *arg, const struct timing_call *call, double *values)
{
    const struct launcher_run *lr = arg;
    double t0 = clock_now();

    for (uint64_t i = 0; i < call->iterations; i++)
        if (lr->launcher->once(lr->ctx, lr->error, lr->error_len) != 0)
            return TIMING_FAILED;
    values[0] = clock_now() - t0;
    return TIMING_OK;
}

/* Times one launcher at the current parent memory: a few warm-up starts,
 * then batches of a fixed size (--iterations) or of a size doubled until
 * a batch lasts o->batch_s.  Returns 0, 1 when interrupted, or -1 with
 * `error` filled. */
static int time_launcher(const struct startup_options *o, const struct launch_ctx *ctx,
                         struct startup_row *row, char *error, size_t len)
{
    struct launcher_run lr = {.launcher = row->launcher, .ctx = ctx, .error = error, .error_len = len};
    struct timing_spec spec = {
        .nconfigs = 1, .nvalues = 1, .warmup = 1, .warmup_iterations = WARMUP_STARTS,
        .reps = o->batches, .min_run_s = o->batch_s, .run = run_batch, .arg = &lr,
    };
    struct timing_config timing;
    int rc;

    if (o->iterations != 0) {
        if (o->iterations < spec.reps)
            spec.reps = (unsigned)o->iterations;
        spec.iterations = (o->iterations + spec.reps - 1) / spec.reps;
    }
    rc = timing_loop(&spec, &timing);
    if (rc != TIMING_OK)
        return rc;
    /* Every batch has the same size, so the median per start is the
     * median batch divided by it. */
    row->batches = spec.reps;
    row->per_batch = timing.iterations;
    row->workers = row->launcher->is_pool ? ctx->pool_workers : 1;
    row->median_us = timing.value[0].median / (double)timing.iterations * 1e6;
    row->min_us = timing.value[0].min / (double)timing.iterations * 1e6;
    row->max_us = timing.value[0].max / (double)timing.iterations * 1e6;
    return 0;
}

/* --pin with the forkserver launcher: sched_setaffinity on the server's
 * pid (it is our child), so each worker it forks starts on `cpu`. */
static int pin_forkserver(const struct forkserver *server, int cpu)
{
    cpu_set_t set;

    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(server->pid, sizeof set, &set) != 0) {
        fprintf(stderr, "gilbench startup: --pin: cannot pin the forkserver to CPU %d: %s\n", cpu,
                strerror(errno));
        return -1;
    }
    return 0;
}

/* --pin: the harness (which times every start) on the first CPU allowed,
 * every started thread or process on the second (the first again with only
 * one): each start then pays a cross-CPU wake-up, every time, instead of
 * whichever kind the scheduler picks.  meta says where each went. */
static int startup_pin(struct machine *m, int *unit_cpu)
{
    int cpus[AFFINITY_MAX_CPUS];
    int n = affinity_allowed(cpus, AFFINITY_MAX_CPUS), err;

    if (n < 1) {
        fprintf(stderr, "gilbench startup: --pin: cannot read the CPUs allowed: %s\n", strerror(errno));
        return -1;
    }
    if ((err = affinity_pin_thread(pthread_self(), cpus[0])) != 0) {
        fprintf(stderr, "gilbench startup: --pin: cannot pin to CPU %d: %s\n", cpus[0], strerror(err));
        return -1;
    }
    *unit_cpu = cpus[1 % n];
    snprintf(m->pinning, sizeof m->pinning,
             "harness -> cpu %d, each started thread or process -> cpu %d (thread, fork, fork_exec, "
             "pool, forkserver; vfork, posix_spawn and spawn_worker children inherit cpu %d)",
             cpus[0], *unit_cpu, cpus[0]);
    return 0;
}

int startup_main(int argc, char **argv)
{
    struct startup_options o;
    struct startup_row rows[STARTUP_MAX_SIZES * STARTUP_MAX_LAUNCHERS];
    char self[4096], nop[4096], error[768];
    struct launch_ctx ctx;
    struct results dir = {0};
    struct machine machine;
    struct progress progress;
    size_t nrows = 0;
    int status = 0;

    startup_parse(&o, argc, argv);
    if (launch_locate_programs(self, nop, sizeof self) != 0) {
        fprintf(stderr, "gilbench startup: cannot locate this executable or gilbench-nop: %s\n", strerror(errno));
        return EXIT_RUN_FAILED;
    }
    for (size_t m = 0; m < o.nlaunchers; m++) {
        if (o.launchers[m]->needs_nop && access(nop, X_OK) != 0) {
            fprintf(stderr, "gilbench startup: %s needs the helper %s: %s (build it with 'make', "
                    "set GILBENCH_NOP, or leave %s out of --mechanisms)\n",
                    o.launchers[m]->name, nop, strerror(errno), o.launchers[m]->name);
            return EXIT_RUN_FAILED;
        }
    }
    if (signals_install() != 0) {
        perror("gilbench startup: sigaction");
        return EXIT_RUN_FAILED;
    }
    machine_describe(&machine);
    int unit_cpu = -1;
    if (o.pin && startup_pin(&machine, &unit_cpu) != 0)
        return EXIT_RUN_FAILED;
    if (results_create_dir(&dir, o.out, error, sizeof error) != 0) {
        fprintf(stderr, "gilbench startup: %s\n", error);
        return EXIT_RUN_FAILED;
    }
    if (machine_write_meta(&machine, dir.dir, o.argv_line) != 0) {
        fprintf(stderr, "gilbench startup: cannot write %s/meta: %s\n", dir.dir, strerror(errno));
        return EXIT_RUN_FAILED;
    }
    ctx = (struct launch_ctx){.nop_path = nop, .self_path = self, .pool_workers = o.pool_workers,
                              .unit_cpu = unit_cpu};
    /* Now, before parent_memory grows this process: the forkserver's point. */
    struct forkserver server = {0};
    for (size_t m = 0; m < o.nlaunchers; m++)
        if (launch_needs_forkserver(o.launchers[m]) && ctx.forkserver == NULL) {
            if (forkserver_start(&server, error, sizeof error) != 0) {
                fprintf(stderr, "gilbench startup: %s\n", error);
                return EXIT_RUN_FAILED;
            }
            ctx.forkserver = &server;
            /* --pin: the server was forked from the pinned harness; its
             * workers inherit its mask, so it goes to the units' CPU. */
            if (unit_cpu >= 0 && pin_forkserver(&server, unit_cpu) != 0) {
                if (forkserver_stop(&server) != 0)
                    fprintf(stderr, "gilbench startup: the forkserver did not end cleanly\n");
                return EXIT_RUN_FAILED;
            }
        }
    /* Children _exit without flushing, but make sure none inherits output. */
    if (fflush(NULL) != 0)
        perror("gilbench startup: fflush");
    progress_start(&progress, -1, (unsigned)(o.nsizes * o.nlaunchers));

    for (size_t s = 0; s < o.nsizes && status == 0 && !signals_interrupted(); s++) {
        struct parent_memory mem;
        if (parent_memory_hold(&mem, o.parent_mib[s], error, sizeof error) != 0) {
            fprintf(stderr, "gilbench startup: %s\n", error);
            parent_memory_release(&mem);
            status = EXIT_RUN_FAILED;
            break;
        }
        for (size_t m = 0; m < o.nlaunchers && status == 0 && !signals_interrupted(); m++) {
            struct startup_row *row = &rows[nrows];
            char what[128], hung[256];
            int rc;

            snprintf(what, sizeof what, "%s at %u MiB", o.launchers[m]->name, o.parent_mib[s]);
            progress_step(&progress, what);
            snprintf(hung, sizeof hung, "gilbench startup: %s: no progress for %d s; aborting",
                     what, WATCHDOG_S);
            *row = (struct startup_row){.launcher = o.launchers[m], .parent_mib = o.parent_mib[s]};
            watchdog_arm(WATCHDOG_S, hung);
            rc = time_launcher(&o, &ctx, row, error, sizeof error);
            watchdog_disarm();
            if (rc < 0 && !signals_interrupted()) {
                fprintf(stderr, "gilbench startup: %s failed: %s\n", what, error);
                status = EXIT_RUN_FAILED;
            }
            if (reap_check_none_left(&ctx, what, error, sizeof error) != 0) {
                fprintf(stderr, "gilbench startup: %s\n", error);
                status = EXIT_RUN_FAILED;
            }
            if (rc == 0 && status == 0)
                nrows++;
            if (startup_write_csv(dir.dir, rows, nrows) != 0) {
                fprintf(stderr, "gilbench startup: cannot write %s/startup.csv: %s\n", dir.dir,
                        strerror(errno));
                status = EXIT_RUN_FAILED;
            }
        }
        parent_memory_release(&mem);
    }
    progress_finish(&progress);
    if (forkserver_stop(&server) != 0) {
        fprintf(stderr, "gilbench startup: the forkserver did not end cleanly\n");
        status = EXIT_RUN_FAILED;
    }
    startup_print_table(&o, rows, nrows);
    if (status == 0 && !signals_interrupted())
        printf("children: all reaped (waitpid(-1) finds none after every mechanism)\n");
    printf("results: %s/ (startup.csv, meta)\n", dir.dir);
    if (signals_interrupted()) {
        fprintf(stderr, "gilbench startup: interrupted; the rows finished so far are saved\n");
        return 128 + signals_interrupted();
    }
    return status;
}
