/* granularity_options.h - the command line of `gilbench granularity`,
 * parsed and validated before anything is measured or written. */
#ifndef GILBENCH_GRANULARITY_OPTIONS_H
#define GILBENCH_GRANULARITY_OPTIONS_H

#include <stddef.h>
#include <stdint.h>

#include "commands/granularity/durations.h"
#include "lib/cli.h"
#include "modes/modes.h"

struct gran_options {
    uint32_t workers, tasks;
    uint32_t task_us[DURATIONS_MAX];
    size_t ndurations;
    const struct mode *modes[CLI_MAX_LIST]; /* seq excluded: it is always run */
    size_t nmodes;
    unsigned reps;
    int quick;
    const char *out;
    int pin;                 /* --pin: one CPU per worker (lib/machine/affinity.h) */
    double cores;            /* for the flags: measured by the probe, else allowed
                              * (set by granularity_main, not parsed) */
    char argv_line[1024];
};

/* Parses argv (argv[0] is "granularity"); a bad value exits with
 * EXIT_USAGE after one line naming the option, --help prints usage and
 * exits 0. */
void granularity_parse(struct gran_options *o, int argc, char **argv);

#endif
