/* images_options.h - the command line of `gilbench images`, validated. */
#ifndef GILBENCH_IMAGES_OPTIONS_H
#define GILBENCH_IMAGES_OPTIONS_H

#include <stddef.h>
#include <stdint.h>

#include "commands/images/image_job.h"
#include "commands/images/sample_set.h"
#include "lib/cli.h"
#include "modes/modes.h"

struct images_options {
    const char *input;        /* DIR, or NULL: the generated sample set */
    const char *output;       /* where the pictures go */
    const char *out;          /* -o: CSV results folder, or NULL */
    const char *cache;        /* --cache, or NULL: sample_cache_dir() */
    enum sample_size samples;
    struct image_spec spec;
    const struct mode *modes[CLI_MAX_LIST];
    size_t nmodes;
    uint32_t workers[CLI_MAX_LIST];
    size_t nworkers;
    int gil_held, gil_released;   /* which GIL variants to run under gil modes */
    unsigned reps, warmup;
    int progress;
    double timeout_s;
    char argv_line[1024];
};

void images_options_parse(struct images_options *o, int argc, char **argv);

#endif
