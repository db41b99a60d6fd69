/* wakeup.h - how one process waits for another to change shared memory.
 *
 * A shared-memory channel moves bytes with plain loads and stores; what it
 * costs is the waiting.  Three ways to wait, the whole lesson of the ring:
 *   futex:      sleep in the kernel at once (FUTEX_WAIT) and be woken by
 *               the writer's FUTEX_WAKE: a scheduler wake-up per message,
 *               the same price a pipe pays inside its read();
 *   spin:       poll the memory on a CPU of its own: no system call, no
 *               wake-up, but a whole core burnt while waiting (only sane
 *               with a core per waiter);
 *   spin-futex: spin a few microseconds, then sleep: what glibc's adaptive
 *               mutexes and most queue libraries do.
 *
 * Protocol (one waiter per word): the waiter announces itself in
 * `sleepers`, reads `seq`, checks its condition once more and only then
 * sleeps on `seq`; the notifier bumps `seq` and wakes if `sleepers` is
 * set.  Every access is sequentially consistent, so either the notifier
 * sees the waiter (and wakes it) or the waiter sees the new state (or a
 * changed seq, and FUTEX_WAIT returns at once): no lost wake-up. */
#ifndef GILBENCH_IPC_WAKEUP_H
#define GILBENCH_IPC_WAKEUP_H

#include <stdatomic.h>
#include <stdint.h>

#include "commands/ipc/channels/channel.h"

struct wake_word {
    _Atomic uint32_t seq;
    _Atomic uint32_t sleepers;
};

/* How long spin-futex spins before it sleeps. */
#define WAKEUP_SPIN_BEFORE_SLEEP_S 5e-6

/* Waits until ready(arg) returns nonzero.  Returns 0, or -1 with errno:
 * EPIPE (the peer died), ETIMEDOUT (nothing for ch->timeout_s), EINTR
 * (SIGINT/SIGTERM). */
int wakeup_wait(struct wake_word *w, enum ring_wait how, int (*ready)(const void *), const void *arg,
                const struct channel *ch);
/* Tells the waiter on `w`, if any, that the state changed. */
void wakeup_notify(struct wake_word *w);

#endif
