/* registry.c - the table of kernels.  One line per kernel. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "registry.h"

extern const struct kernel kernel_primes, kernel_sumsq, kernel_sqrtsum, kernel_pi,
    kernel_mandelbrot, kernel_sleep, kernel_triad, kernel_spin, kernel_sha256, kernel_blur;

const struct kernel *const kernel_table[] = {
    &kernel_primes, &kernel_sumsq, &kernel_sqrtsum, &kernel_pi,
    &kernel_mandelbrot, &kernel_sleep, &kernel_triad, &kernel_spin,
    &kernel_sha256, &kernel_blur,
};
const size_t kernel_count = sizeof kernel_table / sizeof kernel_table[0];

const struct kernel *kernel_find(const char *name)
{
    for (size_t i = 0; i < kernel_count; i++)
        if (strcmp(kernel_table[i]->name, name) == 0)
            return kernel_table[i];
    return NULL;
}

const char *kernel_kind_name(enum kernel_kind kind)
{
    switch (kind) {
    case KERNEL_CPU: return "cpu";
    case KERNEL_IO: return "io";
    case KERNEL_MEMORY: return "memory";
    }
    return "?";
}

void kernel_format_checksum(const struct kernel *k, const struct partial *p, char *buf, size_t len)
{
    if (k->answer == ANSWER_COUNT)
        snprintf(buf, len, "%" PRIu64, p->count);
    else
        snprintf(buf, len, "%.17g", p->sum);
}
