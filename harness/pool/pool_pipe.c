/* pool_pipe.c - the pipe queue, parent side: a pipe of tasks to each
 * worker and one of results back.
 *
 * Pipelined like CPython's Pool, whose task-handler thread puts chunks on
 * the task queue ahead of the workers (Lib/multiprocessing/pool.py,
 * _handle_tasks): when a worker finishes a task the next is already in its
 * pipe, so it never waits for a round trip through the parent.  How far
 * ahead: at least two messages (the one it runs and the next), and for
 * short tasks as many as cover PREFETCH_S of work, so the parent can sleep
 * through many results and handle them in one wake-up.  Not everything at
 * once, as CPython's shared queue can afford: a message queued to one
 * worker cannot move to another, and the last tasks of uneven work would
 * pile up on one.  Knowing what each worker holds also tells the parent
 * exactly which tasks a dead worker took with it.
 *
 * The messages queued to a worker hold at most QUEUED_BYTES, half a pipe's
 * 64 KiB, so a write never blocks on a worker that is busy computing.
 */
#include "pool/pool_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { MSG_BYTES = 16 * 1024, QUEUED_BYTES = 32 * 1024, RBUF_BYTES = 64 * 1024 };
static const double PREFETCH_S = 200e-6;

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

/* How many tasks worker s should hold: enough for PREFETCH_S of work at its
 * recent pace, never fewer than two messages' worth. */
static uint64_t tasks_wanted(const struct pool_slot *s)
{
    if (s->task_s <= 0)
        return 0;
    double want = PREFETCH_S / s->task_s;
    return want > 4096 ? 4096 : (uint64_t)want;
}

static uint64_t tasks_held(const struct pool_slot *s)
{
    uint64_t n = 0;

    for (unsigned i = 0; i < s->nout; i++)
        n += s->out[i].count - s->out[i].done;
    return n;
}

/* Queues messages to worker s, in one write: until it holds `min_msgs`,
 * and with `prefetch` until it holds its target of tasks. */
static void fill_worker(struct pool *p, struct pool_slot *s, unsigned min_msgs, int prefetch)
{
    unsigned char buf[QUEUED_BYTES + sizeof(struct pool_msg)];
    size_t arg = p->cfg.func.arg_size, len = 0;
    uint64_t max = p->cfg.maxtasksperchild, want = tasks_wanted(s), held = tasks_held(s);

    while (s->nout < PIPE_MAX_MSGS && (s->nout < min_msgs || (prefetch && held < want))) {
        uint64_t quota = max ? (s->tasks_given < max ? max - s->tasks_given : 0) : UINT64_MAX;
        size_t room = QUEUED_BYTES - s->out_bytes;
        struct pool_msg msg;

        if (quota == 0 || room < sizeof msg + arg)
            break;
        if ((room - sizeof msg) / arg < quota)
            quota = (room - sizeof msg) / arg;
        if (!next_message(p, quota, &msg))
            break;
        memcpy(buf + len, &msg, sizeof msg);
        len += sizeof msg;
        for (uint32_t i = 0; i < msg.count; i++, len += arg)
            memcpy(buf + len, pool_task_arg(p, msg.first_seq + i), arg);
        if (s->nout == 0)
            s->last_progress = pool_engine_now();
        s->out[s->nout++] = (struct pipe_msg_out){.first_seq = msg.first_seq, .count = msg.count,
                                                  .bytes = sizeof msg + msg.count * arg};
        s->out_bytes += sizeof msg + msg.count * arg;
        s->tasks_given += msg.count;
        held += msg.count;
    }
    /* A worker that died leaves a broken pipe (EPIPE: SIGPIPE is ignored,
     * see pool.c); its sentinel tells the rest, and the messages, recorded
     * above, are handed out again. */
    for (size_t off = 0; off < len;) {
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
     * a second or its read-ahead, so a short map spreads over all of them
     * and no worker takes everything while another has nothing. */
    for (unsigned level = 1; level <= 2; level++)
        for (unsigned w = 0; w < p->cfg.workers && !p->failed; w++) {
            struct pool_slot *s = &p->slots[w];
            if (s->alive && s->in_fd >= 0)
                fill_worker(p, s, level, level == 2);
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
        if (++s->out[0].done == s->out[0].count) {
            s->out_bytes -= s->out[0].bytes;
            memmove(s->out, s->out + 1, --s->nout * sizeof s->out[0]);
        }
    }
    if (used > 0) {
        /* Its pace: time between wake-ups over the results they brought. */
        double now = pool_engine_now(), per = (now - s->last_result) / (double)(used / rec);
        if (s->last_result > 0)
            s->task_s = s->task_s > 0 ? 0.75 * s->task_s + 0.25 * per : per;
        s->last_result = now;
        s->last_progress = now;
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
    s->out_bytes = 0;
    s->rhave = 0;
    s->task_s = s->last_result = 0;
    close_input(s);
    return culprit;
}

unsigned char *pipe_alloc_rbuf(void)
{
    return malloc(RBUF_BYTES);
}
