/* shared.c - `gilbench shared`: options, the run directory, and the order
 * of the experiments (counter.c, manager.c, false_sharing.c,
 * shared_array.c).  Each experiment's CSV is written atomically when it
 * ends, so an interrupted or failed run keeps what finished before. */
#include "commands/shared/shared.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "commands/shared/counter.h"
#include "commands/shared/false_sharing.h"
#include "commands/shared/manager.h"
#include "commands/shared/shared_array.h"
#include "lib/cli.h"
#include "lib/files/results.h"
#include "lib/machine/machine.h"
#include "lib/measurement/steps.h"
#include "lib/measurement/timing.h"
#include "lib/processes/signals.h"

enum { EXP_COUNTER = 1, EXP_MANAGER = 2, EXP_FALSE_SHARING = 4, EXP_ARRAY = 8 };

struct shared_run {
    const struct shared_params *p;
    struct steps steps;
};

static void counter_row_w(FILE *fp, const void *r) { counter_csv_row(fp, r); }
static void manager_row_w(FILE *fp, const void *r) { manager_csv_row(fp, r); }
static void fs_row_w(FILE *fp, const void *r) { false_sharing_csv_row(fp, r); }
static void array_row_w(FILE *fp, const void *r) { shared_array_csv_row(fp, r); }

static int run_counter(struct shared_run *run)
{
    struct counter_row rows[6];
    char why[256], what[96];
    size_t n = 0;

    for (int k = 0; k < 2; k++)
        for (size_t m = 0; m < counter_method_count; m++) {
            enum crew_kind kind = k == 0 ? CREW_PROCESSES : CREW_THREADS;
            snprintf(what, sizeof what, "counter %s %s", k == 0 ? "processes" : "threads", counter_methods[m]);
            steps_begin(&run->steps, what);
            int rc = counter_measure(kind, counter_methods[m], run->p, &rows[n], why, sizeof why);
            if (rc == 0)
                n++;
            if (steps_end(&run->steps, rc, why))
                goto done;
        }
done:
    return steps_write_csv(&run->steps, "counter.csv", counter_csv_header, counter_row_w, rows, sizeof rows[0], n);
}

static int run_manager(struct shared_run *run)
{
    struct manager_row rows[2];
    char why[256], what[96];
    size_t n = 0;

    for (size_t m = 0; m < manager_method_count; m++) {
        snprintf(what, sizeof what, "key-value table: %s", manager_methods[m]);
        steps_begin(&run->steps, what);
        int rc = manager_measure(manager_methods[m], run->p, &rows[n], why, sizeof why);
        if (rc == 0)
            n++;
        if (steps_end(&run->steps, rc, why))
            break;
    }
    return steps_write_csv(&run->steps, "manager.csv", manager_csv_header, manager_row_w, rows, sizeof rows[0], n);
}

static int run_false_sharing(struct shared_run *run)
{
    static const char *const layouts[] = {"packed", "padded"};
    struct false_sharing_row rows[2];
    char why[256], what[96];
    size_t n = 0;

    for (size_t l = 0; l < 2; l++) {
        snprintf(what, sizeof what, "false sharing: %s", layouts[l]);
        steps_begin(&run->steps, what);
        int rc = false_sharing_measure(layouts[l], run->p, &rows[n], why, sizeof why);
        if (rc == 0)
            n++;
        if (steps_end(&run->steps, rc, why))
            break;
    }
    return steps_write_csv(&run->steps, "false_sharing.csv", false_sharing_csv_header, fs_row_w, rows, sizeof rows[0], n);
}

static int run_array(struct shared_run *run)
{
    struct shared_array_row rows[2];
    char why[256], what[96];
    size_t n = 0;

    for (size_t m = 0; m < shared_array_method_count; m++) {
        snprintf(what, sizeof what, "shared array: %s", shared_array_methods[m]);
        steps_begin(&run->steps, what);
        int rc = shared_array_measure(shared_array_methods[m], run->p, &rows[n], why, sizeof why);
        if (rc == 0)
            n++;
        if (steps_end(&run->steps, rc, why))
            break;
    }
    return steps_write_csv(&run->steps, "shared_array.csv", shared_array_csv_header, array_row_w, rows, sizeof rows[0], n);
}

