/* pool_worker.c - see pool_worker.h.
 *
 * The loop of multiprocessing.pool.worker(): get a task, run it, put the
 * result, until the sentinel (here: EOF on the task pipe, or the stop flag
 * of the shared mapping) or maxtasksperchild.  A worker ignores SIGINT:
 * Ctrl-C is for the parent, which then ends every worker itself; a worker
 * killed by the terminal's SIGINT would look like a crash to retry.
 */
#include "pool/pool_worker.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/processes/child_io.h"
#include "pool/futex.h"
#include "pool/pool_wire.h"

enum { IN_BUF = 64 * 1024 };

struct worker {
    const struct pool_func *func;
    struct pool_boot boot;
    struct pool_task_ctx ctx;
    uint64_t tasks_run;
};

/* --- the pipe queue --------------------------------------------------------- */

static int send_result(int out_fd, uint64_t seq, const void *result, size_t len)
{
    unsigned char rec[sizeof(uint64_t) + POOL_MAX_ARG];

    memcpy(rec, &seq, sizeof seq);
    memcpy(rec + sizeof seq, result, len);
    return write_all(out_fd, rec, sizeof seq + len);
}

static int serve_pipe(struct worker *wk, int in_fd, int out_fd)
{
    const size_t arg_size = wk->boot.arg_size, result_size = wk->boot.result_size;
    unsigned char *buf = malloc(IN_BUF), result[POOL_MAX_ARG];
    size_t have = 0;
    int rc = 0;

    if (buf == NULL)
        return POOL_WORKER_EXIT_IO;
    for (;;) {
        ssize_t n = read(in_fd, buf + have, IN_BUF - have);
        size_t used = 0;

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            rc = n == 0 && have == 0 ? 0 : POOL_WORKER_EXIT_PROTOCOL;
            break;
        }
        have += (size_t)n;
        /* Every whole message in the buffer: the parent queues the next
         * while we run this one, so often there are two. */
        while (have - used >= sizeof(struct pool_msg)) {
            struct pool_msg msg;
            memcpy(&msg, buf + used, sizeof msg);
            size_t need = sizeof msg + (size_t)msg.count * arg_size;
            if (need > IN_BUF || msg.count == 0) {
                free(buf);
                return POOL_WORKER_EXIT_PROTOCOL;
            }
            if (have - used < need)
                break;
            wk->ctx.attempt = msg.attempt;
            for (uint32_t i = 0; i < msg.count; i++) {
                wk->func->fn(buf + used + sizeof msg + i * arg_size, result, &wk->ctx);
                if (send_result(out_fd, msg.first_seq + i, result, result_size) != 0) {
                    free(buf);
                    return POOL_WORKER_EXIT_IO;
                }
                /* The parent never gives more than maxtasks: this is the end. */
                if (++wk->tasks_run == wk->boot.maxtasks) {
                    free(buf);
                    return 0;
                }
            }
            used += need;
        }
        memmove(buf, buf + used, have - used);
        have -= used;
    }
    free(buf);
    return rc;
}

/* --- the shm queue ------------------------------------------------------------ */

static void run_shm_task(struct worker *wk, struct pool_shm_header *h, struct pool_shm_worker *me,
                         uint64_t seq, int event_fd)
{
    struct pool_shm_slot *slot = pool_shm_slot(h, seq);
    uint64_t one = 1;

    atomic_store(&me->cursor, seq);
    wk->ctx.attempt = slot->attempt;
    wk->func->fn(pool_shm_slot_arg(slot), pool_shm_slot_result(h, slot), &wk->ctx);
    atomic_store_explicit(&slot->done, seq + 1, memory_order_release);
    atomic_store(&me->cursor, seq + 1);
    atomic_fetch_add_explicit(&me->done, 1, memory_order_relaxed);
    wk->tasks_run++;
    /* Wake the parent only when it sleeps and waits for this many: a map
     * of 100,000 tasks wakes it once.  seq_cst against its
     * "parent_sleeping = 1; read completed", so one of us sees the other. */
    uint64_t c = atomic_fetch_add(&h->completed, 1) + 1;
    if (c >= atomic_load(&h->wake_target) && atomic_load(&h->parent_sleeping) &&
        atomic_exchange(&h->parent_sleeping, 0)) {
        if (write(event_fd, &one, sizeof one) != (ssize_t)sizeof one) {
            /* the eventfd cannot be full (it counts to 2^64): the parent is gone */
        }
    }
}

/* Claims up to `want` tasks with one compare-and-swap on the shared
 * counter: the whole cost of handing out a task.  The claim is recorded
 * first, so a worker killed right after the CAS leaves its tasks visible
 * to the parent (at worst one runs twice; the parent keeps one result). */
