/* pool_engine.c - the parent's loop: feed the queue, wait, take results,
 * notice dead and hung workers, replace them, retry their tasks.
 *
 * CPython's Pool does this with three threads (task handler, result
 * handler, worker handler, Lib/multiprocessing/pool.py); the worker
 * handler polls every 0.1 s for exited workers and starts new ones
 * (_maintain_pool), but the task a killed worker was running is never
 * given to anyone again, so map() waits for it forever (bpo-22393).  Here
 * one thread waits in poll() on the result pipes *and* on every worker's
 * sentinel, so a death is seen the moment it happens, and the parent
 * knows which task the dead worker held: the pipe queue because it dealt
 * it, the shm queue because each worker publishes its claim.
 */
#include "pool/pool_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lib/processes/child_io.h"

enum { IDLE_POLL_MS = 100 };  /* how often should_stop() is asked without events */

double pool_engine_now(void)
{
    struct timespec ts;

    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        return 0.0;
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void close_fd(int *fd)
{
    if (*fd >= 0)
        (void)close(*fd);  /* pipe ends: a failed close loses nothing */
    *fd = -1;
}

/* Starts a worker in slot w and sends its boot record. */
static int start_slot(struct pool *p, unsigned w, uint64_t retry_lo, uint64_t retry_hi)
{
    struct pool_slot *s = &p->slots[w];
    int shm = p->cfg.queue == POOL_QUEUE_SHM;
    int in[2], out[2] = {-1, -1}, fds[3];
    struct pool_boot boot = {
        .magic = POOL_BOOT_MAGIC, .worker = w, .queue = p->cfg.queue,
        .maxtasks = p->cfg.maxtasksperchild, .arg_size = p->cfg.func.arg_size,
        .result_size = p->cfg.func.result_size, .initargs_len = p->cfg.initargs_len,
        .retry_lo = retry_lo, .retry_hi = retry_hi};
    char error[256];

    if (pipe2(in, O_CLOEXEC) != 0) {
        pool_fail(p, "pipe for worker %u: %s", w, strerror(errno));
        return -1;
    }
    if (!shm && pipe2(out, O_CLOEXEC) != 0) {
        pool_fail(p, "pipe for worker %u: %s", w, strerror(errno));
        close_fd(&in[0]);
        close_fd(&in[1]);
        return -1;
    }
    fds[0] = in[0];
    fds[1] = shm ? p->event_fd : out[1];
    fds[2] = shm ? p->shm_fd : -1;
    if (pool_proc_start(p, fds, &s->proc, error, sizeof error) != 0) {
        close_fd(&in[0]);
        close_fd(&in[1]);
        close_fd(&out[0]);
        close_fd(&out[1]);
        pool_fail(p, "%s", error);
        return -1;
    }
    close_fd(&in[0]);
    close_fd(&out[1]);
    s->alive = 1;
    s->in_fd = in[1];
    s->out_fd = out[0];
    s->nout = 0;
    s->out_bytes = 0;
    s->task_s = s->last_result = 0;
    s->rhave = 0;
    s->tasks_given = 0;
    s->last_progress = pool_engine_now();
    p->stats.workers_started++;
    /* Small (below PIPE_BUF with the largest initargs): never blocks.  A
     * worker that died already leaves EPIPE, and its sentinel tells. */
    if (write_all(s->in_fd, &boot, sizeof boot) != 0 ||
        write_all(s->in_fd, p->initargs, p->cfg.initargs_len) != 0 || shm)
        close_fd(&s->in_fd);
    return 0;
}

int pool_engine_start(struct pool *p)
{
    if (p->cfg.queue == POOL_QUEUE_SHM && shm_setup(p) != 0)
        return -1;
    /* Whatever stdio holds would otherwise be flushed once per child too. */
    if (fflush(NULL) != 0)
        perror("gilbench: fflush");
    for (unsigned w = 0; w < p->cfg.workers; w++)
        if (start_slot(p, w, 0, 0) != 0)
            return -1;
    return 0;
}

/* What the last try did: "worker 1 (pid 42) was killed by signal 11
 * (Segmentation fault)", "ran longer than the task timeout (5 s) on
 * worker 0 (pid 43)". */
static void describe(int status, int hung, const struct pool *p, unsigned w, char *buf, size_t len)
{
    long pid = (long)p->slots[w].proc.pid;

    if (hung)
        snprintf(buf, len, "ran longer than the task timeout (%g s) on worker %u (pid %ld)",
                 p->cfg.task_timeout_s, w, pid);
    else if (WIFSIGNALED(status))
        snprintf(buf, len, "worker %u (pid %ld) was killed by signal %d (%s)", w, pid,
                 WTERMSIG(status), strsignal(WTERMSIG(status)));
    else
        snprintf(buf, len, "worker %u (pid %ld) ended with status %d", w, pid, WEXITSTATUS(status));
}

/* Slot w's worker has ended (or was killed as hung): reap it, keep what it
 * finished, give back what it held, count a try against the task it was
 * running, start a fresh worker in its place. */
static void handle_exit(struct pool *p, unsigned w, int hung)
{
    struct pool_slot *s = &p->slots[w];
    uint64_t culprit = UINT64_MAX, lo = 0, hi = 0;
    char how[128];
    int status = 0;

    if (p->cfg.queue == POOL_QUEUE_PIPE) {
        while (s->out_fd >= 0 && pipe_collect(p, w) == 0)
            ;  /* results it sent before it died count */
        close_fd(&s->out_fd);
        culprit = pipe_orphans(p, w);
    } else {
        shm_collect(p);
        shm_orphans(p, w, &lo, &hi);
        culprit = lo < hi ? lo : UINT64_MAX;
    }
    if (pool_proc_reap(&s->proc, &status, &p->stats) != 0 && !p->failed)
        pool_fail(p, "waiting for pool worker %u (pid %ld): %s", w, (long)s->proc.pid,
                  strerror(errno));
    s->alive = 0;
    if (p->failed || p->terminated)
        return;
    if (!hung && WIFEXITED(status) && WEXITSTATUS(status) != 0) {
        pool_fail(p, "pool worker %u (pid %ld) exited with status %d%s", w, (long)s->proc.pid,
                  WEXITSTATUS(status),
                  WEXITSTATUS(status) == 3 ? " (its initializer failed)" : "");
        return;
    }
    if (!hung && WIFEXITED(status)) {
        p->stats.retirements++;  /* maxtasksperchild: a clean exit */
    } else {
        p->stats.replacements++;
        if (culprit != UINT64_MAX) {
            struct pool_task *t = &p->tasks[culprit];
            describe(status, hung, p, w, how, sizeof how);
            if (++t->tries > p->cfg.retries) {
                pool_fail(p, "task %u: %s, the last of %u tries; giving up (retries %u)", t->index,
                          how, t->tries, p->cfg.retries);
                return;
            }
            p->stats.retries++;
            if (p->cfg.queue == POOL_QUEUE_SHM)
                pool_shm_slot(p->shm, culprit)->attempt = t->tries;
        }
    }
    /* Like Pool._maintain_pool: always back to `workers` while open, and
     * after close() while tasks remain. */
    if (p->closed && p->ndone == p->nseq)
        return;
    if (p->cfg.queue == POOL_QUEUE_SHM)
        shm_reset_worker(p, w, lo, hi);
    (void)start_slot(p, w, lo, hi);
}

/* shm: a worker whose done-count and cursor have not moved while it holds
 * a claim is running one task; pipe: one with messages and no result. */
static int is_hung(struct pool *p, unsigned w, double now)
{
    struct pool_slot *s = &p->slots[w];
    int busy;

    if (p->cfg.queue == POOL_QUEUE_SHM) {
        struct pool_shm_worker *me = &p->shm->workers[w];
        uint64_t done = atomic_load(&me->done), cur = atomic_load(&me->cursor);
        if (done != s->seen_done || cur != s->seen_cursor) {
            s->seen_done = done;
            s->seen_cursor = cur;
            s->last_progress = now;
        }
        busy = cur < atomic_load(&me->claim_hi);
    } else {
        busy = s->nout > 0;
    }
    return busy && now - s->last_progress > p->cfg.task_timeout_s;
}

static void check_hung(struct pool *p)
{
    double now = pool_engine_now();

    for (unsigned w = 0; w < p->cfg.workers && !p->failed; w++) {
        if (!p->slots[w].alive || !is_hung(p, w, now))
            continue;
        if (pool_proc_signal(&p->slots[w].proc, SIGKILL) != 0) {
            pool_fail(p, "killing hung pool worker %u: %s", w, strerror(errno));
            return;
        }
        handle_exit(p, w, 1);
    }
}

static int poll_timeout_ms(const struct pool *p)
{
    int ms = IDLE_POLL_MS;

    if (p->cfg.deadline > 0) {
        double left = p->cfg.deadline - pool_engine_now();
        if (left * 1000 < ms)
            ms = left > 0 ? (int)(left * 1000) + 1 : 0;
    }
    if (p->cfg.task_timeout_s > 0 && p->cfg.task_timeout_s * 250 < ms)
        ms = (int)(p->cfg.task_timeout_s * 250) + 1;
    return ms;
}

int pool_engine_wait(struct pool *p, int (*done)(struct pool *, void *), void *arg)
{
    struct pollfd pfds[2 * POOL_MAX_WORKERS + 1];
    unsigned owner[2 * POOL_MAX_WORKERS + 1];

    for (;;) {
        int shm = p->cfg.queue == POOL_QUEUE_SHM, sleep = 1, sig;
        nfds_t n = 0;

        if (p->failed)
            return -1;
        if (done(p, arg))
            return 0;
        if (p->cfg.should_stop != NULL && (sig = p->cfg.should_stop()) != 0) {
            pool_fail(p, "interrupted by signal %d (%s)", sig, strsignal(sig));
            return -1;
        }
        if (p->cfg.deadline > 0 && pool_engine_now() >= p->cfg.deadline) {
            pool_fail(p, "tasks still running at the deadline");
            return -1;
        }
        if (shm) {
            uint64_t c0 = atomic_load(&p->shm->completed), pending;
            shm_submit(p);
            shm_collect(p);
            if (p->failed || done(p, arg))
                continue;
            /* Sleep until enough tasks completed to matter: all that are out
             * for a map (one wake per map), fewer to refill a full ring. */
            pending = p->unsent - p->ndone;
            if (p->unsent < p->nseq)
                pending = pending / 2 + 1;
            if (!p->wait_all || pending == 0)
                pending = 1;
            sleep = !shm_arm_wakeup(p, c0 + pending);
            pfds[n] = (struct pollfd){.fd = p->event_fd, .events = POLLIN};
            owner[n++] = UINT32_MAX;
        } else {
            pipe_dispatch(p);
        }
        for (unsigned w = 0; w < p->cfg.workers; w++) {
            if (!p->slots[w].alive)
                continue;
            if (!shm && p->slots[w].out_fd >= 0) {
                pfds[n] = (struct pollfd){.fd = p->slots[w].out_fd, .events = POLLIN};
                owner[n++] = w;
            }
            pfds[n] = (struct pollfd){.fd = p->slots[w].proc.sentinel, .events = POLLIN};
            owner[n++] = w | 0x80000000u;
        }
        int ready = poll(pfds, n, sleep ? poll_timeout_ms(p) : 0);
        if (ready < 0 && errno != EINTR) {
            pool_fail(p, "poll: %s", strerror(errno));
            return -1;
        }
        if (shm)
            shm_drain_wakeup(p);
        /* Results first, then deaths: a dying worker's last results count. */
        for (nfds_t i = 0; ready > 0 && i < n; i++) {
            if (pfds[i].revents == 0 || owner[i] == UINT32_MAX || (owner[i] & 0x80000000u))
                continue;
            int r = pipe_collect(p, owner[i]);
            if (r < 0)
                return -1;
            if (r == 1)
                close_fd(&p->slots[owner[i]].out_fd);
        }
        for (nfds_t i = 0; ready > 0 && i < n; i++)
            if (pfds[i].revents != 0 && owner[i] != UINT32_MAX && (owner[i] & 0x80000000u) &&
                p->slots[owner[i] & 0x7fffffffu].alive)
                handle_exit(p, owner[i] & 0x7fffffffu, 0);
        if (p->cfg.task_timeout_s > 0)
            check_hung(p);
    }
}

void pool_engine_kick(struct pool *p)
{
    if (p->failed)
        return;
    if (p->cfg.queue == POOL_QUEUE_SHM)
        shm_submit(p);
    else
        pipe_dispatch(p);
}

void pool_engine_terminate(struct pool *p)
{
    int status;

    p->terminated = 1;
    for (unsigned w = 0; w < p->cfg.workers; w++) {
        struct pool_slot *s = &p->slots[w];
        if (!s->alive)
            continue;
        if (pool_proc_signal(&s->proc, SIGKILL) != 0)
            perror("gilbench: killing a pool worker");
        close_fd(&s->in_fd);
        close_fd(&s->out_fd);
        if (pool_proc_reap(&s->proc, &status, &p->stats) != 0)
            perror("gilbench: reaping a pool worker");
        s->alive = 0;
    }
}

int pool_engine_join(struct pool *p)
{
    int rc = 0, status;

    /* The sentinel of Pool: EOF on the task pipe, or the stop flag. */
    if (p->cfg.queue == POOL_QUEUE_SHM)
        shm_stop(p);
    for (unsigned w = 0; w < p->cfg.workers; w++)
        close_fd(&p->slots[w].in_fd);
    for (unsigned w = 0; w < p->cfg.workers; w++) {
        struct pool_slot *s = &p->slots[w];
        if (!s->alive)
            continue;
        close_fd(&s->out_fd);
        if (pool_proc_reap(&s->proc, &status, &p->stats) != 0 ||
            !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            if (!p->failed)
                pool_fail(p, "pool worker %u (pid %ld) did not end cleanly at join", w,
                          (long)s->proc.pid);
            rc = -1;
        }
        s->alive = 0;
    }
    return rc;
}
