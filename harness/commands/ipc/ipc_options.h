/* ipc_options.h - the command line of `gilbench ipc`. */
#ifndef GILBENCH_IPC_IPC_OPTIONS_H
#define GILBENCH_IPC_IPC_OPTIONS_H

#include "commands/ipc/ipc.h"

/* Bits of struct ipc_options.experiments, in --experiments' name order. */
enum { EXP_LATENCY = 1, EXP_BANDWIDTH = 2, EXP_SERIALISE = 4, EXP_SHARE = 8 };

struct ipc_options {
    int experiments;     /* EXP_* bits */
    int quick;
    int progress_mode;   /* progress.h: -1 auto, 0 off */
    const char *out;     /* NULL: a new results/<run-id>/ */
    int help;            /* --help was printed: exit 0 */
    char argv_line[1024];   /* the command line, for meta */
};

/* Fills *p and *o from the command line; exits 2 with one line on a bad
 * value. */
void ipc_options_parse(int argc, char **argv, struct ipc_params *p, struct ipc_options *o);

#endif
