/* options.c - parsing and validating `run` and `sweep` options.
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

enum {
    DEFAULT_REPS = 5,
    DEFAULT_WARMUP = 1,
    DEFAULT_TASKS = 64,
    MAX_WORKERS = KERNEL_MAX_WORKERS,
    MAX_TASKS = 1000000,
    MAX_REPS = 1000,
    MAX_WARMUP = 100,
    DEFAULT_CHECK_INTERVAL = 100, /* sys.getcheckinterval() in CPython 2 */
    MAX_CHECK_INTERVAL = 1000000,
    DEFAULT_REMEASURE = 2,   /* extra rounds when a row is flagged */
    MAX_REMEASURE = 20,
};
static const double DEFAULT_SWITCH_INTERVAL_S = 0.005; /* sys.getswitchinterval() */
static const double DEFAULT_TIMEOUT_S = 600.0;

uint64_t options_items(const struct options *o, const struct kernel *k)
{
    if (o->items != 0)
        return o->items;
    return o->quick ? k->quick_items : k->default_items;
}

uint32_t options_tasks(const struct options *o, const struct kernel *k)
{
    uint64_t items = options_items(o, k);

    if (o->tasks != 0)
        return o->tasks;
    return items < DEFAULT_TASKS ? (uint32_t)items : DEFAULT_TASKS;
}

static void names_of_kernels(char *buf, size_t len)
{
    buf[0] = '\0';
    for (size_t i = 0; i < kernel_count; i++)
        snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", i ? ", " : "", kernel_table[i]->name);
}

static void names_of_modes(char *buf, size_t len)
{
    buf[0] = '\0';
    for (size_t i = 0; i < mode_count; i++)
        snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", i ? ", " : "", mode_table[i]->name);
}

static void parse_kernels(struct options *o, char *arg, int single)
{
    char *parts[CLI_MAX_LIST], names[512];
    int n = split_list(arg, parts, CLI_MAX_LIST);

    names_of_kernels(names, sizeof names);
    if (n < 0)
        usage_error(o->command, "--kernel: expected a comma-separated list of kernels (%s)", names);
    if (single && n != 1)
        usage_error(o->command, "--kernel: run takes one kernel; use 'sweep' for several");
    for (int i = 0; i < n; i++) {
        const struct kernel *k = kernel_find(parts[i]);
        if (k == NULL)
            usage_error(o->command, "--kernel: unknown kernel '%s'; expected one of %s", parts[i], names);
        for (int j = 0; j < i; j++)
            if (o->kernels[j] == k)
                usage_error(o->command, "--kernel: '%s' is listed twice", parts[i]);
        o->kernels[i] = k;
    }
    o->nkernels = (size_t)n;
}

static void parse_modes(struct options *o, char *arg, int single)
{
    char *parts[CLI_MAX_LIST], names[256];
    int n = split_list(arg, parts, CLI_MAX_LIST);

    names_of_modes(names, sizeof names);
    if (n < 0)
        usage_error(o->command, "--mode: expected a comma-separated list of modes (%s)", names);
    if (single && n != 1)
        usage_error(o->command, "--mode: run takes one mode; use 'sweep' for several");
    for (int i = 0; i < n; i++) {
        const struct mode *m = mode_find(parts[i]);
        if (m == NULL)
            usage_error(o->command, "--mode: unknown mode '%s'; expected one of %s", parts[i], names);
        for (int j = 0; j < i; j++)
            if (o->modes[j] == m)
                usage_error(o->command, "--mode: '%s' is listed twice", parts[i]);
        o->modes[i] = m;
    }
    o->nmodes = (size_t)n;
}

static void parse_workers(struct options *o, char *arg, int single)
{
    char original[512];
    char *parts[CLI_MAX_LIST];
    int n;

    snprintf(original, sizeof original, "%s", arg); /* split_list writes into arg */
    n = split_list(arg, parts, CLI_MAX_LIST);

    if (single && n != 1)
        usage_error(o->command, "--workers: expected a whole number from 1 to %d, got '%s'",
                    MAX_WORKERS, original);
    if (n < 0)
        usage_error(o->command,
                    "--workers: expected up to %d comma-separated whole numbers from 1 to %d, got '%s'",
                    CLI_MAX_LIST, MAX_WORKERS, original);
    for (int i = 0; i < n; i++) {
        uint64_t v;
        if (parse_u64(parts[i], 1, MAX_WORKERS, &v) != 0)
            usage_error(o->command, "--workers: expected a whole number from 1 to %d, got '%s'",
                        MAX_WORKERS, parts[i]);
        for (int j = 0; j < i; j++)
            if (o->workers[j] == v)
                usage_error(o->command, "--workers: %s is listed twice", parts[i]);
        o->workers[i] = (uint32_t)v;
    }
    o->nworkers = (size_t)n;
}

