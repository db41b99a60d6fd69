/* send_vs_share.h - workers that receive a copy of a large object over a
 * channel vs workers that map it shared: time and memory. */
#ifndef GILBENCH_IPC_SEND_VS_SHARE_H
#define GILBENCH_IPC_SEND_VS_SHARE_H

#include <stdio.h>

#include "commands/ipc/ipc.h"

struct share_row {
    const char *method;      /* copy-pipe, share-fork, share-shm */
    size_t object_mib;
    unsigned workers, batches;
    double median_ms, min_ms, max_ms;   /* until every worker has its checksum */
    long worker_rss_kb, worker_pss_kb;  /* mean over the workers; -1 when /proc lacks it */
    int intact;              /* every worker's checksum equals the parent's */
};

extern const char *const share_methods[];
extern const size_t share_method_count;

int share_measure(const char *method, size_t object_mib, const struct ipc_params *p,
                  struct share_row *row, char *why, size_t len);
void share_csv_header(FILE *fp);
void share_csv_row(FILE *fp, const struct share_row *r);

#endif
