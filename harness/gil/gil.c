/* gil.c - what both simulated GILs share: the per-thread state, the
 * dispatch to the GIL in use, the counters, and the fatal-error path. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gil/gil.h"

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
    t->ticks_per_checkpoint = 1.0;
}

double gil_ticks_per_checkpoint(double checkpoint_ns)
{
    double ticks = checkpoint_ns / GIL_TICK_NS;

    if (!(ticks > 0.0))
        return 1.0;
    return ticks > 1e6 ? 1e6 : ticks;
}

void gil_take(struct gil_thread *t)
{
    t->ops->take(t);
}

void gil_release_final(struct gil_thread *t)
{
    t->ops->release_final(t);
}

void gil_stats_add(struct gil_stats *sum, const struct gil_stats *s)
{
    sum->acquisitions += s->acquisitions;
    sum->drop_requests += s->drop_requests;
    sum->forced_switches += s->forced_switches;
    sum->handovers += s->handovers;
    sum->wait_s += s->wait_s;
}

