/* run_options.h - the command line of `run` and `sweep`, parsed and validated
 * before anything is measured or written. */
#ifndef GILBENCH_RUN_OPTIONS_H
#define GILBENCH_RUN_OPTIONS_H

#include <stddef.h>
#include <stdint.h>

#include "lib/cli.h"
#include "registry.h"
#include "modes/modes.h"
#include "modes/workers/pool_job.h"



struct options {
    const char *command;                 /* "run" or "sweep": for messages */
    const struct kernel *kernels[CLI_MAX_LIST];
    size_t nkernels;
    const struct mode *modes[CLI_MAX_LIST];
    size_t nmodes;
    uint32_t workers[CLI_MAX_LIST];
    size_t nworkers;
    uint64_t items;          /* 0: each kernel's default (or quick) size */
    uint32_t tasks;          /* 0: default, min(64, items) */
    unsigned reps;
    unsigned warmup;
    int quick;
    double scale;            /* --scale: kernels' sizes times this, 0.01 to 1 (default 1) */
    int probe;               /* measure the machine's parallelism first */
    int progress;            /* -1 auto (a terminal), 0 off, 1 on */
    const char *out;         /* NULL: a new results/<run-id>/ */
    double switch_interval_s;          /* the first of switch_intervals */
    double switch_intervals[CLI_MAX_LIST];
    size_t nswitch;
    unsigned check_interval;
    unsigned remeasure;      /* extra rounds allowed when a row is flagged */
    int pin;                 /* --pin: one CPU per worker */
    uint32_t chunksize;      /* pool, spawn; 0: Pool.map's default */
    const char *trace;       /* run with a GIL mode: write its GIL events here */
    double timeout_s;
    struct pool_options pool;  /* pool: --start, --queue, --retries, --task-timeout, --maxtasksperchild */
    char argv_line[1024];    /* the command line, for the meta file */
};

/* Parses argv for `run` (single values) or `sweep` (lists).  Returns 0,
 * or exits with EXIT_USAGE after one line on stderr naming the option; for
 * --help prints usage and exits 0. */
void options_parse(struct options *o, const char *command, int argc, char **argv);

/* The item count and task count a kernel runs with under these options. */
uint64_t options_items(const struct options *o, const struct kernel *k);
uint32_t options_tasks(const struct options *o, const struct kernel *k);


#endif
