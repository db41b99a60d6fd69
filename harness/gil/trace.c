/* trace.c - the GIL's event trace.
 *
 * Tracing keeps one buffer per thread, appended to by that thread only, so
 * recording an event costs a clock read and a store, with no lock; the
 * buffers are merged by time and written once the threads are joined. */
#include "gil/trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/files/atomic_file.h"
#include "lib/measurement/clock.h"

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
