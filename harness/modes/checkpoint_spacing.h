/* checkpoint_spacing.h - how much work lies between two checkpoints of a
 * kernel on this machine, and so how many of CPython 2's ticks each
 * checkpoint stands for under gil-legacy.
 *
 * CPython 2 released the GIL every 100 ticks of its interpreter, a tick
 * being about one bytecode (GIL_TICK_NS in gil/gil.h: 20 ns of work).  A
 * kernel checks every few hundred nanoseconds, at a spacing of its own, so
 * gil-legacy counts one checkpoint as spacing / GIL_TICK_NS ticks
 * and --check-interval 100 stands for the same 2 us of work in every
 * kernel.  The spacing is measured here, just before the runs, because it
 * is a property of the machine as much as of the kernel: on the
 * development machine, with the code unchanged, the spacing of the
 * floating-point kernels grew by 30 to 60% within a day, primes' by 17%
 * and sumsq's not at all, so constants written into the kernels would have
 * made the kernels' releases, and their slowdowns, drift apart. */
#ifndef GILBENCH_CHECKPOINT_SPACING_H
#define GILBENCH_CHECKPOINT_SPACING_H

#include <stddef.h>
#include <stdint.h>

#include "kernel.h"

struct checkpoint_spacing {
    const char *kernel;
    uint64_t items;
    uint64_t checkpoints;       /* passed in one pass over the sampled slices */
    uint64_t sampled;           /* items in those slices */
    double ns_per_checkpoint;   /* the shorter of the two below; 0: not measured */
    double slices_ns;           /* from the fastest pass over the slices */
    double seq_ns;              /* from the fastest seq run, 0 if none */
    double ticks;               /* what gil-legacy counts per checkpoint */
};

/* Runs `k` alone on this thread over 8 slices spread evenly across
 * [0, items), about 3% of the work a pass: 5 ms of passes unmeasured,
 * then at least 3 passes and 25 ms counting checkpoints, and keeps the
 * fastest pass (the least disturbed).  Kernels that are not CPU-bound are
 * not run: their checkpoints count one tick.  `state` is k->setup's.
 * Then checkpoint_spacing_settle(sp, 0). */
void checkpoint_spacing_measure(const struct kernel *k, void *state, uint64_t items,
                                struct checkpoint_spacing *sp);

/* Sets ns_per_checkpoint and ticks from the slices and, when
 * seq_compute_s > 0, the compute time of the fastest seq run of the whole
 * range so far: the shorter of the two spacings counts.  A shared core can
 * run at half speed for a tenth of a second at a time (on the development
 * machine, in a quarter of the runs that had just started), longer than
 * the slices take, and the seq runs spread over the whole run give a
 * second chance to see it at full speed. */
void checkpoint_spacing_settle(struct checkpoint_spacing *sp, double seq_compute_s);

/* Writes legacy_ticks.csv in `dir` (kernel, items, checkpoints,
 * ns_per_checkpoint, tick_ns, ticks_per_checkpoint, slices_ns, seq_ns),
 * atomically.  Returns
 * 0, or -1 with errno set. */
int checkpoint_spacing_write(const char *dir, const struct checkpoint_spacing *rows, size_t n);

#endif
