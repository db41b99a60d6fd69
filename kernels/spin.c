/* spin.c - a fixed amount of pure CPU work per item, for measuring how
 * long a task must be before parallelism pays (`gilbench granularity`).
 *
 * Item i runs 16 steps of a 64-bit linear congruential generator seeded
 * with i (Knuth's MMIX constants) and adds the top 24 bits of the result.
 * Each step depends on the one before, so an item is a chain of 16
 * multiply-adds that the compiler cannot shorten; the chains of successive
 * items overlap in an out-of-order core, so an item costs a few
 * nanoseconds.  It touches no memory and costs the same for every i: a
 * task's duration is simply proportional to its item count.  The harness
 * measures items per microsecond once, at start-up, and sizes tasks from
 * that.
 *
 * Known answer, from an independent implementation (Python):
 *   M, a, c = 2**64, 6364136223846793005, 1442695040888963407
 *   def item(i):
 *       for _ in range(16): i = (i * a + c) % M
 *       return i >> 40
 *   sum(item(i) for i in range(100000))   ->   838845260877
 */
#include "kernel.h"

enum {
    SPIN_STEPS = 16,   /* LCG steps per item: tens of nanoseconds */
    SPIN_BLOCK = 64,   /* items between checkpoints: a few microseconds at most */
};

static uint64_t spin_item(uint64_t i)
{
    uint64_t x = i;

    for (int s = 0; s < SPIN_STEPS; s++)
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    return x >> 40;
}

static void spin_run(void *state, uint64_t begin, uint64_t end, struct worker_ctx *ctx,
                     struct partial *out)
{
    uint64_t total = 0;

    (void)state;
    for (uint64_t block = begin; block < end; block += SPIN_BLOCK) {
        uint64_t stop = end - block < SPIN_BLOCK ? end : block + SPIN_BLOCK;
        for (uint64_t i = block; i < stop; i++)
            total += spin_item(i);
        checkpoint(ctx);
    }
    out->count = total;
}

const struct kernel kernel_spin = {
    .name = "spin",
    .summary = "calibrated pure CPU work: a fixed LCG chain per item (task-size lessons)",
    .kind = KERNEL_CPU,
    .answer = ANSWER_COUNT,
    .default_items = 30000000,
    .quick_items = 3000000,
    .max_items = 1ULL << 40,
    .known_items = 100000,
    .known_answer = 838845260877.0,
    .known_tolerance = 0,
    .run = spin_run,
};
