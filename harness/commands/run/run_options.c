/* run_options.c - parsing and validating `run` and `sweep` options.
 *
 * Every value is checked before anything is measured or written, and a
 * bad one ends the program with status 2 and one line that names the
 * option and what it accepts.  Numbers are parsed strictly: no sign, no
 * trailing characters, no silent wrap-around on overflow. */
#include "commands/run/run_options.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/cli.h"
#include "modes/measure.h"
#include "modes/workers/tasks.h"

enum {
    DEFAULT_REPS = 5,
    MAX_WORKERS = KERNEL_MAX_WORKERS,
    DEFAULT_CHECK_INTERVAL = 100, /* sys.getcheckinterval() in CPython 2 */
    MAX_CHECK_INTERVAL = 1000000,
    DEFAULT_REMEASURE = 2,   /* extra rounds when a row is flagged */
    MAX_REMEASURE = 20,
};
static const double DEFAULT_SWITCH_INTERVAL_S = 0.005; /* sys.getswitchinterval() */

uint64_t options_items(const struct options *o, const struct kernel *k)
{
    uint64_t items;

    if (o->items != 0)
        return o->items;
    items = o->quick ? k->quick_items : k->default_items;
    /* --scale shrinks every kernel alike, keeping their sizes in proportion
     * (-n would give all of them one count). */
    items = (uint64_t)((double)items * o->scale);
    return items > 0 ? items : 1;
}

uint32_t options_tasks(const struct options *o, const struct kernel *k)
{
    return tasks_for_items(options_items(o, k), o->tasks);
}

static const char *kernel_name(size_t i)
{
    return kernel_table[i]->name;
}

static const char *mode_name(size_t i)
{
    return mode_table[i]->name;
}

static void parse_kernels(struct options *o, char *arg, int single)
{
    const struct cli_names t = {"kernel", kernel_count, kernel_name};
    size_t index[CLI_MAX_LIST];

    o->nkernels = cli_parse_names(o->command, "--kernel", arg, &t, index, CLI_MAX_LIST);
    if (single && o->nkernels != 1)
        usage_error(o->command, "--kernel: run takes one kernel; use 'sweep' for several");
    for (size_t i = 0; i < o->nkernels; i++)
        o->kernels[i] = kernel_table[index[i]];
}

static void parse_modes(struct options *o, char *arg, int single)
{
    const struct cli_names t = {"mode", mode_count, mode_name};
    size_t index[CLI_MAX_LIST];

    o->nmodes = cli_parse_names(o->command, "--mode", arg, &t, index, CLI_MAX_LIST);
    if (single && o->nmodes != 1)
        usage_error(o->command, "--mode: run takes one mode; use 'sweep' for several");
    for (size_t i = 0; i < o->nmodes; i++)
        o->modes[i] = mode_table[index[i]];
}

static void parse_workers(struct options *o, char *arg, int single)
{
    char original[512];
    char *parts[CLI_MAX_LIST];
    int n, dup;

    snprintf(original, sizeof original, "%s", arg); /* split_list writes into arg */
    n = split_list(arg, parts, CLI_MAX_LIST);

    if (single && n != 1)
        usage_error(o->command, "--workers: expected a whole number from 1 to %d, got '%s'",
                    MAX_WORKERS, original);
    if (n < 0)
        usage_error(o->command,
                    "--workers: expected up to %d comma-separated whole numbers from 1 to %d, got '%s'",
                    CLI_MAX_LIST, MAX_WORKERS, original);
    for (int i = 0; i < n; i++)
        o->workers[i] = (uint32_t)cli_whole_number(o->command, "--workers", parts[i], 1, MAX_WORKERS);
    if ((dup = cli_first_duplicate(o->workers, (size_t)n, sizeof o->workers[0])) >= 0)
        usage_error(o->command, "--workers: %s is listed twice", parts[dup]);
    o->nworkers = (size_t)n;
}

/* sweep measures `gil` once per interval: the cost of switching often. */
static void parse_switch_intervals(struct options *o, char *arg, int single)
{
    char original[512];

    snprintf(original, sizeof original, "%s", arg); /* parsing cuts arg at the commas */
    o->nswitch = cli_parse_seconds_list(o->command, "--switch-interval", arg, 1e-6, 1.0,
                                        o->switch_intervals, CLI_MAX_LIST);
    if (single && o->nswitch != 1)
        usage_error(o->command, "--switch-interval: expected seconds from 0.000001 to 1, got '%s'",
                    original);
    o->switch_interval_s = o->switch_intervals[0];
}

