/* ipc.h - `gilbench ipc`: what it costs processes to talk.  The
 * experiments (latency.c, bandwidth.c, serialise.c, send_vs_share.c) see
 * the options through struct ipc_params. */
#ifndef GILBENCH_IPC_IPC_H
#define GILBENCH_IPC_IPC_H

#include <stddef.h>
#include <stdint.h>

#include "commands/ipc/channels/channel.h"

enum { IPC_MAX_SIZES = 24 };

struct ipc_params {
    const struct channel_ops *channels[8];
    size_t nchannels;
    size_t sizes[IPC_MAX_SIZES];        /* latency message sizes, bytes */
    size_t nsizes;
    size_t bw_chunks[IPC_MAX_SIZES];    /* bandwidth write sizes, bytes */
    size_t nbw_chunks;
    size_t bw_total;                    /* bytes per bandwidth batch */
    size_t object_mib[IPC_MAX_SIZES];   /* send-vs-share object sizes */
    size_t nobjects;
    unsigned share_workers;
    unsigned batches;                   /* timed batches per configuration */
    double enough_s;                    /* shortest batch worth timing */
    double timeout_s;                   /* a peer silent this long is hung */
    uint64_t peer_die_after;            /* GILBENCH_IPC_PEER_DIE_AFTER: 0 = never */
};

int ipc_main(int argc, char **argv);

#endif
