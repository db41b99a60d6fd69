/* bandwidth.h - bytes per second through a channel, as lmbench's bw_pipe. */
#ifndef GILBENCH_IPC_BANDWIDTH_H
#define GILBENCH_IPC_BANDWIDTH_H

#include <stdio.h>

#include "commands/ipc/ipc.h"

struct bandwidth_row {
    const char *channel;
    size_t chunk;          /* bytes per write */
    size_t total;          /* bytes per timed transfer */
    unsigned batches;
    double median_mb_s, min_mb_s, max_mb_s;   /* MB = 1e6 bytes */
    int intact;            /* the checked transfer's checksums matched */
};

int bandwidth_measure(const struct channel_ops *ops, size_t chunk, const struct ipc_params *p,
                      struct bandwidth_row *row, char *why, size_t len);
void bandwidth_csv_header(FILE *fp);
void bandwidth_csv_row(FILE *fp, const struct bandwidth_row *r);

#endif
