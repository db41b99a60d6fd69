/* main.c - the gilbench command: one CLI, one subcommand per job. */
#include <stdio.h>
#include <string.h>

#include "kernel.h"
#include "mode.h"
#include "options.h"
#include "suite.h"

#ifndef GILBENCH_VERSION
#define GILBENCH_VERSION "0.1.0"
#endif

static void print_usage(FILE *fp)
{
    fprintf(fp,
            "usage: gilbench COMMAND [options]\n\n"
            "Runs CPU-, I/O- and memory-bound kernels sequentially, with threads under a\n"
            "simulated GIL, with real threads and with forked processes, and records\n"
            "what each costs and gains.\n\n"
            "commands:\n"
            "  list kernels|modes   what can be run, one per line: name, then summary\n"
            "  run                  measure one kernel/mode/workers configuration\n"
            "  sweep                measure many configurations in one run, with seq\n"
            "  --version            print the version\n\n"
            "'gilbench COMMAND --help' describes each command.\n");
}

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
            printf("%-11s %s\n", mode_table[i]->name, mode_table[i]->summary);
        return 0;
    }
    usage_error("list", "expected 'kernels' or 'modes', got '%s'", argv[1]);
}

int main(int argc, char **argv)
{
    struct options o;

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
    if (strcmp(argv[1], "list") == 0)
        return cmd_list(argc - 1, argv + 1);
    if (strcmp(argv[1], "run") == 0) {
        options_parse(&o, "run", argc - 1, argv + 1);
        return suite_run(&o, 0);
    }
    if (strcmp(argv[1], "sweep") == 0) {
        options_parse(&o, "sweep", argc - 1, argv + 1);
        return suite_run(&o, 1);
    }
    fprintf(stderr, "gilbench: unknown command '%s' (see 'gilbench --help')\n", argv[1]);
    return EXIT_USAGE;
}
