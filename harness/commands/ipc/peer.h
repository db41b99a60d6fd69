/* peer.h - the other process of an experiment: forked with a channel,
 * watched, and always reaped.  A peer that dies is reported, one that
 * hangs is killed after the timeout; neither leaves a zombie. */
#ifndef GILBENCH_IPC_PEER_H
#define GILBENCH_IPC_PEER_H

#include <stddef.h>
#include <sys/types.h>

#include "commands/ipc/channels/channel.h"

struct peer {
    pid_t pid;
};

/* Forks a child that takes the channel's child side and exits with
 * fn(ch, arg) == 0 ? 0 : 1; the parent takes the parent side.  The child
 * dies with its parent (PR_SET_PDEATHSIG).  Returns 0, or -1 with errno. */
int peer_start(struct peer *p, struct channel *ch, int (*fn)(struct channel *, void *), void *arg);
/* Waits up to `timeout_s` for the peer to end, then kills it; reaps it
 * either way.  Returns 0 when it exited with status 0, else -1 with how it
 * ended in `why` ("was killed by signal 9 (Killed)"). */
int peer_finish(struct peer *p, double timeout_s, char *why, size_t len);
/* SIGKILL and reap: after an error, when the peer's answer no longer matters. */
void peer_kill(struct peer *p);

#endif
