/* pi.c - Monte Carlo estimate of pi: throw points into the unit square and
 * count those inside the quarter circle (the answer is that count; pi is
 * about 4 * count / items).
 *
 * Point i comes from a counter-based generator, splitmix64(i): no generator
 * state is shared between workers or carried from item to item, so every
 * split of the items, in every mode, throws exactly the same points. */
#include "kernel.h"

/* Items between checkpoints: about 0.4 us (see sumsq.c for why). */
enum { PI_BLOCK = 256 };

static uint64_t splitmix64(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

static void pi_run(void *state, uint64_t begin, uint64_t end, struct worker_ctx *ctx,
                   struct partial *out)
{
    uint64_t inside = 0;

    (void)state;
    for (uint64_t block = begin; block < end; block += PI_BLOCK) {
        uint64_t stop = end - block < PI_BLOCK ? end : block + PI_BLOCK;
        for (uint64_t i = block; i < stop; i++) {
            uint64_t r = splitmix64(i);
            /* Two 32-bit coordinates in [0, 1), scaled exactly. */
            double x = (double)(uint32_t)r * 0x1p-32;
            double y = (double)(uint32_t)(r >> 32) * 0x1p-32;
            inside += (x * x + y * y < 1.0);
        }
        checkpoint(ctx);
    }
    out->count = inside;
}

const struct kernel kernel_pi = {
    .name = "pi",
    .summary = "Monte Carlo pi: points inside the quarter circle (counter-based RNG)",
    .kind = KERNEL_CPU,
    .answer = ANSWER_COUNT,
    .default_items = 400000000,
    .quick_items = 40000000,
    .max_items = 1ULL << 40,
    .known_items = 1000000,
    /* pi/4 of the points; 5 standard deviations (sqrt(n p (1-p)) = 410) */
    .known_answer = 785398.16339744831,
    .known_tolerance = 2100,
    .run = pi_run,
};
