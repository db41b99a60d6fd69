/* convoy.c - `gilbench convoy`: the convoy effect (bpo-7946).
 *
 * One I/O-bound thread does many short blocking operations, releasing the
 * GIL around each one, as a thread serving a socket does.  It runs alone,
 * then beside one CPU-bound thread, under the new GIL at several switch
 * intervals and under the legacy GIL (convoy_scenario.c).  The scenarios
 * run one after the other through the common measurement loop
 * (lib/measurement/timing.h), each once: one scenario is itself hundreds of timed
 * operations, and its median is over them.  convoy.csv is rewritten after
 * every scenario, so an interrupted run keeps what it finished.
 */
#include "commands/convoy/convoy.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands/convoy/convoy_scenario.h"
#include "lib/cli.h"
#include "lib/files/atomic_file.h"
#include "lib/files/results.h"
#include "lib/machine/machine.h"
#include "lib/measurement/progress.h"
#include "lib/measurement/timing.h"
#include "lib/processes/signals.h"

enum { CONVOY_MAX_INTERVALS = 8, CONVOY_MAX_SCENARIOS = CONVOY_MAX_INTERVALS + 2 };

/* The scenarios, in the order they run: the baseline first (the operation
 * with nobody competing), then beside a CPU thread at each interval, then
 * under the legacy GIL. */
struct convoy_plan {
    const struct convoy_params *p;
    const double *intervals;
    size_t nintervals;
    const char *dir;
    struct progress *progress;
    struct convoy_row rows[CONVOY_MAX_SCENARIOS];
    size_t nrows;            /* scenarios finished */
};

static int convoy_write_csv(const char *dir, const struct convoy_params *p,
                            const struct convoy_row *rows, size_t n)
{
    struct atomic_file f;

    if (atomic_file_open_in(&f, dir, "convoy.csv") != 0)
        return -1;
    fputs("scenario,mode,switch_interval_s,ops,op_us,ops_per_s,median_op_us,p90_op_us,max_op_us,"
          "median_extra_intervals\n", f.fp);
    for (size_t i = 0; i < n; i++) {
        const struct convoy_row *r = &rows[i];
        fprintf(f.fp, "%s,%s,%.6f,%llu,%.0f,%.1f,%.1f,%.1f,%.1f,", r->scenario, r->mode,
                r->switch_interval_s, (unsigned long long)p->ops, p->op_s * 1e6, r->ops_per_s,
                r->median_us, r->p90_us, r->max_us);
        /* What each operation paid beyond itself, in switch intervals:
         * about 1 is the convoy effect. */
        if (strcmp(r->mode, "gil") == 0)
            fprintf(f.fp, "%.2f\n", (r->median_us - rows[0].median_us) / (r->switch_interval_s * 1e6));
        else
            fputs("\n", f.fp);
    }
    return atomic_file_commit(&f);
}

static int convoy_write_failed(const struct convoy_plan *cp)
{
    if (convoy_write_csv(cp->dir, cp->p, cp->rows, cp->nrows) != 0) {
        fprintf(stderr, "gilbench convoy: cannot write %s/convoy.csv: %s\n", cp->dir,
                strerror(errno));
        return -1;
    }
    return 0;
}

/* timing_run_fn: scenario call->config. */
static int convoy_run_scenario(void *arg, const struct timing_call *call, double *values)
{
    struct convoy_plan *cp = arg;
    size_t c = call->config;
    const char *mode = c <= cp->nintervals ? "gil" : "gil-legacy";
    double interval = c == 0 ? cp->intervals[0] : c <= cp->nintervals ? cp->intervals[c - 1] : 0.0;
    struct convoy_row *row = &cp->rows[cp->nrows];
    char what[96], error[512];
    int rc;

    if (c <= cp->nintervals)
        snprintf(what, sizeof what, "%s, gil at %g ms", c == 0 ? "alone" : "beside-cpu",
                 interval * 1e3);
    else
        snprintf(what, sizeof what, "beside-cpu, gil-legacy");
    progress_step(cp->progress, what);
    rc = convoy_scenario_run(cp->p, mode, interval, c != 0, row, error, sizeof error);
    if (rc < 0) {
        fprintf(stderr, "gilbench convoy: %s failed: %s\n", what, error);
        return TIMING_FAILED;
    }
    if (rc > 0)
        return TIMING_INTERRUPTED;
    values[0] = (double)cp->p->ops / row->ops_per_s;
    cp->nrows++;
    return convoy_write_failed(cp) == 0 ? TIMING_OK : TIMING_FAILED;
}

static void convoy_print_table(const struct convoy_plan *cp)
{
    printf("I/O thread: %llu blocking operations of %.0f us each\n",
           (unsigned long long)cp->p->ops, cp->p->op_s * 1e6);
    printf("%-11s %-10s %10s %10s %12s %10s %10s\n", "scenario", "mode", "interval", "ops/s",
           "median_us", "p90_us", "max_us");
    for (size_t i = 0; i < cp->nrows; i++) {
        const struct convoy_row *r = &cp->rows[i];
        char interval[32];
        if (strcmp(r->mode, "gil") == 0 && strcmp(r->scenario, "alone") != 0)
            snprintf(interval, sizeof interval, "%g ms", r->switch_interval_s * 1e3);
        else
            snprintf(interval, sizeof interval, "-");
        printf("%-11s %-10s %10s %10.0f %12.1f %10.1f %10.1f\n", r->scenario, r->mode, interval,
               r->ops_per_s, r->median_us, r->p90_us, r->max_us);
    }
}

