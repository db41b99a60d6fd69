/* shared.h - `gilbench shared`: what it costs processes to share state.
 * The experiments (counter.c, manager.c, false_sharing.c, shared_array.c)
 * see the options through struct shared_params. */
#ifndef GILBENCH_SHARED_SHARED_H
#define GILBENCH_SHARED_SHARED_H

#include <stdint.h>

struct shared_params {
    unsigned workers;
    uint64_t increments;     /* counter: per worker */
    uint64_t fs_increments;  /* false sharing: per worker */
    uint64_t ops;            /* manager vs shared table: per worker */
    unsigned array_mib;
    unsigned batches;
    double timeout_s;
};

int shared_main(int argc, char **argv);

#endif
