/* counter.h - one counter incremented by every worker: unsynchronised,
 * under a process-shared mutex, and with an atomic add. */
#ifndef GILBENCH_SHARED_COUNTER_H
#define GILBENCH_SHARED_COUNTER_H

#include <stdio.h>

#include "commands/shared/crew.h"
#include "commands/shared/shared.h"

struct counter_row {
    const char *kind;        /* processes, threads */
    const char *method;      /* unsynchronised, mutex, atomic */
    unsigned workers, batches, exact_batches;
    uint64_t increments;     /* per worker */
    uint64_t expected, lowest_final;  /* the batch that lost the most */
    double median_ns, min_ns, max_ns;  /* wall time per increment of one worker */
};

extern const char *const counter_methods[];
extern const size_t counter_method_count;

int counter_measure(enum crew_kind kind, const char *method, const struct shared_params *p,
                    struct counter_row *row, char *why, size_t len);
void counter_csv_header(FILE *fp);
void counter_csv_row(FILE *fp, const struct counter_row *r);

#endif
