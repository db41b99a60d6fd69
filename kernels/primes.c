/* primes.c - count the primes in [1, items] by trial division.
 * The tutorials' favourite CPU-bound job: no memory traffic, no I/O, and a
 * cost per number that grows like its square root, so later items cost
 * more than early ones. */
#include "kernel.h"

static int is_prime(uint32_t n)
{
    if (n < 2)
        return 0;
    if (n % 2 == 0)
        return n == 2;
    for (uint32_t d = 3; d * d <= n; d += 2)
        if (n % d == 0)
            return 0;
    return 1;
}


static void primes_run(void *state, uint64_t begin, uint64_t end, struct worker_ctx *ctx,
                       struct partial *out)
{
    uint64_t found = 0;

    (void)state;
    /* Item i stands for the number i + 1.  One checkpoint per number,
     * most of which cost a few divisions: about 0.1 us apart on average
     * (gil-legacy measures it and counts each as that many ticks:
     * modes/checkpoint_spacing.h).  Outside
     * GIL modes the check costs about 1% of the instructions (make bench
     * measures it). */
    for (uint64_t i = begin; i < end; i++) {
        found += (uint64_t)is_prime((uint32_t)(i + 1));
        checkpoint(ctx);
    }
    out->count = found;
}

const struct kernel kernel_primes = {
    .name = "primes",
    .summary = "count primes in 1..N by trial division",
    .kind = KERNEL_CPU,
    .answer = ANSWER_COUNT,
    .default_items = 5000000,
    .quick_items = 500000,
    .max_items = 4000000000ULL, /* numbers must fit in 32 bits */
    .known_items = 100000,
    .known_answer = 9592, /* pi(10^5) */
    .known_tolerance = 0,
    .run = primes_run,
};
