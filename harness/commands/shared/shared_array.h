/* shared_array.h - workers filling disjoint slices of one shared array vs
 * computing their slices privately and sending them back. */
#ifndef GILBENCH_SHARED_SHARED_ARRAY_H
#define GILBENCH_SHARED_SHARED_ARRAY_H

#include <stdio.h>

#include "commands/shared/shared.h"

struct shared_array_row {
    const char *method;      /* shared, send-back */
    unsigned array_mib, workers, batches;
    double median_ms, min_ms, max_ms;
    double checksum;         /* the sum of the array, in index order */
    int intact;              /* the checksum equals the sequential one, bit for bit */
};

extern const char *const shared_array_methods[];
extern const size_t shared_array_method_count;

int shared_array_measure(const char *method, const struct shared_params *p,
                         struct shared_array_row *row, char *why, size_t len);
void shared_array_csv_header(FILE *fp);
void shared_array_csv_row(FILE *fp, const struct shared_array_row *r);

#endif
