/* hash_options.h - the command line of `gilbench hash`, validated. */
#ifndef GILBENCH_HASH_OPTIONS_H
#define GILBENCH_HASH_OPTIONS_H

#include <stddef.h>
#include <stdint.h>

#include "lib/cli.h"
#include "modes/modes.h"

enum { HASH_MAX_BLOCK = 64 << 20 };

struct hash_options {
    const struct mode *modes[CLI_MAX_LIST];
    size_t nmodes;
    uint32_t workers[CLI_MAX_LIST];
    size_t nworkers;
    uint64_t blocks[CLI_MAX_LIST];
    size_t nblocks;
    unsigned reps, warmup;
    int quiet;
    int progress;            /* -1 auto, 0 off */
    const char *check;       /* --check FILE, or NULL */
    const char *out;         /* -o DIR, or NULL: no CSV */
    double timeout_s;
    char **inputs;           /* the FILES... / DIR arguments */
    int ninputs;
    char argv_line[1024];
};

void hash_options_parse(struct hash_options *o, int argc, char **argv);

/* "4096", "64K", "1M" (K = 1024): 0 with *out set, or -1. */
int parse_block_size(const char *s, uint64_t *out);

#endif