/* sweep measures `gil` once per interval: the cost of switching often. */
static void parse_switch_intervals(struct options *o, char *arg, int single)
{
    char original[512];
    char *parts[CLI_MAX_LIST];
    int n;

    snprintf(original, sizeof original, "%s", arg); /* split_list writes into arg */
    n = split_list(arg, parts, CLI_MAX_LIST);

    if (n < 0 || (single && n != 1))
        usage_error(o->command, "--switch-interval: expected %s from 0.000001 to 1, got '%s'",
                    single ? "seconds" : "up to 32 comma-separated seconds", original);
    for (int i = 0; i < n; i++) {
        if (parse_seconds(parts[i], 1e-6, 1.0, &o->switch_intervals[i]) != 0)
            usage_error(o->command, "--switch-interval: expected seconds from 0.000001 to 1, got '%s'",
                        parts[i]);
        for (int j = 0; j < i; j++)
            if (o->switch_intervals[j] == o->switch_intervals[i])
                usage_error(o->command, "--switch-interval: %s is listed twice", parts[i]);
    }
    o->nswitch = (size_t)n;
    o->switch_interval_s = o->switch_intervals[0];
}

static void print_help(const char *command)
{
    char kernels[512], modes[256];

    names_of_kernels(kernels, sizeof kernels);
    names_of_modes(modes, sizeof modes);
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
           "  -w, --workers N          1 to %d\n"
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
           "      --no-probe           skip measuring how many cores the machine really gives\n"
           "      --progress / --no-progress   progress line on stderr (default: on a terminal)\n"
           "  -h, --help               this text\n\n"
           "Exit status: 0 success, 1 a failed run (crashed or hung worker, checksum\n"
           "mismatch), 2 bad usage.  Fault injection for tests: GILBENCH_CRASH_TASK=T or\n"
           "GILBENCH_HANG_TASK=T makes the worker running task T crash or hang.\n",
           kernels, modes, MAX_WORKERS, DEFAULT_TASKS, MAX_REPS, DEFAULT_REPS, MAX_WARMUP,
           DEFAULT_WARMUP, MAX_CHECK_INTERVAL, DEFAULT_CHECK_INTERVAL, MAX_TASKS, MAX_REMEASURE,
           DEFAULT_REMEASURE);
}

