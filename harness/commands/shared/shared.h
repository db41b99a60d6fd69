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

struct timing_spec;

/* How every experiment is measured: `spec` (one configuration whose one
 * value is a batch's wall time) run through lib/measurement/timing's loop; the
 * batches measured, and their median, min and max wall time, each divided
 * by `per` and multiplied by `unit` (per operation of one worker, in ns or
 * ms).  Returns 0, or -1 when a batch failed (its reason is the
 * experiment's to give). */
int shared_time_batches(const struct timing_spec *spec, double per, double unit, unsigned *batches,
                        double *median, double *min, double *max);

int shared_main(int argc, char **argv);

#endif