static void print_help(const char *command)
{
    char kernels[512], modes[256];

    const struct cli_names kernel_names = {"kernel", kernel_count, kernel_name};
    const struct cli_names mode_names = {"mode", mode_count, mode_name};

    cli_names_list(&kernel_names, kernels, sizeof kernels);
    cli_names_list(&mode_names, modes, sizeof modes);
    if (strcmp(command, "run") == 0)
        printf("usage: gilbench run -k KERNEL -m MODE -w WORKERS [options]\n"
               "Measures one configuration: KERNEL run by MODE on WORKERS workers.\n\n");
    else
        printf("usage: gilbench sweep -k K1,K2 -m M1,M2 -w W1,W2 [options]\n"
               "Measures every kernel x mode x workers combination in one run directory,\n"
               "plus 'seq' for each kernel, so every speedup is a ratio from the same run.\n"
               "Repetitions are interleaved across configurations, so a slow spell of the\n"
               "machine spreads over all of them instead of biasing one.\n\n");
    printf("  -k, --kernel NAME        %s\n"
           "  -m, --mode NAME          %s\n"
           "  -w, --workers N          1 to %d; eventloop: tasks in flight on its one thread\n"
           "  -n, --items N            work items (default: the kernel's size; see 'gilbench list kernels')\n"
           "  -t, --tasks N            tasks the items are split into, the same in every mode\n"
           "                           (default %d, at most the item count)\n"
           "  -r, --reps N             measured repetitions, 1 to %d (default %d)\n"
           "      --warmup N           unmeasured repetitions first, 0 to %d (default %d)\n"
           "  -o, --out DIR            result directory (default: a new results/<run-id>/,\n"
           "                           and results/latest points at it)\n"
           "      --switch-interval S  gil: switch interval in seconds, 0.000001 to 1 (default 0.005);\n"
           "                           sweep takes a list and measures gil at each\n"
           "      --check-interval N   gil-legacy: checkpoints between releases, 1 to %d (default %d)\n"
           "      --chunksize N        pool, spawn: tasks handed out at a time, 1 to %d\n"
           "                           (default: Pool.map's rule, tasks / (4 x workers) rounded up)\n"
           "      --start METHOD       pool: how workers start: fork (default), spawn, forkserver\n"
           "      --queue KIND         pool: pipe (default; chunks dealt ahead) or shm (shared memory)\n"
           "      --retries N          pool: runs of a task after one that killed its worker, 0 to 100\n"
           "                           (default 2); then the run fails naming the task\n"
           "      --task-timeout S     pool: a task running longer hung: its worker is killed and\n"
           "                           replaced, the task retried; 0.001 to 86400 (default: none)\n"
           "      --maxtasksperchild N pool: a worker is replaced after N tasks, 1 to 1000000\n"
           "      --trace FILE         run with gil or gil-legacy: write every GIL event of the last\n"
           "                           repetition to FILE (CSV: time_s,thread,event)\n"
           "      --remeasure N        extra rounds of repetitions, 0 to %d (default %d), run at once\n"
           "                           when a row is flagged (impossible speedup, wide spread,\n"
           "                           drifting seq), within half the time the kernel took so far\n"
           "      --pin                pin worker i to the i-th CPU the process may use\n"
           "                           (sched_setaffinity); meta records the CPUs obtained\n"
           "      --timeout S          a repetition running longer has a hung worker, 1 to 86400\n"
           "                           (default 600)\n"
           "      --quick              small sizes: seconds instead of minutes\n"
           "      --scale F            each kernel's size (default or --quick) times F, 0.01 to 1\n"
           "      --no-probe           skip measuring how many cores the machine really gives\n"
           "      --progress / --no-progress   progress line on stderr (default: on a terminal)\n"
           "  -h, --help               this text\n\n"
           "Exit status: 0 success, 1 a failed run (crashed or hung worker, checksum\n"
           "mismatch, a pool task that failed on every retry), 2 bad usage.  Fault injection\n"
           "for tests: GILBENCH_CRASH_TASK=T[:once|:always] or GILBENCH_HANG_TASK=T[:once|:always]\n"
           "makes the worker running task T crash (GILBENCH_CRASH_SIGNAL=N, default 11) or hang,\n"
           "every time (default) or on its first attempt only.\n",
           kernels, modes, MAX_WORKERS, TASKS_DEFAULT, MEASURE_MAX_REPS, DEFAULT_REPS, MEASURE_MAX_WARMUP,
           MEASURE_DEFAULT_WARMUP, MAX_CHECK_INTERVAL, DEFAULT_CHECK_INTERVAL, TASKS_MAX, MAX_REMEASURE,
           DEFAULT_REMEASURE);
}