void options_parse(struct options *o, const char *command, int argc, char **argv)
{
    enum { OPT_WARMUP = 256, OPT_SWITCH, OPT_TIMEOUT, OPT_QUICK, OPT_NO_PROBE, OPT_PROGRESS,
           OPT_NO_PROGRESS, OPT_CHECK, OPT_TRACE, OPT_CHUNKSIZE, OPT_REMEASURE, OPT_PIN };
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
        {"quick", no_argument, NULL, OPT_QUICK},
        {"no-probe", no_argument, NULL, OPT_NO_PROBE},
        {"progress", no_argument, NULL, OPT_PROGRESS},
        {"no-progress", no_argument, NULL, OPT_NO_PROGRESS},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int single = strcmp(command, "run") == 0;
    uint64_t v;
    int c;

    memset(o, 0, sizeof *o);
    o->command = command;
    o->reps = DEFAULT_REPS;
    o->warmup = DEFAULT_WARMUP;
    o->probe = 1;
    o->progress = -1;
    o->switch_interval_s = DEFAULT_SWITCH_INTERVAL_S;
    o->switch_intervals[0] = DEFAULT_SWITCH_INTERVAL_S;
    o->nswitch = 1;
    o->timeout_s = DEFAULT_TIMEOUT_S;
    o->check_interval = DEFAULT_CHECK_INTERVAL;
    o->remeasure = DEFAULT_REMEASURE;
    for (int i = 0; i < argc; i++)
        snprintf(o->argv_line + strlen(o->argv_line), sizeof o->argv_line - strlen(o->argv_line),
                 "%s%s", i ? " " : "", argv[i]);

    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":k:m:w:n:t:r:o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'k': parse_kernels(o, optarg, single); break;
        case 'm': parse_modes(o, optarg, single); break;
        case 'w': parse_workers(o, optarg, single); break;
        case 'n':
            if (parse_u64(optarg, 1, UINT64_MAX >> 1, &v) != 0)
                usage_error(command, "--items: expected a whole number from 1 to %llu, got '%s'",
                            (unsigned long long)(UINT64_MAX >> 1), optarg);
            o->items = v;
            break;
        case 't':
            if (parse_u64(optarg, 1, MAX_TASKS, &v) != 0)
                usage_error(command, "--tasks: expected a whole number from 1 to %d, got '%s'",
                            MAX_TASKS, optarg);
            o->tasks = (uint32_t)v;
            break;
        case 'r':
            if (parse_u64(optarg, 1, MAX_REPS, &v) != 0)
                usage_error(command, "--reps: expected a whole number from 1 to %d, got '%s'",
                            MAX_REPS, optarg);
            o->reps = (unsigned)v;
            break;
        case OPT_WARMUP:
            if (parse_u64(optarg, 0, MAX_WARMUP, &v) != 0)
                usage_error(command, "--warmup: expected a whole number from 0 to %d, got '%s'",
                            MAX_WARMUP, optarg);
            o->warmup = (unsigned)v;
            break;
        case 'o': o->out = optarg; break;
        case OPT_SWITCH: parse_switch_intervals(o, optarg, single); break;
        case OPT_TIMEOUT:
            if (parse_seconds(optarg, 1.0, 86400.0, &o->timeout_s) != 0)
                usage_error(command, "--timeout: expected seconds from 1 to 86400, got '%s'", optarg);
            break;
        case OPT_CHECK:
            if (parse_u64(optarg, 1, MAX_CHECK_INTERVAL, &v) != 0)
                usage_error(command, "--check-interval: expected a whole number from 1 to %d, got '%s'",
                            MAX_CHECK_INTERVAL, optarg);
            o->check_interval = (unsigned)v;
            break;
        case OPT_CHUNKSIZE:
            if (parse_u64(optarg, 1, MAX_TASKS, &v) != 0)
                usage_error(command, "--chunksize: expected a whole number from 1 to %d, got '%s'",
                            MAX_TASKS, optarg);
            o->chunksize = (uint32_t)v;
            break;
        case OPT_REMEASURE:
            if (parse_u64(optarg, 0, MAX_REMEASURE, &v) != 0)
                usage_error(command, "--remeasure: expected a whole number from 0 to %d, got '%s'",
                            MAX_REMEASURE, optarg);
            o->remeasure = (unsigned)v;
            break;
        case OPT_PIN: o->pin = 1; break;
        case OPT_TRACE:
            if (!single)
                usage_error(command, "--trace: only 'run' can trace (one configuration)");
            o->trace = optarg;
            break;
        case OPT_QUICK: o->quick = 1; break;
        case OPT_NO_PROBE: o->probe = 0; break;
        case OPT_PROGRESS: o->progress = 1; break;
        case OPT_NO_PROGRESS: o->progress = 0; break;
        case 'h': print_help(command); exit(0);
        case ':':
            usage_error(command, "option '%s' needs a value", argv[optind - 1]);
        default:
            /* A long option given a value it does not take sets optopt
             * to its code, which is no character. */
            if (optopt != 0 && optopt < 256)
                usage_error(command, "unknown option '-%c'", optopt);
            usage_error(command, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        usage_error(command, "unexpected argument '%s'", argv[optind]);
    if (o->nkernels == 0)
        usage_error(command, "--kernel is required (see 'gilbench list kernels')");
    if (o->nmodes == 0)
        usage_error(command, "--mode is required (see 'gilbench list modes')");
    if (o->nworkers == 0)
        usage_error(command, "--workers is required");
    for (size_t i = 0; i < o->nkernels; i++) {
        const struct kernel *k = o->kernels[i];
        if (o->items > k->max_items)
            usage_error(command, "--items: kernel %s takes 1 to %llu items, got %llu", k->name,
                        (unsigned long long)k->max_items, (unsigned long long)o->items);
        if (o->tasks > options_items(o, k))
            usage_error(command, "--tasks: at most the item count (%llu for %s), got %u",
                        (unsigned long long)options_items(o, k), k->name, o->tasks);
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
