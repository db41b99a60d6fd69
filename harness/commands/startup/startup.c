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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands/startup/launch.h"
#include "commands/startup/parent_memory.h"
#include "commands/startup/startup_options.h"
#include "commands/startup/startup_report.h"
#include "lib/cli.h"
#include "lib/clock.h"
#include "lib/machine.h"
#include "lib/progress.h"
#include "lib/results.h"
#include "lib/signals.h"
#include "lib/timing.h"

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
    if (results_create_dir(&dir, o.out, error, sizeof error) != 0) {
        fprintf(stderr, "gilbench startup: %s\n", error);
        return EXIT_RUN_FAILED;
    }
    if (machine_write_meta(&machine, dir.dir, o.argv_line) != 0) {
        fprintf(stderr, "gilbench startup: cannot write %s/meta: %s\n", dir.dir, strerror(errno));
        return EXIT_RUN_FAILED;
    }
    ctx = (struct launch_ctx){.nop_path = nop, .self_path = self, .pool_workers = o.pool_workers};
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
            if (launch_check_all_reaped(what, error, sizeof error) != 0) {
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