static int convoy_run(const struct convoy_params *p, const double *intervals, size_t nintervals,
                      const char *out, const char *argv_line)
{
    struct convoy_plan cp = {.p = p, .intervals = intervals, .nintervals = nintervals};
    const struct timing_spec spec = {
        .nconfigs = nintervals + 2, .nvalues = 1, .reps = 1, .run = convoy_run_scenario, .arg = &cp,
    };
    struct timing_config timing[CONVOY_MAX_SCENARIOS];
    struct results results = {0};
    struct machine machine;
    struct progress progress;
    char error[512];
    int rc;

    if (signals_install() != 0) {
        perror("gilbench convoy: sigaction");
        return EXIT_RUN_FAILED;
    }
    machine_describe(&machine);
    if (results_create_dir(&results, out, error, sizeof error) != 0) {
        fprintf(stderr, "gilbench convoy: %s\n", error);
        return EXIT_RUN_FAILED;
    }
    if (machine_write_meta(&machine, results.dir, argv_line) != 0) {
        fprintf(stderr, "gilbench convoy: cannot write %s/meta: %s\n", results.dir, strerror(errno));
        return EXIT_RUN_FAILED;
    }
    cp.dir = results.dir;
    cp.progress = &progress;
    progress_start(&progress, -1, (unsigned)spec.nconfigs);
    rc = timing_loop(&spec, timing);
    progress_finish(&progress);
    if (cp.nrows == 0 && convoy_write_failed(&cp) != 0) /* the header, at least */
        rc = TIMING_FAILED;
    convoy_print_table(&cp);
    printf("results: %s/convoy.csv\n", results.dir);
    if (signals_interrupted()) {
        fprintf(stderr, "gilbench convoy: interrupted; the scenarios finished so far are saved\n");
        return 128 + signals_interrupted();
    }
    return rc == TIMING_OK ? 0 : EXIT_RUN_FAILED;
}

static void convoy_help(void)
{
    printf("usage: gilbench convoy [options]\n"
           "An I/O-bound thread (short blocking operations, GIL released around each)\n"
           "alone and beside a CPU-bound thread, under gil at each switch interval and\n"
           "under gil-legacy: operations per second and latency per operation.\n\n"
           "  --switch-interval LIST  gil switch intervals in seconds (default 0.001,0.005,0.02)\n"
           "  --check-interval N      gil-legacy checks between releases, 1 to 1000000 (default 100)\n"
           "  --ops N                 blocking operations per scenario, 10 to 1000000 (default 400)\n"
           "  --op-us N               microseconds one operation blocks, 1 to 100000 (default 100)\n"
           "  --quick                 fewer operations (100)\n"
           "  -o, --out DIR           result directory (default: a new results/<run-id>/)\n"
           "Writes DIR/convoy.csv and DIR/meta.\n");
}

int convoy_main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"switch-interval", required_argument, NULL, 's'},
        {"check-interval", required_argument, NULL, 'c'},
        {"ops", required_argument, NULL, 'n'},
        {"op-us", required_argument, NULL, 'u'},
        {"quick", no_argument, NULL, 'q'},
        {"out", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct convoy_params p = {.ops = 400, .op_s = 100e-6, .check_interval = 100};
    double intervals[CONVOY_MAX_INTERVALS] = {0.001, 0.005, 0.02};
    size_t nintervals = 3;
    const char *out = NULL;
    int quick = 0, ops_given = 0, c;
    char argv_line[1024];

    cli_parse_begin(argv_line, sizeof argv_line, argc, argv);
    while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 's':
            nintervals = cli_parse_seconds_list("convoy", "--switch-interval", optarg, 1e-5, 1.0,
                                                intervals, CONVOY_MAX_INTERVALS);
            break;
        case 'c':
            p.check_interval = (unsigned)cli_whole_number("convoy", "--check-interval", optarg, 1, 1000000);
            break;
        case 'n':
            p.ops = cli_whole_number("convoy", "--ops", optarg, 10, 1000000);
            ops_given = 1;
            break;
        case 'u':
            p.op_s = (double)cli_whole_number("convoy", "--op-us", optarg, 1, 100000) * 1e-6;
            break;
        case 'q': quick = 1; break;
        case 'o': out = optarg; break;
        case 'h': convoy_help(); return 0;
        default: cli_getopt_failed("convoy", c, argv);
        }
    }
    cli_no_operands("convoy", argc, argv);
    if (quick && !ops_given)
        p.ops = 100;
    if (out != NULL)
        check_out_dir("convoy", out);
    return convoy_run(&p, intervals, nintervals, out, argv_line);
}
