/* mpi_options.c - parsing and checking gilbench-mpi's options.
 *
 * The launcher parses them before it starts mpirun, so a bad value costs
 * one line and status 2, never a half-started MPI job; every rank parses
 * the same argv again, which cannot fail differently. */
#include "mpi/mpi_options.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modes/measure.h"
#include "modes/workers/tasks.h"

enum {
    DEFAULT_REPS = 3,
    MAX_RANKS = KERNEL_MAX_WORKERS,
    DEFAULT_LATENCY_ITERS = 1000,  /* osu_latency: 10000 round trips, 100 above 8 KiB */
    DEFAULT_BANDWIDTH_ITERS = 100, /* osu_bw: 100 windows, 20 above 8 KiB */
    DEFAULT_WINDOW = 64,           /* osu_bw's window of non-blocking sends */
    MAX_ITERS = 1000000,
    MAX_WINDOW = 1024,
};
static const uint64_t DEFAULT_MAX_SIZE = 4u << 20; /* osu_latency stops at 4 MiB */
static const uint64_t QUICK_MAX_SIZE = 64u << 10;
static const uint64_t MAX_MAX_SIZE = 256u << 20;

uint64_t mpi_options_items(const struct mpi_options *o, const struct kernel *k)
{
    if (o->items != 0)
        return o->items;
    return o->quick ? k->quick_items : k->default_items;
}

uint32_t mpi_options_tasks(const struct mpi_options *o, const struct kernel *k)
{
    return tasks_for_items(mpi_options_items(o, k), o->tasks);
}

uint32_t mpi_options_max_ranks(const struct mpi_options *o)
{
    uint32_t most = o->command == MPI_CMD_PINGPONG ? 2 : 0;

    for (size_t i = 0; i < o->nranks; i++)
        if (o->ranks[i] > most)
            most = o->ranks[i];
    return most;
}

static void parse_kernels(struct mpi_options *o, char *arg)
{
    char *parts[CLI_MAX_LIST];
    int n = split_list(arg, parts, CLI_MAX_LIST);

    if (n < 0)
        usage_error(o->name, "--kernel: expected a comma-separated list of kernels "
                                 "(see 'gilbench list kernels')");
    for (int i = 0; i < n; i++) {
        const struct kernel *k = kernel_find(parts[i]);
        if (k == NULL)
            usage_error(o->name, "--kernel: unknown kernel '%s' (see 'gilbench list kernels')",
                            parts[i]);
        for (int j = 0; j < i; j++)
            if (o->kernels[j] == k)
                usage_error(o->name, "--kernel: '%s' is listed twice", parts[i]);
        o->kernels[i] = k;
    }
    o->nkernels = (size_t)n;
}

static void parse_ranks(struct mpi_options *o, char *arg)
{
    char original[512], *parts[CLI_MAX_LIST];
    int n;

    snprintf(original, sizeof original, "%s", arg); /* split_list writes into arg */
    n = split_list(arg, parts, CLI_MAX_LIST);
    if (n < 0)
        usage_error(o->name, "--ranks: expected up to %d comma-separated rank counts from 1 "
                                 "to %d, got '%s'", CLI_MAX_LIST, MAX_RANKS, original);
    for (int i = 0; i < n; i++) {
        uint64_t v;
        if (parse_u64(parts[i], 1, MAX_RANKS, &v) != 0)
            usage_error(o->name, "--ranks: expected a rank count from 1 to %d, got '%s'",
                            MAX_RANKS, parts[i]);
        for (int j = 0; j < i; j++)
            if (o->ranks[j] == v)
                usage_error(o->name, "--ranks: %s is listed twice", parts[i]);
        o->ranks[i] = (uint32_t)v;
    }
    o->nranks = (size_t)n;
}

