/* manager.h - a key-value table owned by a server process and reached
 * over a UNIX socket (multiprocessing's Manager) vs the same table in
 * shared memory under a process-shared lock. */
#ifndef GILBENCH_SHARED_MANAGER_H
#define GILBENCH_SHARED_MANAGER_H

#include <stdio.h>

#include "commands/shared/shared.h"

struct manager_row {
    const char *method;      /* manager, shared-table */
    unsigned workers, batches;
    uint64_t ops;            /* per worker */
    double median_ns, min_ns, max_ns;   /* wall time per operation of one worker */
    int exact;               /* the table's sum equals every increment made */
};

extern const char *const manager_methods[];
extern const size_t manager_method_count;

int manager_measure(const char *method, const struct shared_params *p, struct manager_row *row,
                    char *why, size_t len);
void manager_csv_header(FILE *fp);
void manager_csv_row(FILE *fp, const struct manager_row *r);

#endif
