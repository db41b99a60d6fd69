/* options.h - the command line of `run` and `sweep`, parsed and validated
 * before anything is measured or written. */
#ifndef GILBENCH_OPTIONS_H
#define GILBENCH_OPTIONS_H

#include <stddef.h>
#include <stdint.h>

#include "kernel.h"
#include "mode.h"

enum { OPT_MAX_LIST = 32 };

/* Exit statuses, shared by every subcommand. */
enum { EXIT_RUN_FAILED = 1, EXIT_USAGE = 2 };

struct options {
    const char *command;                 /* "run" or "sweep": for messages */
    const struct kernel *kernels[OPT_MAX_LIST];
    size_t nkernels;
    const struct mode *modes[OPT_MAX_LIST];
    size_t nmodes;
    uint32_t workers[OPT_MAX_LIST];
    size_t nworkers;
    uint64_t items;          /* 0: each kernel's default (or quick) size */
    uint32_t tasks;          /* 0: default, min(64, items) */
    unsigned reps;
    unsigned warmup;
    int quick;
    int probe;               /* measure the machine's parallelism first */
    int progress;            /* -1 auto (a terminal), 0 off, 1 on */
    const char *out;         /* NULL: a new results/<run-id>/ */
    double switch_interval_s;          /* the first of switch_intervals */
    double switch_intervals[OPT_MAX_LIST];
    size_t nswitch;
    unsigned check_interval;
    uint32_t chunksize;      /* pool, spawn; 0: Pool.map's default */
    const char *trace;       /* run with a GIL mode: write its GIL events here */
    double timeout_s;
    char argv_line[1024];    /* the command line, for the meta file */
};

/* Parses argv for `run` (single values) or `sweep` (lists).  Returns 0,
 * or exits with EXIT_USAGE after one line on stderr naming the option; for
 * --help prints usage and exits 0. */
void options_parse(struct options *o, const char *command, int argc, char **argv);

/* The item count and task count a kernel runs with under these options. */
uint64_t options_items(const struct options *o, const struct kernel *k);
uint32_t options_tasks(const struct options *o, const struct kernel *k);

/* One line on stderr, then exit(EXIT_USAGE). */
void usage_error(const char *command, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));

/* Exits with EXIT_USAGE unless `dir` is, or can be created as, a
 * writable directory: checked before anything is measured. */
void options_check_out_dir(const char *command, const char *dir);

/* Strict number parsers used by every subcommand; return 0 or -1. */
int parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);
int parse_seconds(const char *s, double min, double max, double *out);

#endif