static void print_help(const struct mpi_options *o)
{
    if (o->command == MPI_CMD_RUN)
        printf("usage: gilbench-mpi run -k KERNELS [-w RANKS] [options]\n"
               "Runs the kernels' tasks on Open MPI ranks: rank 0 scatters each rank's share\n"
               "(dealt round-robin, as the fork mode deals them), each rank runs it, and the\n"
               "partials are gathered and added in task order, so the checksum equals every\n"
               "gilbench mode's.  Rows go to runs.csv and summary.csv with mode=mpi and\n"
               "workers=ranks, next to seq measured on rank 0 in the same run.\n\n"
               "  -k, --kernel K1,K2     kernels (see 'gilbench list kernels')\n"
               "  -w, --ranks N1,N2      rank counts, each 1 to %d (default 2, or all the ranks\n"
               "                         when started by mpirun); mpirun starts the largest,\n"
               "                         smaller counts use the first ranks\n"
               "  -n, --items N          work items (default: the kernel's size)\n"
               "  -t, --tasks N          tasks, 1 to %d (default %d, at most the item count)\n"
               "  -r, --reps N           measured repetitions, 1 to %d (default %d)\n"
               "      --warmup N         unmeasured repetitions first, 0 to %d (default %d)\n"
               "      --timeout S        a repetition running longer has a hung rank, 1 to 86400\n"
               "                         (default 600)\n"
               "  -o, --out DIR          result directory (default: a new results/<run-id>/)\n"
               "      --quick            small sizes\n",
               MAX_RANKS, TASKS_MAX, TASKS_DEFAULT, MEASURE_MAX_REPS, DEFAULT_REPS, MEASURE_MAX_WARMUP,
               MEASURE_DEFAULT_WARMUP);
    else
        printf("usage: gilbench-mpi pingpong [options]\n"
               "Two ranks, as the OSU micro-benchmarks measure them: latency is half a\n"
               "round trip of a blocking send/receive (osu_latency); bandwidth is a window\n"
               "of non-blocking sends answered by one short reply (osu_bw).  Both after\n"
               "warm-up iterations, for every power-of-two size up to --max-size.\n"
               "CSV columns: channel,size_bytes,iterations,median_us,min_us,max_us,bandwidth_MBps\n\n"
               "      --max-size BYTES   largest message, 1 to %llu (default %llu; --quick %llu)\n"
               "      --iters N          latency round trips per size, 10 to %d (default %d;\n"
               "                         fewer for large sizes, at most 64 MiB moved per size)\n"
               "      --bw-iters N       bandwidth windows per size, 2 to %d (default %d;\n"
               "                         fewer for large sizes, at most 256 MiB moved per size)\n"
               "      --window N         non-blocking sends per window, 1 to %d (default %d)\n"
               "  -o, --out FILE         the CSV file (default: standard output)\n"
               "      --quick            small sizes and counts\n",
               (unsigned long long)MAX_MAX_SIZE, (unsigned long long)DEFAULT_MAX_SIZE,
               (unsigned long long)QUICK_MAX_SIZE, MAX_ITERS, DEFAULT_LATENCY_ITERS, MAX_ITERS,
               DEFAULT_BANDWIDTH_ITERS, MAX_WINDOW, DEFAULT_WINDOW);
    printf("      --hostfile FILE    Open MPI hostfile: run the ranks on these machines\n"
           "                         (same binary path on each, ssh without a password)\n"
           "  -h, --help             this text\n\n"
           "gilbench-mpi starts mpirun itself (GILBENCH_MPIRUN=PATH names another one);\n"
           "it can also be started by mpirun directly (mpirun -np 3 bin/gilbench-mpi run\n"
           "-k primes).  Exit status: 0 success, 1 a failed run (a rank crashed, hung or\n"
           "disagreed on the checksum, or mpirun could not start), 2 bad usage.\n");
}

static void check_run_options(struct mpi_options *o)
{
    if (o->nkernels == 0)
        usage_error(o->name, "--kernel is required (see 'gilbench list kernels')");
    for (size_t i = 0; i < o->nkernels; i++)
        tasks_check_sizes(o->name, o->kernels[i], o->items, mpi_options_items(o, o->kernels[i]), o->tasks);
}

