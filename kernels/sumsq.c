/* sumsq.c - the sum of i*i for i in [1, items], modulo 2^64.
 * The cheapest work per item there is: one multiply and one add, which the
 * compiler vectorises.  Unsigned overflow wraps, which C defines, so the
 * answer is exact at any size. */
#include "kernel.h"

/* Items between checkpoints: about 0.15 us, well under the 2 us that
 * gil-legacy's 100 ticks stand for, so its releases come as evenly spaced
 * here as in every other kernel (modes/checkpoint_spacing.h weighs each
 * checkpoint as the ticks its work is worth). */
enum { SUMSQ_BLOCK = 512 };

static void sumsq_run(void *state, uint64_t begin, uint64_t end, struct worker_ctx *ctx,
                      struct partial *out)
{
    uint64_t total = 0;

    (void)state;
    for (uint64_t block = begin; block < end; block += SUMSQ_BLOCK) {
        uint64_t stop = end - block < SUMSQ_BLOCK ? end : block + SUMSQ_BLOCK;
        for (uint64_t i = block + 1; i <= stop; i++)
            total += i * i;
        checkpoint(ctx);
    }
    out->count = total;
}

const struct kernel kernel_sumsq = {
    .name = "sumsq",
    .summary = "sum of i*i for i in 1..N (modulo 2^64)",
    .kind = KERNEL_CPU,
    .answer = ANSWER_COUNT,
    .default_items = 1500000000,
    .quick_items = 150000000,
    .max_items = 1ULL << 40,
    .known_items = 1000000,
    .known_answer = 333333833333500000.0, /* n(n+1)(2n+1)/6 */
    .known_tolerance = 0,
    .run = sumsq_run,
};