static int claim(struct pool_shm_header *h, struct pool_shm_worker *me, uint64_t want,
                 uint64_t *lo, uint64_t *hi)
{
    uint64_t next = atomic_load(&h->next);

    for (;;) {
        uint64_t sub = atomic_load(&h->submitted), k;
        if (next >= sub)
            return 0;
        k = sub - next < want ? sub - next : want;
        atomic_store(&me->cursor, next);
        atomic_store(&me->claim_hi, next + k);
        if (atomic_compare_exchange_weak(&h->next, &next, next + k)) {
            *lo = next;
            *hi = next + k;
            return 1;
        }
        atomic_store(&me->claim_hi, atomic_load(&me->cursor));
    }
}

static int serve_shm(struct worker *wk, int shm_fd, int event_fd)
{
    struct stat st;
    struct pool_shm_header *h;
    struct pool_shm_worker *me;
    uint64_t lo, hi;

    if (fstat(shm_fd, &st) != 0 || (size_t)st.st_size < sizeof *h)
        return POOL_WORKER_EXIT_PROTOCOL;
    h = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, shm_fd, 0);
    if (h == MAP_FAILED)
        return POOL_WORKER_EXIT_IO;
    me = &h->workers[wk->boot.worker];
    /* What a killed predecessor left: its own claim, run before anything new. */
    atomic_store(&me->claim_hi, wk->boot.retry_hi);
    for (uint64_t s = wk->boot.retry_lo; s < wk->boot.retry_hi; s++)
        run_shm_task(wk, h, me, s, event_fd);
    for (;;) {
        uint64_t quota = wk->boot.maxtasks ? wk->boot.maxtasks - wk->tasks_run : UINT64_MAX;
        uint32_t seen;

        if (quota == 0)
            break;
        uint64_t want = atomic_load_explicit(&h->chunksize, memory_order_relaxed);
        if (claim(h, me, want < quota ? want : quota, &lo, &hi)) {
            for (uint64_t s = lo; s < hi; s++)
                run_shm_task(wk, h, me, s, event_fd);
            continue;
        }
        if (atomic_load(&h->stop))
            break;
        /* Idle: sleep on the futex.  Announce first, look again, then
         * sleep only if the word is unchanged, so a submit between the
         * look and the sleep is not missed. */
        seen = atomic_load(&h->work_futex);
        atomic_fetch_add(&h->sleepers, 1);
        if (atomic_load(&h->next) >= atomic_load(&h->submitted) && !atomic_load(&h->stop))
            (void)pool_futex_wait(&h->work_futex, seen, 1.0);  /* EAGAIN/ETIMEDOUT: look again */
        atomic_fetch_sub(&h->sleepers, 1);
    }
    (void)munmap(h, (size_t)st.st_size);
    return 0;
}

/* --- both ------------------------------------------------------------------------ */

int pool_worker_serve(const struct pool_func *func, int in_fd, int out_fd, int shm_fd)
{
    struct worker wk = {.func = func};
    unsigned char initargs[POOL_MAX_INITARGS];
    int rc;

    signal(SIGINT, SIG_IGN);
    signal(SIGTERM, SIG_DFL);
    signal(SIGALRM, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);  /* parent gone: die rather than compute for nobody */
    if (read_full(in_fd, &wk.boot, sizeof wk.boot) != (ssize_t)sizeof wk.boot ||
        wk.boot.magic != POOL_BOOT_MAGIC || wk.boot.arg_size != func->arg_size ||
        wk.boot.result_size != func->result_size || wk.boot.initargs_len > sizeof initargs ||
        wk.boot.worker >= POOL_MAX_WORKERS ||
        read_full(in_fd, initargs, wk.boot.initargs_len) != (ssize_t)wk.boot.initargs_len)
        return POOL_WORKER_EXIT_PROTOCOL;
    wk.ctx.worker = wk.boot.worker;
    if (func->initializer != NULL &&
        func->initializer(initargs, wk.boot.initargs_len, &wk.ctx.state) != 0)
        return POOL_WORKER_EXIT_INIT;
    if (wk.boot.queue == POOL_QUEUE_PIPE) {
        rc = serve_pipe(&wk, in_fd, out_fd);
    } else {
        (void)close(in_fd);  /* the boot record was all it carried */
        rc = shm_fd >= 0 ? serve_shm(&wk, shm_fd, out_fd) : POOL_WORKER_EXIT_PROTOCOL;
    }
    if (func->finalizer != NULL)
        func->finalizer(wk.ctx.state);
    return rc;
}

int pool_worker_main(const struct pool_func *func)
{
    struct stat st;

    /* posix_spawn cannot ask for it: a spawned worker asks itself. */
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0)
        return POOL_WORKER_EXIT_IO;
    return pool_worker_serve(func, POOL_WORKER_IN_FD, POOL_WORKER_OUT_FD,
                             fstat(POOL_WORKER_SHM_FD, &st) == 0 ? POOL_WORKER_SHM_FD : -1);
}
