/* sqrtsum.c - the sum of sqrt(i) for i in [1, items], in double.
 * Floating-point addition is not associative, so this kernel is the test
 * that every mode adds partials in the same order: its checksum is printed
 * to 17 digits and must match to the last bit. */
#include <math.h>

#include "kernel.h"

/* Items between checkpoints: about 0.6 us (see sumsq.c for why). */
enum { SQRTSUM_BLOCK = 256 };

static void sqrtsum_run(void *state, uint64_t begin, uint64_t end, struct worker_ctx *ctx,
                        struct partial *out)
{
    double total = 0.0;

    (void)state;
    for (uint64_t block = begin; block < end; block += SQRTSUM_BLOCK) {
        uint64_t stop = end - block < SQRTSUM_BLOCK ? end : block + SQRTSUM_BLOCK;
        /* x counts in double (exact below 2^53) instead of converting i:
         * cvtsi2sd writes only half of its register, so each conversion
         * waited for the previous sqrt.  That false dependency made one
         * thread running alone 10% slower than two threads taking turns
         * (a context switch resets the register and breaks the chain), and
         * `gil` looked faster than `seq`. */
        double x = (double)(block + 1);
        for (uint64_t i = block + 1; i <= stop; i++, x += 1.0)
            total += sqrt(x);
        checkpoint(ctx);
    }
    out->sum = total;
}

const struct kernel kernel_sqrtsum = {
    .name = "sqrtsum",
    .summary = "sum of sqrt(i) for i in 1..N, in double precision",
    .kind = KERNEL_CPU,
    .answer = ANSWER_SUM,
    .default_items = 200000000,
    .quick_items = 20000000,
    .max_items = 1ULL << 40,
    .known_items = 1000000,
    /* Euler-Maclaurin: 2/3 n^1.5 + 1/2 n^0.5 + zeta(-1/2) + 1/24 n^-0.5 */
    .known_answer = 666667166.4588221,
    .known_tolerance = 1e-3,
    .run = sqrtsum_run,
};