void mpi_options_parse(struct mpi_options *o, int argc, char **argv)
{
    enum { OPT_WARMUP = 256, OPT_TIMEOUT, OPT_QUICK, OPT_HOSTFILE, OPT_MAX_SIZE, OPT_ITERS,
           OPT_BW_ITERS, OPT_WINDOW };
    static const struct option longopts[] = {
        {"kernel", required_argument, NULL, 'k'},
        {"ranks", required_argument, NULL, 'w'},
        {"items", required_argument, NULL, 'n'},
        {"tasks", required_argument, NULL, 't'},
        {"reps", required_argument, NULL, 'r'},
        {"out", required_argument, NULL, 'o'},
        {"warmup", required_argument, NULL, OPT_WARMUP},
        {"timeout", required_argument, NULL, OPT_TIMEOUT},
        {"quick", no_argument, NULL, OPT_QUICK},
        {"hostfile", required_argument, NULL, OPT_HOSTFILE},
        {"max-size", required_argument, NULL, OPT_MAX_SIZE},
        {"iters", required_argument, NULL, OPT_ITERS},
        {"bw-iters", required_argument, NULL, OPT_BW_ITERS},
        {"window", required_argument, NULL, OPT_WINDOW},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int run, c;
    size_t prefix;

    memset(o, 0, sizeof *o);
    o->name = argv[0];
    run = strcmp(o->name, "run") == 0;
    o->command = run ? MPI_CMD_RUN : MPI_CMD_PINGPONG;
    o->reps = DEFAULT_REPS;
    o->warmup = MEASURE_DEFAULT_WARMUP;
    o->timeout_s = MEASURE_DEFAULT_TIMEOUT_S;
    o->latency_iters = DEFAULT_LATENCY_ITERS;
    o->bandwidth_iters = DEFAULT_BANDWIDTH_ITERS;
    o->window = DEFAULT_WINDOW;
    /* The meta file records "gilbench-mpi run ...". */
    prefix = (size_t)snprintf(o->argv_line, sizeof o->argv_line, "gilbench-mpi ");
    cli_parse_begin(o->argv_line + prefix, sizeof o->argv_line - prefix, argc, argv);
    while ((c = getopt_long(argc, argv, ":k:w:n:t:r:o:h", longopts, NULL)) != -1) {
        /* Options of the other subcommand are refused, not ignored. */
        if (!run && c > 0 && c < 256 && strchr("kwntr", c) != NULL)
            usage_error(o->name, "option '-%c' belongs to 'run'", c);
        if (!run && c == OPT_WARMUP)
            usage_error(o->name, "option '--warmup' belongs to 'run'");
        if (run && c >= OPT_MAX_SIZE)
            usage_error(o->name, "options --max-size, --iters, --bw-iters and --window "
                                     "belong to 'pingpong'");
        switch (c) {
        case 'k': parse_kernels(o, optarg); break;
        case 'w': parse_ranks(o, optarg); break;
        case 'n':
            o->items = cli_whole_number(o->name, "--items", optarg, 1, UINT64_MAX >> 1);
            break;
        case 't':
            o->tasks = (uint32_t)cli_whole_number(o->name, "--tasks", optarg, 1, TASKS_MAX);
            break;
        case 'r':
            o->reps = (unsigned)cli_whole_number(o->name, "--reps", optarg, 1, MEASURE_MAX_REPS);
            break;
        case OPT_WARMUP:
            o->warmup = (unsigned)cli_whole_number(o->name, "--warmup", optarg, 0, MEASURE_MAX_WARMUP);
            break;
        case OPT_TIMEOUT:
            if (parse_seconds(optarg, 1.0, 86400.0, &o->timeout_s) != 0)
                usage_error(o->name, "--timeout: expected seconds from 1 to 86400, got '%s'",
                                optarg);
            break;
        case OPT_QUICK: o->quick = 1; break;
        case OPT_HOSTFILE: o->hostfile = optarg; break;
        case OPT_MAX_SIZE:
            o->max_size = cli_whole_number(o->name, "--max-size", optarg, 1, MAX_MAX_SIZE);
            break;
        case OPT_ITERS:
            o->latency_iters =
                (unsigned)cli_whole_number(o->name, "--iters", optarg, 10, MAX_ITERS);
            break;
        case OPT_BW_ITERS:
            o->bandwidth_iters =
                (unsigned)cli_whole_number(o->name, "--bw-iters", optarg, 2, MAX_ITERS);
            break;
        case OPT_WINDOW:
            o->window = (unsigned)cli_whole_number(o->name, "--window", optarg, 1, MAX_WINDOW);
            break;
        case 'o': o->out = optarg; break;
        case 'h': print_help(o); exit(0);
        default: cli_getopt_failed(o->name, c, argv);
        }
    }
    cli_no_operands(o->name, argc, argv);
    if (run) {
        check_run_options(o);
        if (o->out != NULL)
            check_out_dir(o->name, o->out);
    } else {
        if (o->max_size == 0)
            o->max_size = o->quick ? QUICK_MAX_SIZE : DEFAULT_MAX_SIZE;
        if (o->quick && o->latency_iters == DEFAULT_LATENCY_ITERS)
            o->latency_iters = DEFAULT_LATENCY_ITERS / 5;
        if (o->quick && o->bandwidth_iters == DEFAULT_BANDWIDTH_ITERS)
            o->bandwidth_iters = DEFAULT_BANDWIDTH_ITERS / 5;
        if (o->out != NULL)
            check_file_writable(o->name, "--out", o->out);
    }
}
