/* latency.h - round-trip time of a message between two processes. */
#ifndef GILBENCH_IPC_LATENCY_H
#define GILBENCH_IPC_LATENCY_H

#include <stdio.h>

#include "commands/ipc/ipc.h"

struct latency_row {
    const char *channel;
    size_t size;
    uint64_t iterations;
    unsigned batches;
    double median_us, min_us, max_us;
    int intact;   /* the checked round trip came back byte for byte */
};

/* Measures one channel at one size.  Returns 0, or -1 with a one-line
 * reason in `why` (the peer died, hung, or the bytes came back wrong). */
int latency_measure(const struct channel_ops *ops, size_t size, const struct ipc_params *p,
                    struct latency_row *row, char *why, size_t len);
void latency_csv_header(FILE *fp);
void latency_csv_row(FILE *fp, const struct latency_row *r);

#endif
