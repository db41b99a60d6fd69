/* granularity_options.c - see granularity_options.h. */
#include "commands/granularity/granularity_options.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modes/workers/tasks.h"
#include "registry.h"

enum { MAX_REPS = 1000, MAX_TASKS = 100000 };

static void granularity_help(void)
{
    printf("usage: gilbench granularity [options]\n"
           "A fixed number of tasks of calibrated pure CPU work (the spin kernel), each\n"
           "task lasting from 1 us to 100 ms: speedup of each mode over seq, measured in\n"
           "the same run, and the task duration from which each mode breaks even.\n\n"
           "  -w, --workers N      1 to %d (default 2)\n"
           "  -t, --tasks N        tasks per run, 1 to %d (default %d)\n"
           "      --durations LIST durations of one task, 1us to 1s: a list (30us,2ms,...), a\n"
           "                       log range LO..HI in 1-3-10 steps, or both (default\n"
           "                       1us..100ms; --quick: 1us..1ms); a bare number is us\n"
           "  -m, --modes LIST     parallel modes (default: threads,fork and pool,spawn when\n"
           "                       they exist); seq always runs\n"
           "  -r, --reps N         measured repetitions, 1 to %d (default 3; --quick: 5);\n"
           "                       three times as many where a seq run takes under 10 ms\n"
           "      --quick          short durations only: a few seconds\n"
           "      --pin            pin worker i to the i-th CPU allowed (sched_setaffinity)\n"
           "  -o, --out DIR        result directory (default: a new results/<run-id>/)\n"
           "Writes DIR/granularity.csv, DIR/breakeven.csv and DIR/meta.\n",
           KERNEL_MAX_WORKERS, MAX_TASKS, TASKS_DEFAULT, MAX_REPS);
}

static const char *mode_name(size_t i)
{
    return mode_table[i]->name;
}

static void parse_modes(struct gran_options *o, char *arg)
{
    const struct cli_names t = {"mode", mode_count, mode_name};
    size_t index[CLI_MAX_LIST];

    o->nmodes = cli_parse_names("granularity", "--modes", arg, &t, index, CLI_MAX_LIST);
    for (size_t i = 0; i < o->nmodes; i++) {
        o->modes[i] = mode_table[index[i]];
        if (strcmp(o->modes[i]->name, "seq") == 0)
            usage_error("granularity", "--modes: expected parallel modes, got 'seq' (seq always runs)");
    }
}

void granularity_parse(struct gran_options *o, int argc, char **argv)
{
    enum { OPT_DURATIONS = 256, OPT_QUICK, OPT_PIN };
    static const struct option longopts[] = {
        {"workers", required_argument, NULL, 'w'}, {"tasks", required_argument, NULL, 't'},
        {"durations", required_argument, NULL, OPT_DURATIONS},
        {"modes", required_argument, NULL, 'm'}, {"reps", required_argument, NULL, 'r'},
        {"quick", no_argument, NULL, OPT_QUICK}, {"out", required_argument, NULL, 'o'},
        {"pin", no_argument, NULL, OPT_PIN},
        {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0},
    };
    const char *bad;
    int reps_given = 0, c, n;
    uint64_t v;

    memset(o, 0, sizeof *o);
    o->workers = 2;
    o->tasks = TASKS_DEFAULT;
    cli_parse_begin(o->argv_line, sizeof o->argv_line, argc, argv);
    while ((c = getopt_long(argc, argv, ":w:t:m:r:o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'w':
            v = cli_whole_number("granularity", "--workers", optarg, 1, KERNEL_MAX_WORKERS);
            o->workers = (uint32_t)v;
            break;
        case 't':
            v = cli_whole_number("granularity", "--tasks", optarg, 1, MAX_TASKS);
            o->tasks = (uint32_t)v;
            break;
        case OPT_DURATIONS:
            n = durations_parse(optarg, o->task_us, DURATIONS_MAX, &bad);
            if (n < 0)
                usage_error("granularity", "--durations: expected up to %d durations from 1us to 1s "
                            "(30us, 2ms, ...) or ranges LO..HI, got '%s'", DURATIONS_MAX, bad);
            o->ndurations = (size_t)n;
            break;
        case 'm': parse_modes(o, optarg); break;
        case 'r':
            v = cli_whole_number("granularity", "--reps", optarg, 1, MAX_REPS);
            o->reps = (unsigned)v;
            reps_given = 1;
            break;
        case OPT_QUICK: o->quick = 1; break;
        case OPT_PIN: o->pin = 1; break;
        case 'o': o->out = optarg; break;
        case 'h': granularity_help(); exit(0);
        default: cli_getopt_failed("granularity", c, argv);
        }
    }
    cli_no_operands("granularity", argc, argv);
    if (o->ndurations == 0) {
        char range[16];
        snprintf(range, sizeof range, "%s", o->quick ? "1us..1ms" : "1us..100ms");
        o->ndurations = (size_t)durations_parse(range, o->task_us, DURATIONS_MAX, &bad);
    }
    if (o->nmodes == 0) {
        static const char *const wanted[] = {"threads", "fork", "pool", "spawn"};
        for (size_t i = 0; i < sizeof wanted / sizeof wanted[0]; i++)
            if (mode_find(wanted[i]) != NULL)
                o->modes[o->nmodes++] = mode_find(wanted[i]);
    }
    if (!reps_given)
        o->reps = o->quick ? 5 : 3;
    if (o->out != NULL)
        check_out_dir("granularity", o->out);
}

