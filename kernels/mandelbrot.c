/* mandelbrot.c - rows of a Mandelbrot image; the answer is the number of
 * pixels that never escape (inside the set).
 *
 * An item is one image row, MANDEL_WIDTH pixels wide, over the square
 * [-2, 0.5] x [-1.25, 1.25].  Rows through the set iterate up to
 * MANDEL_MAX_ITER times per pixel, rows near the edge escape at once: the
 * cost per item is very uneven, which is what chunk-size lessons need. */
#include "kernel.h"

enum { MANDEL_WIDTH = 1024, MANDEL_MAX_ITER = 256 };

static void mandelbrot_run(void *state, uint64_t begin, uint64_t end, struct worker_ctx *ctx,
                           struct partial *out)
{
    const uint64_t rows = (uint64_t)(uintptr_t)state;
    uint64_t inside = 0;

    for (uint64_t row = begin; row < end; row++) {
        double ci = -1.25 + 2.5 * ((double)row + 0.5) / (double)rows;
        for (int col = 0; col < MANDEL_WIDTH; col++) {
            double cr = -2.0 + 2.5 * ((double)col + 0.5) / MANDEL_WIDTH;
            double zr = 0.0, zi = 0.0;
            int n = 0;

            while (n < MANDEL_MAX_ITER && zr * zr + zi * zi <= 4.0) {
                double t = zr * zr - zi * zi + cr;
                zi = 2.0 * zr * zi + ci;
                zr = t;
                n++;
            }
            inside += (n == MANDEL_MAX_ITER);
            /* At most 256 iterations, well under a microsecond, apart. */
            checkpoint(ctx);
        }
    }
    out->count = inside;
}

/* The image height is the item count; passed through the state pointer. */
static int mandelbrot_setup(uint64_t items, void **state)
{
    *state = (void *)(uintptr_t)items;
    return 0;
}

const struct kernel kernel_mandelbrot = {
    .name = "mandelbrot",
    .summary = "Mandelbrot rows (1024 px wide, 256 iterations): pixels inside the set",
    .kind = KERNEL_CPU,
    .answer = ANSWER_COUNT,
    .default_items = 3000,
    .quick_items = 300,
    .max_items = 10000000,
    .known_items = 1024,
    /* The set's area, 1.50659 (Mandelbrot area estimates), over the pixel
     * area (2.5/1024)^2; 256 iterations overcount the set by a few percent. */
    .known_answer = 252764.0,
    .known_tolerance = 0.05 * 252764.0,
    .setup = mandelbrot_setup,
    .run = mandelbrot_run,
};
