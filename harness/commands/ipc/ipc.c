/* ipc.c - `gilbench ipc`: the run directory and the order of the
 * experiments (latency.c, bandwidth.c, serialise.c, send_vs_share.c); the
 * command line is ipc_options.c.
 * Each experiment's CSV is written atomically when it ends, so an
 * interrupted or failed run keeps every experiment finished before. */
#include "commands/ipc/ipc.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands/ipc/bandwidth.h"
#include "commands/ipc/ipc_options.h"
#include "commands/ipc/latency.h"
#include "commands/ipc/send_vs_share.h"
#include "commands/ipc/serialise.h"
#include "lib/cli.h"
#include "lib/files/results.h"
#include "lib/machine/machine.h"
#include "lib/measurement/steps.h"
#include "lib/processes/signals.h"

static const size_t SERIALISE_ELEMENTS[] = {1, 10, 100, 1000, 10000};
static const size_t SERIALISE_ELEMENTS_QUICK[] = {1, 100, 1000};
static const char *const FORMATS[] = {"binary", "text"};

/* Adapters: the CSV writers take their own row types. */
static void lat_row(FILE *fp, const void *r) { latency_csv_row(fp, r); }
static void bw_row(FILE *fp, const void *r) { bandwidth_csv_row(fp, r); }
static void ser_row(FILE *fp, const void *r) { serialise_csv_row(fp, r); }
static void share_row_w(FILE *fp, const void *r) { share_csv_row(fp, r); }

struct ipc_run {
    const struct ipc_params *p;
    struct steps steps;
};

static int run_latency(struct ipc_run *run)
{
    const struct ipc_params *p = run->p;
    struct latency_row rows[8 * IPC_MAX_SIZES];
    char why[256], what[96];
    size_t n = 0;

    for (size_t s = 0; s < p->nsizes; s++)
        for (size_t c = 0; c < p->nchannels; c++) {
            snprintf(what, sizeof what, "latency %s %zu B", p->channels[c]->name, p->sizes[s]);
            steps_begin(&run->steps, what);
            int rc = latency_measure(p->channels[c], p->sizes[s], p, &rows[n], why, sizeof why);
            if (rc == 0)
                n++;
            if (steps_end(&run->steps, rc, why))
                goto done;
        }
done:
    return steps_write_csv(&run->steps, "latency.csv", latency_csv_header, lat_row, rows, sizeof rows[0], n);
}

static int run_bandwidth(struct ipc_run *run)
{
    const struct ipc_params *p = run->p;
    struct bandwidth_row rows[8 * IPC_MAX_SIZES];
    char why[256], what[96];
    size_t n = 0;

    for (size_t s = 0; s < p->nbw_chunks; s++)
        for (size_t c = 0; c < p->nchannels; c++) {
            snprintf(what, sizeof what, "bandwidth %s %zu B writes", p->channels[c]->name, p->bw_chunks[s]);
            steps_begin(&run->steps, what);
            int rc = bandwidth_measure(p->channels[c], p->bw_chunks[s], p, &rows[n], why, sizeof why);
            if (rc == 0)
                n++;
            if (steps_end(&run->steps, rc, why))
                goto done;
        }
done:
    return steps_write_csv(&run->steps, "bandwidth.csv", bandwidth_csv_header, bw_row, rows, sizeof rows[0], n);
}

static int run_serialise(struct ipc_run *run, int quick)
{
    const size_t *elements = quick ? SERIALISE_ELEMENTS_QUICK : SERIALISE_ELEMENTS;
    size_t nel = quick ? sizeof SERIALISE_ELEMENTS_QUICK / sizeof elements[0]
                       : sizeof SERIALISE_ELEMENTS / sizeof elements[0];
    struct serialise_row rows[16];
    char why[256], what[96];
    size_t n = 0;

    for (size_t e = 0; e < nel; e++)
        for (size_t f = 0; f < 2; f++) {
            snprintf(what, sizeof what, "serialise %s %zu elements", FORMATS[f], elements[e]);
            steps_begin(&run->steps, what);
            int rc = serialise_measure(FORMATS[f], elements[e], run->p, &rows[n], why, sizeof why);
            if (rc == 0)
                n++;
            if (steps_end(&run->steps, rc, why))
                goto done;
        }
done:
    return steps_write_csv(&run->steps, "serialise.csv", serialise_csv_header, ser_row, rows, sizeof rows[0], n);
}

