/* pool_wire.h - what the parent and its workers exchange (internal to
 * harness/pool/): the boot record, pipe-queue messages and the layout of
 * the shared mapping of the shm queue. */
#ifndef GILBENCH_POOL_WIRE_H
#define GILBENCH_POOL_WIRE_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "pool/pool.h"

enum { POOL_BOOT_MAGIC = 0x67626f6f };  /* "gboo" */

/* First thing on a worker's `in` fd, for every start method: what a
 * spawned Python worker gets as preparation data and the pickled process
 * object (spawn.py), followed by initargs_len bytes of initargs. */
struct pool_boot {
    uint32_t magic;
    uint32_t worker;           /* slot index */
    uint32_t queue;            /* enum pool_queue */
    uint32_t maxtasks;         /* 0: unlimited */
    uint64_t arg_size, result_size;
    uint64_t initargs_len;
    /* shm: tasks [retry_lo, retry_hi) a dead predecessor left, run first */
    uint64_t retry_lo, retry_hi;
};

/* Pipe queue: the parent sends a header and `count` arguments; the worker
 * answers one record (sequence number + result) per task, as soon as each
 * is done. */
struct pool_msg {
    uint64_t first_seq;
    uint32_t count;
    uint32_t attempt;
};

/* --- the shm queue's mapping ---------------------------------------------
 * The header, then `capacity` slots; task `seq` lives in slot seq % capacity.
 * Each hot counter has its own cache line, so a worker taking a task does
 * not invalidate the line the parent polls. */
#define POOL_CACHELINE 64

struct pool_shm_worker {
    _Alignas(POOL_CACHELINE) _Atomic uint64_t cursor;  /* the seq running or next to run */
    _Atomic uint64_t claim_hi;                         /* its claim is [cursor, claim_hi) */
    _Atomic uint64_t done;                             /* tasks finished (hang detection) */
};

struct pool_shm_header {
    _Alignas(POOL_CACHELINE) _Atomic uint64_t next;    /* next seq to claim */
    _Alignas(POOL_CACHELINE) _Atomic uint64_t submitted;  /* seqs below have arguments */
    _Atomic uint32_t chunksize;
    _Atomic uint32_t stop;                             /* no more tasks will come */
    _Alignas(POOL_CACHELINE) _Atomic uint32_t work_futex;  /* bumped to wake idle workers */
    _Atomic uint32_t sleepers;
    _Alignas(POOL_CACHELINE) _Atomic uint64_t completed;
    _Atomic uint64_t wake_target;                      /* wake the parent at this many */
    _Atomic uint32_t parent_sleeping;
    uint32_t pad;
    uint64_t capacity, slot_size, arg_size, result_size;
    struct pool_shm_worker workers[POOL_MAX_WORKERS];
};

struct pool_shm_slot {
    _Atomic uint64_t tag;      /* seq + 1 once its arguments are written */
    _Atomic uint64_t done;     /* seq + 1 once its result is written */
    uint32_t attempt;
    uint32_t pad;
    /* then arg_size bytes, then result_size bytes, each rounded up to 8 */
};

static inline size_t pool_round8(size_t n)
{
    return (n + 7) & ~(size_t)7;
}

static inline size_t pool_shm_slot_size(size_t arg_size, size_t result_size)
{
    return sizeof(struct pool_shm_slot) + pool_round8(arg_size) + pool_round8(result_size);
}

static inline size_t pool_shm_size(uint64_t capacity, size_t arg_size, size_t result_size)
{
    return sizeof(struct pool_shm_header) + capacity * pool_shm_slot_size(arg_size, result_size);
}

static inline struct pool_shm_slot *pool_shm_slot(struct pool_shm_header *h, uint64_t seq)
{
    return (struct pool_shm_slot *)((char *)(h + 1) + (seq % h->capacity) * h->slot_size);
}

static inline unsigned char *pool_shm_slot_arg(struct pool_shm_slot *s)
{
    return (unsigned char *)(s + 1);
}

static inline unsigned char *pool_shm_slot_result(struct pool_shm_header *h, struct pool_shm_slot *s)
{
    return (unsigned char *)(s + 1) + pool_round8(h->arg_size);
}

#endif
