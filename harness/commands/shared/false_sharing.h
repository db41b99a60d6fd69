/* false_sharing.h - per-worker counters on one cache line vs padded. */
#ifndef GILBENCH_SHARED_FALSE_SHARING_H
#define GILBENCH_SHARED_FALSE_SHARING_H

#include <stdio.h>

#include "commands/shared/shared.h"

struct false_sharing_row {
    const char *layout;      /* packed, padded */
    unsigned stride_bytes;   /* distance between two workers' counters */
    unsigned workers, batches;
    uint64_t increments;     /* per worker */
    double median_ns, min_ns, max_ns;   /* wall time per increment of one worker */
    int exact;               /* every counter ended at `increments` */
};

int false_sharing_measure(const char *layout, const struct shared_params *p,
                          struct false_sharing_row *row, char *why, size_t len);
void false_sharing_csv_header(FILE *fp);
void false_sharing_csv_row(FILE *fp, const struct false_sharing_row *r);

#endif