static int shared_run(const struct shared_params *p, int experiments, int progress_mode, const char *out,
                      const char *argv_line)
{
    struct shared_run run = {.p = p, .steps = {.command = "shared", .timeout_s = p->timeout_s}};
    struct results results;
    struct machine machine;
    char error[512];
    unsigned total = 0;

    memset(&results, 0, sizeof results);
    if (signals_install() != 0) {
        fprintf(stderr, "gilbench shared: cannot install signal handlers: %s\n", strerror(errno));
        return EXIT_RUN_FAILED;
    }
    machine_describe(&machine);
    if (results_create_dir(&results, out, error, sizeof error) != 0) {
        fprintf(stderr, "gilbench shared: %s\n", error);
        return EXIT_RUN_FAILED;
    }
    run.steps.dir = results.dir;
    if (machine_write_meta(&machine, results.dir, argv_line) != 0) {
        fprintf(stderr, "gilbench shared: cannot write meta: %s\n", strerror(errno));
        return EXIT_RUN_FAILED;
    }
    total = (experiments & EXP_COUNTER ? 6 : 0) + (experiments & EXP_MANAGER ? 2 : 0) +
            (experiments & EXP_FALSE_SHARING ? 2 : 0) + (experiments & EXP_ARRAY ? 2 : 0);
    progress_start(&run.steps.progress, progress_mode, total);
    if ((experiments & EXP_COUNTER) && run_counter(&run) != 0)
        run.steps.failed = 1;
    if (!steps_stopped(&run.steps) && (experiments & EXP_MANAGER) && run_manager(&run) != 0)
        run.steps.failed = 1;
    if (!steps_stopped(&run.steps) && (experiments & EXP_FALSE_SHARING) && run_false_sharing(&run) != 0)
        run.steps.failed = 1;
    if (!steps_stopped(&run.steps) && (experiments & EXP_ARRAY) && run_array(&run) != 0)
        run.steps.failed = 1;
    progress_finish(&run.steps.progress);
    if (signals_interrupted()) {
        fprintf(stderr, "gilbench shared: interrupted by signal %d (%s); finished experiments are in %s/\n",
                signals_interrupted(), strsignal(signals_interrupted()), results.dir);
        return 128 + signals_interrupted();
    }
    if (run.steps.failed)
        return EXIT_RUN_FAILED;
    printf("gilbench shared: results in %s/\n", results.dir);
    return 0;
}

static void shared_help(void)
{
    printf("usage: gilbench shared [options]\n"
           "What it costs processes to share state: a counter (unsynchronised, mutex,\n"
           "atomic; processes and threads), a Manager's table vs a shared-memory table,\n"
           "false sharing, and a shared array vs sending slices back.\n\n"
           "  --experiments LIST   counter,manager,false-sharing,array (default: all)\n"
           "  --workers N          workers, 1 to 16 (default 2)\n"
           "  --increments N       counter increments per worker, 1000 to 1000000000 (default 1000000)\n"
           "  --fs-increments N    false-sharing increments per worker, 1000 to 1000000000 (default 2000000)\n"
           "  --ops N              table operations per worker, 100 to 100000000 (default 5000)\n"
           "  --array-mib N        shared array size, 1 to 1024 MiB (default 16)\n"
           "  --batches N          repetitions per configuration, 1 to 64 (default 3)\n"
           "  --timeout S          a worker running longer is hung, 0.1 to 3600 (default 30)\n"
           "  --quick              small sizes: a run of well under a second\n"
           "  --no-progress        no progress line on stderr\n"
           "  -o, --out DIR        result directory (default: a new results/<run-id>/)\n"
           "Writes DIR/counter.csv, manager.csv, false_sharing.csv, shared_array.csv, meta.\n");
}