void options_parse(struct options *o, const char *command, int argc, char **argv)
{
    enum { OPT_WARMUP = 256, OPT_SWITCH, OPT_TIMEOUT, OPT_QUICK, OPT_NO_PROBE, OPT_PROGRESS,
           OPT_NO_PROGRESS, OPT_CHECK, OPT_TRACE, OPT_CHUNKSIZE, OPT_REMEASURE, OPT_PIN, OPT_SCALE,
           OPT_START, OPT_QUEUE, OPT_RETRIES, OPT_TASK_TIMEOUT, OPT_MAXTASKS };
    static const struct option longopts[] = {
        {"kernel", required_argument, NULL, 'k'},
        {"mode", required_argument, NULL, 'm'},
        {"workers", required_argument, NULL, 'w'},
        {"items", required_argument, NULL, 'n'},
        {"tasks", required_argument, NULL, 't'},
        {"reps", required_argument, NULL, 'r'},
        {"out", required_argument, NULL, 'o'},
        {"warmup", required_argument, NULL, OPT_WARMUP},
        {"switch-interval", required_argument, NULL, OPT_SWITCH},
        {"timeout", required_argument, NULL, OPT_TIMEOUT},
        {"check-interval", required_argument, NULL, OPT_CHECK},
        {"trace", required_argument, NULL, OPT_TRACE},
        {"chunksize", required_argument, NULL, OPT_CHUNKSIZE},
        {"remeasure", required_argument, NULL, OPT_REMEASURE},
        {"pin", no_argument, NULL, OPT_PIN},
        {"start", required_argument, NULL, OPT_START},
        {"queue", required_argument, NULL, OPT_QUEUE},
        {"retries", required_argument, NULL, OPT_RETRIES},
        {"task-timeout", required_argument, NULL, OPT_TASK_TIMEOUT},
        {"maxtasksperchild", required_argument, NULL, OPT_MAXTASKS},
        {"quick", no_argument, NULL, OPT_QUICK},
        {"scale", required_argument, NULL, OPT_SCALE},
        {"no-probe", no_argument, NULL, OPT_NO_PROBE},
        {"progress", no_argument, NULL, OPT_PROGRESS},
        {"no-progress", no_argument, NULL, OPT_NO_PROGRESS},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int single = strcmp(command, "run") == 0, pool_opts_given = 0;
    uint64_t v;
    int c;

    memset(o, 0, sizeof *o);
    o->command = command;
    o->reps = DEFAULT_REPS;
    o->warmup = MEASURE_DEFAULT_WARMUP;
    o->probe = 1;
    o->progress = -1;
    o->switch_interval_s = DEFAULT_SWITCH_INTERVAL_S;
    o->switch_intervals[0] = DEFAULT_SWITCH_INTERVAL_S;
    o->nswitch = 1;
    o->timeout_s = MEASURE_DEFAULT_TIMEOUT_S;
    o->check_interval = DEFAULT_CHECK_INTERVAL;
    o->remeasure = DEFAULT_REMEASURE;
    o->scale = 1.0;
    pool_options_default(&o->pool);
    cli_parse_begin(o->argv_line, sizeof o->argv_line, argc, argv);
    while ((c = getopt_long(argc, argv, ":k:m:w:n:t:r:o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'k': parse_kernels(o, optarg, single); break;
        case 'm': parse_modes(o, optarg, single); break;
        case 'w': parse_workers(o, optarg, single); break;
        case 'n':
            v = cli_whole_number(command, "--items", optarg, 1, UINT64_MAX >> 1);
            o->items = v;
            break;
        case 't':
            v = cli_whole_number(command, "--tasks", optarg, 1, TASKS_MAX);
            o->tasks = (uint32_t)v;
            break;
        case 'r':
            v = cli_whole_number(command, "--reps", optarg, 1, MEASURE_MAX_REPS);
            o->reps = (unsigned)v;
            break;
        case OPT_WARMUP:
            v = cli_whole_number(command, "--warmup", optarg, 0, MEASURE_MAX_WARMUP);
            o->warmup = (unsigned)v;
            break;
        case 'o': o->out = optarg; break;
        case OPT_SWITCH: parse_switch_intervals(o, optarg, single); break;
        case OPT_TIMEOUT:
            if (parse_seconds(optarg, 1.0, 86400.0, &o->timeout_s) != 0)
                usage_error(command, "--timeout: expected seconds from 1 to 86400, got '%s'", optarg);
            break;
        case OPT_CHECK:
            v = cli_whole_number(command, "--check-interval", optarg, 1, MAX_CHECK_INTERVAL);
            o->check_interval = (unsigned)v;
            break;
        case OPT_CHUNKSIZE:
            v = cli_whole_number(command, "--chunksize", optarg, 1, TASKS_MAX);
            o->chunksize = (uint32_t)v;
            break;
        case OPT_REMEASURE:
            v = cli_whole_number(command, "--remeasure", optarg, 0, MAX_REMEASURE);
            o->remeasure = (unsigned)v;
            break;
        case OPT_PIN: o->pin = 1; break;
        case OPT_START:
            if (pool_start_parse(optarg, &o->pool.start) != 0)
                usage_error(command, "--start: expected fork, spawn or forkserver, got '%s'", optarg);
            pool_opts_given = 1;
            break;
        case OPT_QUEUE:
            if (pool_queue_parse(optarg, &o->pool.queue) != 0)
                usage_error(command, "--queue: expected pipe or shm, got '%s'", optarg);
            pool_opts_given = 1;
            break;
        case OPT_RETRIES:
            if (parse_u64(optarg, 0, 100, &v) != 0)
                usage_error(command, "--retries: expected a whole number from 0 to 100, got '%s'", optarg);
            o->pool.retries = (unsigned)v;
            pool_opts_given = 1;
            break;
        case OPT_TASK_TIMEOUT:
            if (parse_seconds(optarg, 0.001, 86400.0, &o->pool.task_timeout_s) != 0)
                usage_error(command, "--task-timeout: expected seconds from 0.001 to 86400, got '%s'",
                            optarg);
            pool_opts_given = 1;
            break;
        case OPT_MAXTASKS:
            if (parse_u64(optarg, 1, TASKS_MAX, &v) != 0)
                usage_error(command, "--maxtasksperchild: expected a whole number from 1 to %d, got '%s'",
                            TASKS_MAX, optarg);
            o->pool.maxtasksperchild = (unsigned)v;
            pool_opts_given = 1;
            break;
        case OPT_TRACE:
            if (!single)
                usage_error(command, "--trace: only 'run' can trace (one configuration)");
            o->trace = optarg;
            break;
        case OPT_QUICK: o->quick = 1; break;
        case OPT_SCALE:
            if (parse_seconds(optarg, 0.01, 1.0, &o->scale) != 0)
                usage_error(command, "--scale: expected a factor from 0.01 to 1, got '%s'", optarg);
            break;
        case OPT_NO_PROBE: o->probe = 0; break;
        case OPT_PROGRESS: o->progress = 1; break;
        case OPT_NO_PROGRESS: o->progress = 0; break;
        case 'h': print_help(command); exit(0);
        default: cli_getopt_failed(command, c, argv);
        }
    }
    cli_no_operands(command, argc, argv);
    if (o->nkernels == 0)
        usage_error(command, "--kernel is required (see 'gilbench list kernels')");
    if (o->nmodes == 0)
        usage_error(command, "--mode is required (see 'gilbench list modes')");
    if (o->nworkers == 0)
        usage_error(command, "--workers is required");
    for (size_t i = 0; i < o->nkernels; i++)
        tasks_check_sizes(command, o->kernels[i], o->items, options_items(o, o->kernels[i]), o->tasks);
    if (pool_opts_given) {
        int has_pool = 0;
        for (size_t i = 0; i < o->nmodes; i++)
            has_pool |= strcmp(o->modes[i]->name, "pool") == 0;
        if (!has_pool)
            usage_error(command, "--start, --queue, --retries, --task-timeout and --maxtasksperchild "
                                 "apply to the pool mode only");
    }
    if (o->out != NULL)
        check_out_dir(command, o->out);
    if (o->trace != NULL) {
        if (strncmp(o->modes[0]->name, "gil", 3) != 0)
            usage_error(command, "--trace: needs a GIL mode (gil or gil-legacy), got '%s'",
                        o->modes[0]->name);
        check_file_writable(command, "--trace", o->trace);
    }
}
