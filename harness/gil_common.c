/* gil_common.c - what both simulated GILs share: the per-thread state, the
 * hooks kernels call (dispatched to the GIL in use), and event tracing.
 *
 * Tracing keeps one buffer per thread, appended to by that thread only, so
 * recording an event costs a clock read and a store, with no lock; the
 * buffers are merged by time and written once the threads are joined. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic_file.h"
#include "clock.h"
#include "gil.h"
#include "hooks.h"

void gil_fatal(const char *what, int err)
{
    fprintf(stderr, "gilbench: fatal: %s failed: %s\n", what, strerror(err));
    abort();
}

void gil_thread_init(struct gil_thread *t, const struct gil_ops *ops, void *lock, unsigned id)
{
    memset(t, 0, sizeof *t);
    t->ops = ops;
    t->lock = lock;
    t->id = id;
}

void gil_take(struct gil_thread *t)
{
    t->ops->take(t);
}

void gil_release_final(struct gil_thread *t)
{
    t->ops->release_final(t);
}

/* The hooks of hooks.h. */
void gil_handle_eval_breaker(struct gil_thread *t)
{
    t->ops->on_eval_breaker(t);
}

void gil_blocking_begin(struct gil_thread *t)
{
    gil_trace_event(t, GIL_EV_BLOCKING_BEGIN);
    t->ops->blocking_begin(t);
}

void gil_blocking_end(struct gil_thread *t)
{
    gil_trace_event(t, GIL_EV_BLOCKING_END);
    t->ops->blocking_end(t);
}

void gil_stats_add(struct gil_stats *sum, const struct gil_stats *s)
{
    sum->acquisitions += s->acquisitions;
    sum->drop_requests += s->drop_requests;
    sum->forced_switches += s->forced_switches;
    sum->wait_s += s->wait_s;
}

const char *gil_event_name(enum gil_event ev)
{
    switch (ev) {
    case GIL_EV_REQUEST: return "request";
    case GIL_EV_ACQUIRE: return "acquire";
    case GIL_EV_DROP_REQUEST: return "drop_request";
    case GIL_EV_RELEASE: return "release";
    case GIL_EV_BLOCKING_BEGIN: return "blocking_begin";
    case GIL_EV_BLOCKING_END: return "blocking_end";
    }
    return "?";
}

void gil_trace_event(struct gil_thread *t, enum gil_event ev)
{
    struct gil_trace *tr = t->trace;

    if (tr == NULL || tr->overflowed)
        return;
    if (tr->n == tr->cap) {
        size_t cap = tr->cap ? 2 * tr->cap : 4096;
        struct gil_trace_entry *e = realloc(tr->entries, cap * sizeof *e);
        if (e == NULL) {
            tr->overflowed = 1;
            return;
        }
        tr->entries = e;
        tr->cap = cap;
    }
    tr->entries[tr->n].t = clock_now();
    tr->entries[tr->n].event = ev;
    tr->n++;
}

void gil_trace_free(struct gil_trace *trace)
{
    free(trace->entries);
    memset(trace, 0, sizeof *trace);
}

/* `threads` is an array of structs with a gil_thread `stride` bytes apart,
 * so callers need not copy their per-worker records. */
int gil_trace_write(const char *path, struct gil_thread *threads, size_t stride, size_t n, double t0)
{
    struct atomic_file f;
    size_t *pos = calloc(n ? n : 1, sizeof *pos);

    if (pos == NULL)
        return -1;
    if (atomic_file_open(&f, path) != 0) {
        free(pos);
        return -1;
    }
    fputs("time_s,thread,event\n", f.fp);
    /* n-way merge: each buffer is already in time order. */
    for (;;) {
        struct gil_thread *best = NULL;
        size_t best_i = 0;
        for (size_t i = 0; i < n; i++) {
            struct gil_thread *t = (struct gil_thread *)((char *)threads + i * stride);
            if (t->trace == NULL || pos[i] >= t->trace->n)
                continue;
            if (best == NULL ||
                t->trace->entries[pos[i]].t < best->trace->entries[pos[best_i]].t) {
                best = t;
                best_i = i;
            }
        }
        if (best == NULL)
            break;
        const struct gil_trace_entry *e = &best->trace->entries[pos[best_i]++];
        fprintf(f.fp, "%.9f,%u,%s\n", e->t - t0, best->id, gil_event_name(e->event));
    }
    for (size_t i = 0; i < n; i++) {
        struct gil_thread *t = (struct gil_thread *)((char *)threads + i * stride);
        if (t->trace != NULL && t->trace->overflowed)
            fprintf(stderr, "gilbench: warning: thread %u's trace ran out of memory; it is cut short\n",
                    t->id);
    }
    free(pos);
    return atomic_file_commit(&f);
}
