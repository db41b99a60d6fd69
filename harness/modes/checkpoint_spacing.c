/* checkpoint_spacing.c - see checkpoint_spacing.h.
 *
 * The count comes from the checkpoint hook itself: the kernel runs with an
 * eval breaker that is always set and a "GIL" whose only action is to
 * count, so each checkpoint costs what it costs under gil-legacy (a load,
 * a branch, a call through the ops table) and the time measured is the
 * work plus that hook, as gil-legacy's holder sees it. */
#include "modes/checkpoint_spacing.h"

#include <stdatomic.h>

#include "gil/gil.h"
#include "lib/files/atomic_file.h"
#include "lib/measurement/clock.h"

enum { SPACING_SLICES = 8, SPACING_PASSES = 3, SPACING_SLICE_DIVISOR = 256 };
/* Passes run unmeasured first for this long, then measured ones until
 * SPACING_PASSES of them and SPACING_SPAN_S have gone by; the fastest
 * counts.  On the development machine (a virtual machine) a core
 * sometimes ran at about half speed for tens of milliseconds or more, and
 * one slow pass taken for the truth would make that kernel's releases
 * come twice as often as the others' (checkpoint_spacing_settle covers
 * spells longer than this). */
static const double SPACING_WARMUP_S = 0.005, SPACING_SPAN_S = 0.025;

static void count_checkpoint(struct gil_thread *t)
{
    t->stats.acquisitions++;
}

static void nothing(struct gil_thread *t)
{
    (void)t;
}

static const atomic_int always_set = 1;

static const atomic_int *always(void *lock)
{
    (void)lock;
    return &always_set;
}

static const struct gil_ops counting_ops = {
    .name = "checkpoint counter",
    .take = nothing,
    .release_final = nothing,
    .on_eval_breaker = count_checkpoint,
    .blocking_begin = nothing,
    .blocking_end = nothing,
    .eval_breaker = always,
};

/* One pass: the slices' checkpoints and seconds, added up.  Slices sit at
 * the middles of 8 equal stretches of the range, because in some kernels
 * the work per item grows along it (primes: trial division by ever more
 * candidates), and the weight must be the run's average. */
static void measure_pass(const struct kernel *k, void *state, uint64_t items, uint64_t *checkpoints,
                         uint64_t *sampled, double *seconds)
{
    uint64_t slice = items / SPACING_SLICE_DIVISOR > 0 ? items / SPACING_SLICE_DIVISOR : 1;
    struct gil_thread counter;
    struct worker_ctx ctx = {.eval_breaker = &always_set, .gil = &counter, .worker = 0};

    gil_thread_init(&counter, &counting_ops, NULL, 0);
    *seconds = 0.0;
    *sampled = 0;
    for (unsigned s = 0; s < SPACING_SLICES; s++) {
        uint64_t middle = items / (2 * SPACING_SLICES) * (2 * s + 1);
        uint64_t begin = middle > slice / 2 ? middle - slice / 2 : 0;
        uint64_t end = items - begin > slice ? begin + slice : items;
        struct partial ignored = {0};
        double t0 = clock_now();

        k->run(state, begin, end, &ctx, &ignored);
        *seconds += clock_now() - t0;
        *sampled += end - begin;
    }
    *checkpoints = counter.stats.acquisitions;
}

void checkpoint_spacing_measure(const struct kernel *k, void *state, uint64_t items,
                                struct checkpoint_spacing *out)
{
    uint64_t checkpoints, sampled = 0;
    double seconds;

    *out = (struct checkpoint_spacing){.kernel = k->name, .items = items, .ticks = 1.0};
    if (k->kind != KERNEL_CPU || items == 0)
        return;
    for (double t0 = clock_now(); clock_now() - t0 < SPACING_WARMUP_S;)
        measure_pass(k, state, items, &checkpoints, &sampled, &seconds);
    double t0 = clock_now();
    for (unsigned pass = 0; pass < SPACING_PASSES || clock_now() - t0 < SPACING_SPAN_S; pass++) {
        measure_pass(k, state, items, &checkpoints, &sampled, &seconds);
        if (checkpoints == 0)
            continue;
        double ns = seconds * 1e9 / (double)checkpoints;
        if (out->slices_ns == 0.0 || ns < out->slices_ns) {
            out->slices_ns = ns;
            out->checkpoints = checkpoints;
            out->sampled = sampled;
        }
    }
    checkpoint_spacing_settle(out, 0.0);
}

void checkpoint_spacing_settle(struct checkpoint_spacing *sp, double seq_compute_s)
{
    sp->ns_per_checkpoint = sp->slices_ns;
    /* A seq run covers the whole range: its checkpoints are the slices'
     * per item, times the items.  A slow spell only ever makes a
     * measurement longer, so the shorter one counts. */
    if (seq_compute_s > 0 && sp->checkpoints > 0 && sp->sampled > 0) {
        sp->seq_ns = seq_compute_s * 1e9 /
                     ((double)sp->items * (double)sp->checkpoints / (double)sp->sampled);
        if (sp->seq_ns < sp->ns_per_checkpoint)
            sp->ns_per_checkpoint = sp->seq_ns;
    }
    sp->ticks = gil_ticks_per_checkpoint(sp->ns_per_checkpoint);
}

int checkpoint_spacing_write(const char *dir, const struct checkpoint_spacing *rows, size_t n)
{
    struct atomic_file f;

    if (atomic_file_open_in(&f, dir, "legacy_ticks.csv") != 0)
        return -1;
    fprintf(f.fp, "kernel,items,checkpoints,ns_per_checkpoint,tick_ns,ticks_per_checkpoint,"
                  "slices_ns,seq_ns\n");
    for (size_t i = 0; i < n; i++)
        fprintf(f.fp, "%s,%llu,%llu,%.1f,%.1f,%.2f,%.1f,%.1f\n", rows[i].kernel,
                (unsigned long long)rows[i].items, (unsigned long long)rows[i].checkpoints,
                rows[i].ns_per_checkpoint, GIL_TICK_NS, rows[i].ticks, rows[i].slices_ns,
                rows[i].seq_ns);
    return atomic_file_commit(&f);
}
