/* pool_shm.c - the shm queue, parent side.
 *
 * The parent writes arguments into slots of a shared mapping and moves
 * `submitted` forward; a worker takes the next tasks with one
 * compare-and-swap on `next` (pool_worker.c), writes the result into the
 * slot and marks it done.  No system call per task: the parent sleeps in
 * poll() until the workers have completed as many tasks as it waits for
 * (an eventfd they write once), idle workers sleep on a futex that the
 * parent wakes only when someone sleeps.  This is the floor the pipe
 * queue and CPython's Pool (a pipe, a lock and pickling per chunk) are
 * measured against.
 *
 * The mapping is a memfd: it has no name in /dev/shm to leave behind, and
 * its descriptor can be handed to spawned and forkserver workers.
 */
#include "pool/pool_internal.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <unistd.h>

#include "pool/futex.h"

enum { DEFAULT_CAPACITY = 65536 };

int shm_setup(struct pool *p)
{
    uint64_t cap = p->cfg.shm_capacity ? p->cfg.shm_capacity : DEFAULT_CAPACITY;
    size_t len = pool_shm_size(cap, p->cfg.func.arg_size, p->cfg.func.result_size);

    p->shm_fd = memfd_create("gilbench-pool", MFD_CLOEXEC);
    if (p->shm_fd < 0 || ftruncate(p->shm_fd, (off_t)len) != 0) {
        pool_fail(p, "shared memory for the pool (%zu bytes): %s", len, strerror(errno));
        return -1;
    }
    p->shm = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, p->shm_fd, 0);
    if (p->shm == MAP_FAILED) {
        p->shm = NULL;
        pool_fail(p, "mapping the pool's shared memory: %s", strerror(errno));
        return -1;
    }
    p->shm_len = len;
    p->event_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (p->event_fd < 0) {
        pool_fail(p, "eventfd: %s", strerror(errno));
        return -1;
    }
    /* A fresh memfd reads as zeros: only the constants need writing. */
    p->shm->capacity = cap;
    p->shm->slot_size = pool_shm_slot_size(p->cfg.func.arg_size, p->cfg.func.result_size);
    p->shm->arg_size = p->cfg.func.arg_size;
    p->shm->result_size = p->cfg.func.result_size;
    atomic_store(&p->shm->chunksize, 1);
    return 0;
}

void shm_teardown(struct pool *p)
{
    if (p->shm != NULL && munmap(p->shm, p->shm_len) != 0)
        perror("gilbench: munmap");
    p->shm = NULL;
    if (p->shm_fd >= 0)
        (void)close(p->shm_fd);
    if (p->event_fd >= 0)
        (void)close(p->event_fd);
    p->shm_fd = p->event_fd = -1;
}

/* Wakes idle workers, if there are any: a system call only then. */
static void wake_workers(struct pool *p)
{
    if (atomic_load(&p->shm->sleepers) > 0) {
        atomic_fetch_add(&p->shm->work_futex, 1);
        if (pool_futex_wake(&p->shm->work_futex, INT_MAX) < 0)
            pool_fail(p, "futex wake: %s", strerror(errno));
    }
}

void shm_submit(struct pool *p)
{
    struct pool_shm_header *h = p->shm;
    uint64_t first = p->unsent;

    /* A slot is free once the result of its previous task is collected. */
    while (p->unsent < p->nseq && p->unsent < p->shm_low + h->capacity) {
        struct pool_shm_slot *slot = pool_shm_slot(h, p->unsent);
        memcpy(pool_shm_slot_arg(slot), pool_task_arg(p, p->unsent), h->arg_size);
        slot->attempt = 0;
        atomic_store_explicit(&slot->done, 0, memory_order_relaxed);
        atomic_store_explicit(&slot->tag, p->unsent + 1, memory_order_relaxed);
        p->unsent++;
    }
    if (p->unsent == first)
        return;
    atomic_store(&h->chunksize, (uint32_t)p->tasks[first].batch->chunksize);
    atomic_store(&h->submitted, p->unsent);  /* publishes the arguments above */
    wake_workers(p);
}

void shm_collect(struct pool *p)
{
    struct pool_shm_header *h = p->shm;
    uint64_t end = atomic_load(&h->next);

    if (end > p->unsent)
        end = p->unsent;
    for (uint64_t s = p->shm_low; s < end && !p->failed; s++) {
        struct pool_shm_slot *slot = pool_shm_slot(h, s);
        if (!p->tasks[s].done && atomic_load_explicit(&slot->done, memory_order_acquire) == s + 1)
            pool_task_done(p, s, pool_shm_slot_result(h, slot));
    }
    while (p->shm_low < p->unsent && p->tasks[p->shm_low].done)
        p->shm_low++;
}

int shm_arm_wakeup(struct pool *p, uint64_t target)
{
    atomic_store(&p->shm->wake_target, target);
    atomic_store(&p->shm->parent_sleeping, 1);
    if (atomic_load(&p->shm->completed) >= target) {
        atomic_store(&p->shm->parent_sleeping, 0);
        return 1;
    }
    return 0;
}

void shm_drain_wakeup(struct pool *p)
{
    uint64_t v;

    atomic_store(&p->shm->parent_sleeping, 0);
    if (read(p->event_fd, &v, sizeof v) < 0 && errno != EAGAIN)
        pool_fail(p, "reading the pool's eventfd: %s", strerror(errno));
}

void shm_stop(struct pool *p)
{
    atomic_store(&p->shm->stop, 1);
    atomic_fetch_add(&p->shm->work_futex, 1);
    if (pool_futex_wake(&p->shm->work_futex, INT_MAX) < 0)
        pool_fail(p, "futex wake: %s", strerror(errno));
}

void shm_orphans(struct pool *p, unsigned w, uint64_t *lo, uint64_t *hi)
{
    struct pool_shm_worker *me = &p->shm->workers[w];

    *lo = atomic_load(&me->cursor);
    *hi = atomic_load(&me->claim_hi);
    /* Results it finished are kept; it ran its claim in order. */
    while (*lo < *hi && p->tasks[*lo].done)
        (*lo)++;
    if (*lo >= *hi)
        *lo = *hi = 0;
}

void shm_reset_worker(struct pool *p, unsigned w, uint64_t lo, uint64_t hi)
{
    struct pool_shm_worker *me = &p->shm->workers[w];

    atomic_store(&me->cursor, lo);
    atomic_store(&me->claim_hi, hi);
    atomic_store(&me->done, 0);
    p->slots[w].seen_done = 0;
    p->slots[w].seen_cursor = 0;
}
