/* main.c - the gilbench command: one CLI, one subcommand per job.
 * Adding a subcommand: one function taking (argc, argv) from the
 * subcommand's name on, plus one line in command_table. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "commands/compare/compare.h"
#include "commands/convoy/convoy.h"
#include "commands/granularity/granularity.h"
#include "commands/pool/pool_cmd.h"
#include "commands/hash/hash.h"
#include "commands/images/images.h"
#include "commands/ipc/ipc.h"
#include "commands/shared/shared.h"
#include "modes/workers/spawn_worker.h"
#include "modes/workers/pool_job.h"
#include "commands/startup/launch_workers.h"
#include "registry.h"
#include "modes/modes.h"
#include "commands/run/run_options.h"
#include "commands/startup/startup.h"
#include "commands/summarize/summarize.h"
#include "commands/run/suite.h"

#ifndef GILBENCH_VERSION
#define GILBENCH_VERSION "0.1.0"
#endif

static int cmd_list(int argc, char **argv)
{
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("usage: gilbench list kernels|modes\n"
               "kernels: name, kind (cpu/io/memory), default items, summary\n"
               "modes: name, summary\n");
        return 0;
    }
    if (argc != 2)
        usage_error("list", "expected 'kernels' or 'modes'");
    if (strcmp(argv[1], "kernels") == 0) {
        for (size_t i = 0; i < kernel_count; i++) {
            const struct kernel *k = kernel_table[i];
            printf("%-11s %-6s %12llu  %s\n", k->name, kernel_kind_name(k->kind),
                   (unsigned long long)k->default_items, k->summary);
        }
        return 0;
    }
    if (strcmp(argv[1], "modes") == 0) {
        for (size_t i = 0; i < mode_count; i++)
            printf("%-15s %s\n", mode_table[i]->name, mode_table[i]->summary);
        return 0;
    }
    usage_error("list", "expected 'kernels' or 'modes', got '%s'", argv[1]);
}

/* The forkserver (--start forkserver) starts before anything is measured
 * or built, while gilbench is small: that is the start method's point. */
static int run_or_sweep(const char *command, int argc, char **argv, int with_seq)
{
    struct options o;
    char error[256];
    int status;

    options_parse(&o, command, argc, argv);
    if (pool_options_begin(&o.pool, error, sizeof error) != 0) {
        fprintf(stderr, "gilbench %s: %s\n", command, error);
        return EXIT_RUN_FAILED;
    }
    status = suite_run(&o, with_seq);
    pool_options_end(&o.pool);
    return status;
}

static int cmd_run(int argc, char **argv)
{
    return run_or_sweep("run", argc, argv, 0);
}

static int cmd_sweep(int argc, char **argv)
{
    return run_or_sweep("sweep", argc, argv, 1);
}

struct command {
    const char *name;
    const char *summary;
    int (*main)(int argc, char **argv);
};

static const struct command command_table[] = {
    {"list", "what can be run (kernels|modes), one per line: name, then summary", cmd_list},
    {"run", "measure one kernel/mode/workers configuration", cmd_run},
    {"sweep", "measure many configurations in one run, with seq for speedups", cmd_sweep},
    {"convoy", "an I/O-bound thread beside a CPU-bound one under each GIL", convoy_main},
    {"startup", "cost of starting a thread, process or pool vs the parent's memory", startup_main},
    {"granularity", "speedup vs the size of one task: where parallelism starts to pay", granularity_main},
    {"summarize", "rebuild a run's summary.csv from its runs.csv, with intervals and flags", summarize_main},
    {"compare", "the same configurations of several runs side by side, with significance", compare_main},
    {"images", "the tutorials' photo batch: decode, resize, filter, encode a folder per mode", images_main},
    {"hash", "SHA-256 of files in parallel, sha256sum's format (FILE... | DIR | --check LIST)", hash_main},
    {"ipc", "what it costs processes to talk: latency, bandwidth, serialising, sharing", ipc_main},
    {"shared", "what it costs processes to share state: counters, Manager, false sharing", shared_main},
    {"pool", "a process pool: cost per task by start method and queue, map vs imap", pool_main},
    /* Hidden: started by gilbench itself, not by people. */
    {"worker", NULL, spawn_worker_main},             /* a `spawn` mode worker */
    {"pool-worker", NULL, pool_job_worker_main},     /* a `pool` worker, --start spawn */
    {"startup-worker", NULL, launch_worker_main},    /* what `startup` times (launch_workers.h) */
};

static void print_usage(FILE *fp)
{
    fprintf(fp,
            "usage: gilbench COMMAND [options]\n\n"
            "Runs CPU-, I/O- and memory-bound kernels sequentially, with threads under a\n"
            "simulated GIL, with real threads and with forked processes, and records\n"
            "what each costs and gains.\n\n"
            "commands:\n");
    for (size_t i = 0; i < sizeof command_table / sizeof command_table[0]; i++)
        if (command_table[i].summary != NULL)
            fprintf(fp, "  %-12s %s\n", command_table[i].name, command_table[i].summary);
    fprintf(fp, "  %-12s %s\n\n'gilbench COMMAND --help' describes each command.\n", "--version",
            "print the version");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        print_usage(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        print_usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("gilbench %s\n", GILBENCH_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof command_table / sizeof command_table[0]; i++) {
        if (strcmp(argv[1], command_table[i].name) == 0) {
            int status = command_table[i].main(argc - 1, argv + 1);
            /* Output nobody received (a full disk, a closed pipe) is a failure. */
            if (fflush(stdout) != 0 || ferror(stdout)) {
                fprintf(stderr, "gilbench %s: cannot write the output: %s\n", argv[1], strerror(errno));
                return status != 0 ? status : EXIT_RUN_FAILED;
            }
            return status;
        }
    }
    fprintf(stderr, "gilbench: unknown command '%s' (see 'gilbench --help')\n", argv[1]);
    return EXIT_USAGE;
}
