/* startup_options.h - the command line of `gilbench startup`, parsed and
 * validated before anything is measured or written. */
#ifndef GILBENCH_STARTUP_OPTIONS_H
#define GILBENCH_STARTUP_OPTIONS_H

#include <stddef.h>
#include <stdint.h>

#include "commands/startup/launch.h"

enum { STARTUP_MAX_SIZES = 16, STARTUP_MAX_LAUNCHERS = 16 };

struct startup_options {
    uint32_t parent_mib[STARTUP_MAX_SIZES];
    size_t nsizes;
    const struct launcher *launchers[STARTUP_MAX_LAUNCHERS];
    size_t nlaunchers;
    uint64_t iterations;      /* 0: sized by time */
    unsigned batches;
    double batch_s;           /* a batch lasts at least this long */
    unsigned pool_workers;
    const char *out;
    int pin;                  /* --pin: harness on one CPU, every unit on another */
    char argv_line[1024];     /* the command line, for the meta file */
};

/* Parses argv (argv[0] is "startup"); a bad value exits with EXIT_USAGE
 * after one line naming the option, --help prints usage and exits 0. */
void startup_parse(struct startup_options *o, int argc, char **argv);

#endif