static const char *const EXPERIMENTS[] = {"counter", "manager", "false-sharing", "array"};

static const char *experiment_name(size_t i)
{
    return EXPERIMENTS[i];
}

/* --experiments: EXP_* bits, in EXPERIMENTS' order. */
static int parse_experiments(char *arg)
{
    const struct cli_names t = {"experiment", sizeof EXPERIMENTS / sizeof EXPERIMENTS[0], experiment_name};

    return (int)cli_parse_name_set("shared", "--experiments", arg, &t);
}

int shared_time_batches(const struct timing_spec *spec, double per, double unit, unsigned *batches,
                        double *median, double *min, double *max)
{
    struct timing_config t;

    if (timing_loop(spec, &t) != TIMING_OK)
        return -1;
    *batches = t.measured;
    *median = t.value[0].median / per * unit;
    *min = t.value[0].min / per * unit;
    *max = t.value[0].max / per * unit;
    return 0;
}

int shared_main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"experiments", required_argument, NULL, 'e'}, {"workers", required_argument, NULL, 'w'},
        {"increments", required_argument, NULL, 'i'},  {"fs-increments", required_argument, NULL, 'f'},
        {"ops", required_argument, NULL, 'n'},         {"array-mib", required_argument, NULL, 'a'},
        {"batches", required_argument, NULL, 'b'},     {"timeout", required_argument, NULL, 'T'},
        {"quick", no_argument, NULL, 'q'},             {"no-progress", no_argument, NULL, 'P'},
        {"out", required_argument, NULL, 'o'},         {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct shared_params p = {.workers = 2, .increments = 1000000, .fs_increments = 2000000, .ops = 5000,
                              .array_mib = 16, .batches = 3, .timeout_s = 30};
    int experiments = EXP_COUNTER | EXP_MANAGER | EXP_FALSE_SHARING | EXP_ARRAY;
    int quick = 0, progress_mode = -1, c;
    unsigned given = 0; /* bit per option given, so --quick shrinks only the rest */
    const char *out = NULL;
    char argv_line[1024];

    cli_parse_begin(argv_line, sizeof argv_line, argc, argv);
    while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'e': experiments = parse_experiments(optarg); break;
        case 'w': p.workers = (unsigned)cli_whole_number("shared", "--workers", optarg, 1, CREW_MAX_WORKERS); break;
        case 'i': p.increments = cli_whole_number("shared", "--increments", optarg, 1000, 1000000000); given |= 1; break;
        case 'f': p.fs_increments = cli_whole_number("shared", "--fs-increments", optarg, 1000, 1000000000); given |= 2; break;
        case 'n': p.ops = cli_whole_number("shared", "--ops", optarg, 100, 100000000); given |= 4; break;
        case 'a': p.array_mib = (unsigned)cli_whole_number("shared", "--array-mib", optarg, 1, 1024); given |= 8; break;
        case 'b': p.batches = (unsigned)cli_whole_number("shared", "--batches", optarg, 1, 64); given |= 16; break;
        case 'T':
            if (parse_seconds(optarg, 0.1, 3600, &p.timeout_s) != 0)
                usage_error("shared", "--timeout: expected seconds from 0.1 to 3600, got '%s'", optarg);
            break;
        case 'q': quick = 1; break;
        case 'P': progress_mode = 0; break;
        case 'o': out = optarg; break;
        case 'h': shared_help(); return 0;
        default: cli_getopt_failed("shared", c, argv);
        }
    }
    cli_no_operands("shared", argc, argv);
    if (quick) {
        if (!(given & 1)) p.increments = 200000;
        if (!(given & 2)) p.fs_increments = 500000;
        if (!(given & 4)) p.ops = 1000;
        if (!(given & 8)) p.array_mib = 4;
        if (!(given & 16)) p.batches = 2;
    }
    if (out != NULL)
        check_out_dir("shared", out);
    return shared_run(&p, experiments, progress_mode, out, argv_line);
}
