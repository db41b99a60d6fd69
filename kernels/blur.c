/* blur.c - a separable Gaussian-like blur over the rows of a generated
 * grey image; the answer is the sum of the blurred pixels.
 *
 * An item is one output row, BLUR_WIDTH pixels wide.  The source image
 * (items rows, 8-bit grey, built in setup) has a smooth pattern plus a
 * fine texture, like a photo.  The filter is the 17-tap binomial
 * C(16, k), about a Gaussian of sigma 2, applied down the columns and
 * then along the row, with edges clamped: the separable form costs 34
 * multiply-adds per pixel instead of 289.  Each output row only reads the
 * source, so rows are independent and any split gives the same sum.
 * This is the inner loop of the images workload's blur filter and of
 * Pillow's GaussianBlur, on one channel. */
#include <stdlib.h>

#include "kernel.h"

enum { BLUR_WIDTH = 2048, BLUR_RADIUS = 8, BLUR_TAPS = 2 * BLUR_RADIUS + 1 };

/* C(16, k): each pass sums to 2^16, both to 2^32. */
static const uint32_t blur_weights[BLUR_TAPS] = {
    1, 16, 120, 560, 1820, 4368, 8008, 11440, 12870,
    11440, 8008, 4368, 1820, 560, 120, 16, 1,
};

struct blur_state {
    uint64_t rows;
    unsigned char *pixels;  /* rows x BLUR_WIDTH */
};

/* The source pixel at (x, y): a diagonal ramp, concentric rings and a
 * texture of hashed noise, all in integers so any language reproduces it. */
static unsigned char blur_source(uint64_t x, uint64_t y)
{
    uint64_t h = (x * 0x9E3779B1u) ^ (y * 0x85EBCA77u);

    h ^= h >> 15;
    h *= 0x2C1B3C6Du;
    h ^= h >> 12;
    return (unsigned char)((x / 8 + y / 8 + ((x * x + y * y) >> 9) + (h & 31)) & 255);
}

static int blur_setup(uint64_t items, void **state)
{
    struct blur_state *st = malloc(sizeof *st);

    if (st == NULL)
        return -1;
    st->rows = items;
    st->pixels = malloc(items * BLUR_WIDTH + 1);
    if (st->pixels == NULL) {
        free(st);
        return -1;
    }
    for (uint64_t y = 0; y < items; y++)
        for (uint64_t x = 0; x < BLUR_WIDTH; x++)
            st->pixels[y * BLUR_WIDTH + x] = blur_source(x, y);
    *state = st;
    return 0;
}

static void blur_teardown(void *state)
{
    struct blur_state *st = state;

    free(st->pixels);
    free(st);
}

static uint64_t clamp_index(int64_t i, uint64_t n)
{
    return i < 0 ? 0 : (uint64_t)i >= n ? n - 1 : (uint64_t)i;
}

static void blur_run(void *state, uint64_t begin, uint64_t end, struct worker_ctx *ctx,
                     struct partial *out)
{
    const struct blur_state *st = state;
    /* The column pass of one row, with the edge pixels repeated on both
     * sides, so the row pass needs no clamping in its inner loop. */
    uint32_t col[BLUR_WIDTH + 2 * BLUR_RADIUS];
    uint64_t total = 0;

    for (uint64_t y = begin; y < end; y++) {
        const unsigned char *src[BLUR_TAPS];

        for (int k = 0; k < BLUR_TAPS; k++)
            src[k] = st->pixels + clamp_index((int64_t)y + k - BLUR_RADIUS, st->rows) * BLUR_WIDTH;
        for (int x = 0; x < BLUR_WIDTH; x++) {
            uint32_t acc = 0;
            for (int k = 0; k < BLUR_TAPS; k++)
                acc += blur_weights[k] * src[k][x];
            col[x + BLUR_RADIUS] = acc;
        }
        for (int x = 0; x < BLUR_RADIUS; x++) {
            col[x] = col[BLUR_RADIUS];
            col[BLUR_WIDTH + BLUR_RADIUS + x] = col[BLUR_WIDTH + BLUR_RADIUS - 1];
        }
        checkpoint(ctx);
        for (int x = 0; x < BLUR_WIDTH; x++) {
            uint64_t acc = 0;
            for (int k = 0; k < BLUR_TAPS; k++)
                acc += (uint64_t)blur_weights[k] * col[x + k];
            /* Rounded back to 8 bits: the weights sum to 2^32. */
            total += (acc + (1ULL << 31)) >> 32;
            if ((x & 511) == 511)
                checkpoint(ctx);
        }
    }
    out->count = total;
}

const struct kernel kernel_blur = {
    .name = "blur",
    .summary = "17-tap separable blur of a generated 2048-px-wide grey image: sum of output pixels",
    .kind = KERNEL_CPU,
    .answer = ANSWER_COUNT,
    .default_items = 16000,
    .quick_items = 1600,
    .max_items = 65536,
    /* From an independent Python implementation over the same pixels
     * (tests/cli/workloads/kernels.bats recomputes it). */
    .known_items = 24,
    .known_answer = 5988507.0,
    .known_tolerance = 0,
    .setup = blur_setup,
    .teardown = blur_teardown,
    .run = blur_run,
};
