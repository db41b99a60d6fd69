/* pool_pipe.c - the pipe queue, parent side: a pipe of tasks to each
 * worker and one of results back.
 *
 * Pipelined like CPython's Pool, whose task-handler thread puts chunks on
 * the task queue ahead of the workers (Lib/multiprocessing/pool.py,
 * _handle_tasks): each worker has up to PIPE_DEPTH messages queued, the one
 * it runs and the next, so when it finishes a task the next is already in
 * its pipe and it never waits for a round trip through the parent.  Depth 2
 * rather than "everything" keeps uneven work balanced and tells the parent
 * exactly which tasks a dead worker held.
 *
 * A message holds at most MSG_BYTES of arguments, so two fit in a pipe's
 * 64 KiB and a write never blocks on a worker that is busy computing.
 */
#include "pool/pool_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { MSG_BYTES = 16 * 1024, RBUF_BYTES = 64 * 1024 };

void pipe_requeue(struct pool *p, uint64_t seq)
{
    if (p->nretry == p->cap_retry) {
        size_t cap = p->cap_retry ? 2 * p->cap_retry : 64;
        uint64_t *r = realloc(p->retry, cap * sizeof *r);
        if (r == NULL) {
            pool_fail(p, "out of memory for the retry queue");
            return;
        }
        p->retry = r;
        p->cap_retry = cap;
    }
    p->retry[p->nretry++] = seq;
}

static void close_input(struct pool_slot *s)
{
    if (s->in_fd >= 0)
        (void)close(s->in_fd);  /* a write end: nothing is lost if close reports an error */
    s->in_fd = -1;
}

/* Picks the next message for a worker that may take `quota` more tasks:
 * a retried task alone (its attempt number travels with it), or the next
 * chunk of the oldest batch. */
static int next_message(struct pool *p, uint64_t quota, struct pool_msg *msg)
{
    if (p->nretry > 0) {
        uint64_t seq = p->retry[0];
        memmove(p->retry, p->retry + 1, --p->nretry * sizeof *p->retry);
        *msg = (struct pool_msg){.first_seq = seq, .count = 1, .attempt = p->tasks[seq].tries};
        return 1;
    }
    if (p->unsent >= p->nseq)
        return 0;
    const struct pool_batch *b = p->tasks[p->unsent].batch;
    uint64_t left = b->first_seq + b->n - p->unsent;
    uint64_t count = b->chunksize < left ? b->chunksize : left;
    uint64_t fit = MSG_BYTES / p->cfg.func.arg_size;
    if (count > fit)
        count = fit;
    if (count > quota)
        count = quota;
    *msg = (struct pool_msg){.first_seq = p->unsent, .count = (uint32_t)count, .attempt = 0};
    p->unsent += count;
    return 1;
}

static void send_message(struct pool *p, struct pool_slot *s, const struct pool_msg *msg)
{
    unsigned char buf[sizeof *msg + MSG_BYTES + POOL_MAX_ARG];
    size_t arg = p->cfg.func.arg_size, len = sizeof *msg;

    memcpy(buf, msg, sizeof *msg);
    for (uint32_t i = 0; i < msg->count; i++, len += arg)
        memcpy(buf + len, pool_task_arg(p, msg->first_seq + i), arg);
    if (s->nout == 0)
        s->last_progress = pool_engine_now();
    s->out[s->nout++] = (struct pipe_msg_out){.first_seq = msg->first_seq, .count = msg->count};
    s->tasks_given += msg->count;
    /* A worker that died leaves a broken pipe (EPIPE: SIGPIPE is ignored,
     * see pool.c); its sentinel tells the rest, and the message, recorded
     * above, is handed out again. */
    size_t off = 0;
    while (off < len) {
        ssize_t n = write(s->in_fd, buf + off, len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            close_input(s);
            return;
        }
        off += (size_t)n;
    }
}

void pipe_dispatch(struct pool *p)
{
    /* Level by level: every worker gets its first message before any gets
     * a second, so a short map spreads over all of them. */
    for (unsigned depth = 0; depth < PIPE_DEPTH; depth++) {
        for (unsigned w = 0; w < p->cfg.workers && !p->failed; w++) {
            struct pool_slot *s = &p->slots[w];
            uint64_t max = p->cfg.maxtasksperchild, quota;
            struct pool_msg msg;

            if (!s->alive || s->in_fd < 0 || s->nout != depth)
                continue;
            quota = max ? (s->tasks_given < max ? max - s->tasks_given : 0) : UINT64_MAX;
            if (quota == 0 || !next_message(p, quota, &msg))
                continue;
            send_message(p, s, &msg);
        }
    }
}

int pipe_collect(struct pool *p, unsigned w)
{
    struct pool_slot *s = &p->slots[w];
    size_t rec = sizeof(uint64_t) + p->cfg.func.result_size, used = 0;
    ssize_t n;

    do
        n = read(s->out_fd, s->rbuf + s->rhave, RBUF_BYTES - s->rhave);
    while (n < 0 && errno == EINTR);
    if (n <= 0)
        return 1;  /* EOF, or an error: the worker is gone either way */
    s->rhave += (size_t)n;
    for (; s->rhave - used >= rec; used += rec) {
        uint64_t seq;
        memcpy(&seq, s->rbuf + used, sizeof seq);
        /* A worker runs its messages in order: anything else is a bug. */
        if (s->nout == 0 || seq != s->out[0].first_seq + s->out[0].done) {
            pool_fail(p, "pool worker %u (pid %ld) sent a result for task %llu it was not running",
                      w, (long)s->proc.pid, (unsigned long long)seq);
            return -1;
        }
        pool_task_done(p, seq, s->rbuf + used + sizeof seq);
        s->last_progress = pool_engine_now();
        if (++s->out[0].done == s->out[0].count)
            memmove(s->out, s->out + 1, --s->nout * sizeof s->out[0]);
    }
    memmove(s->rbuf, s->rbuf + used, s->rhave - used);
    s->rhave -= used;
    return 0;
}

uint64_t pipe_orphans(struct pool *p, unsigned w)
{
    struct pool_slot *s = &p->slots[w];
    uint64_t culprit = s->nout > 0 ? s->out[0].first_seq + s->out[0].done : UINT64_MAX;

    for (unsigned i = 0; i < s->nout; i++)
        for (uint32_t k = s->out[i].done; k < s->out[i].count; k++)
            pipe_requeue(p, s->out[i].first_seq + k);
    s->nout = 0;
    s->rhave = 0;
    close_input(s);
    return culprit;
}

unsigned char *pipe_alloc_rbuf(void)
{
    return malloc(RBUF_BYTES);
}