static int run_share(struct ipc_run *run)
{
    const struct ipc_params *p = run->p;
    struct share_row rows[3 * IPC_MAX_SIZES];
    char why[256], what[96];
    size_t n = 0;

    for (size_t s = 0; s < p->nobjects; s++)
        for (size_t m = 0; m < share_method_count; m++) {
            snprintf(what, sizeof what, "%s %zu MiB", share_methods[m], p->object_mib[s]);
            steps_begin(&run->steps, what);
            int rc = share_measure(share_methods[m], p->object_mib[s], p, &rows[n], why, sizeof why);
            if (rc == 0)
                n++;
            if (steps_end(&run->steps, rc, why))
                goto done;
        }
done:
    return steps_write_csv(&run->steps, "send_vs_share.csv", share_csv_header, share_row_w, rows, sizeof rows[0], n);
}

static void print_summary(const struct ipc_run *run, int experiments)
{
    printf("gilbench ipc: results in %s/\n", run->steps.dir);
    if (experiments & EXP_LATENCY)
        printf("  latency.csv        round trip per channel and message size (median us)\n");
    if (experiments & EXP_BANDWIDTH)
        printf("  bandwidth.csv      MB/s per channel and write size\n");
    if (experiments & EXP_SERIALISE)
        printf("  serialise.csv      encode + decode of a record, binary vs text\n");
    if (experiments & EXP_SHARE)
        printf("  send_vs_share.csv  a large object copied to workers vs mapped shared\n");
}

static int ipc_run(const struct ipc_params *p, int experiments, int quick, int progress_mode,
                   const char *out, const char *argv_line)
{
    struct ipc_run run = {.p = p, .steps = {.command = "ipc", .timeout_s = p->timeout_s}};
    struct results results;
    struct machine machine;
    struct sigaction ignore;
    char error[512];
    unsigned total = 0;

    memset(&results, 0, sizeof results);
    memset(&ignore, 0, sizeof ignore);
    ignore.sa_handler = SIG_IGN;
    /* A peer that dies makes our next write fail with EPIPE, which is
     * reported; SIGPIPE would kill us silently instead. */
    if (signals_install() != 0 || sigemptyset(&ignore.sa_mask) != 0 || sigaction(SIGPIPE, &ignore, NULL) != 0) {
        fprintf(stderr, "gilbench ipc: cannot install signal handlers: %s\n", strerror(errno));
        return EXIT_RUN_FAILED;
    }
    machine_describe(&machine);
    if (results_create_dir(&results, out, error, sizeof error) != 0) {
        fprintf(stderr, "gilbench ipc: %s\n", error);
        return EXIT_RUN_FAILED;
    }
    run.steps.dir = results.dir;
    if (machine_write_meta(&machine, results.dir, argv_line) != 0) {
        fprintf(stderr, "gilbench ipc: cannot write meta: %s\n", strerror(errno));
        return EXIT_RUN_FAILED;
    }
    if (experiments & EXP_LATENCY)
        total += (unsigned)(p->nsizes * p->nchannels);
    if (experiments & EXP_BANDWIDTH)
        total += (unsigned)(p->nbw_chunks * p->nchannels);
    if (experiments & EXP_SERIALISE)
        total += quick ? 6 : 10;
    if (experiments & EXP_SHARE)
        total += (unsigned)(p->nobjects * share_method_count);
    progress_start(&run.steps.progress, progress_mode, total);
    if ((experiments & EXP_LATENCY) && run_latency(&run) != 0)
        run.steps.failed = 1;
    if (!steps_stopped(&run.steps) && (experiments & EXP_BANDWIDTH) && run_bandwidth(&run) != 0)
        run.steps.failed = 1;
    if (!steps_stopped(&run.steps) && (experiments & EXP_SERIALISE) && run_serialise(&run, quick) != 0)
        run.steps.failed = 1;
    if (!steps_stopped(&run.steps) && (experiments & EXP_SHARE) && run_share(&run) != 0)
        run.steps.failed = 1;
    progress_finish(&run.steps.progress);
    if (signals_interrupted()) {
        fprintf(stderr, "gilbench ipc: interrupted by signal %d (%s); finished experiments are in %s/\n",
                signals_interrupted(), strsignal(signals_interrupted()), results.dir);
        return 128 + signals_interrupted();
    }
    if (run.steps.failed)
        return EXIT_RUN_FAILED;
    print_summary(&run, experiments);
    return 0;
}

int ipc_main(int argc, char **argv)
{
    struct ipc_params p;
    struct ipc_options o;

    ipc_options_parse(argc, argv, &p, &o);
    if (o.help)
        return 0;
    return ipc_run(&p, o.experiments, o.quick, o.progress_mode, o.out, o.argv_line);
}
