/* filters.c - see filters.h.
 *
 *   grayscale  ITU-R 601-2 luma, L = (299 R + 587 G + 114 B) / 1000, as
 *              Pillow's convert("L"); written back to all three channels
 *   sepia      the usual sepia matrix (0.393 0.769 0.189 / 0.349 0.686
 *              0.168 / 0.272 0.534 0.131), clamped to 255
 *   blur       5x5 binomial (1 4 6 4 1)/16 in each direction, separable:
 *              a small Gaussian, like Pillow's GaussianBlur(1)
 *   sharpen    Pillow's ImageFilter.SHARPEN: 3x3, centre 32, others -2,
 *              divided by 16
 * Edges repeat the border pixel.  Integers throughout, so results are
 * bit-identical everywhere. */
#include "commands/images/filters.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const filter_names[] = {"none", "grayscale", "blur", "sharpen", "sepia"};

int filter_parse(const char *name)
{
    for (int i = 0; i < (int)(sizeof filter_names / sizeof filter_names[0]); i++)
        if (strcmp(name, filter_names[i]) == 0)
            return i;
    return -1;
}

const char *filter_name(enum filter f)
{
    return filter_names[f];
}

static unsigned char clamp255(int v)
{
    return (unsigned char)(v < 0 ? 0 : v > 255 ? 255 : v);
}

static void point_filter(struct image *im, enum filter f, struct worker_ctx *ctx)
{
    for (uint32_t y = 0; y < im->h; y++) {
        unsigned char *p = im->px + (size_t)y * im->w * 3;
        for (uint32_t x = 0; x < im->w; x++, p += 3) {
            int r = p[0], g = p[1], b = p[2];
            if (f == FILTER_GRAYSCALE) {
                p[0] = p[1] = p[2] = (unsigned char)((299 * r + 587 * g + 114 * b + 500) / 1000);
            } else {
                p[0] = clamp255((393 * r + 769 * g + 189 * b + 500) / 1000);
                p[1] = clamp255((349 * r + 686 * g + 168 * b + 500) / 1000);
                p[2] = clamp255((272 * r + 534 * g + 131 * b + 500) / 1000);
            }
        }
        if (ctx != NULL)
            checkpoint(ctx);
    }
}

static uint32_t clampi(int64_t v, uint32_t n)
{
    return v < 0 ? 0 : v >= (int64_t)n ? n - 1 : (uint32_t)v;
}

static int blur5(struct image *im, struct worker_ctx *ctx, char *error)
{
    static const int w5[5] = {1, 4, 6, 4, 1};
    size_t stride = (size_t)im->w * 3;
    uint16_t *tmp = malloc(stride * im->h * sizeof *tmp);

    if (tmp == NULL) {
        snprintf(error, IMAGE_ERROR_LEN, "out of memory for the blur");
        return -1;
    }
    /* Columns first (sum <= 255 * 16), then rows, dividing by 256 once. */
    for (uint32_t y = 0; y < im->h; y++) {
        for (size_t x = 0; x < stride; x++) {
            int acc = 0;
            for (int k = 0; k < 5; k++)
                acc += w5[k] * im->px[clampi((int64_t)y + k - 2, im->h) * stride + x];
            tmp[(size_t)y * stride + x] = (uint16_t)acc;
        }
        if (ctx != NULL)
            checkpoint(ctx);
    }
    for (uint32_t y = 0; y < im->h; y++) {
        const uint16_t *t = tmp + (size_t)y * stride;
        unsigned char *o = im->px + (size_t)y * stride;
        for (uint32_t x = 0; x < im->w; x++)
            for (int c = 0; c < 3; c++) {
                int acc = 0;
                for (int k = 0; k < 5; k++)
                    acc += w5[k] * t[(size_t)clampi((int64_t)x + k - 2, im->w) * 3 + (size_t)c];
                o[(size_t)x * 3 + (size_t)c] = (unsigned char)((acc + 128) >> 8);
            }
        if (ctx != NULL)
            checkpoint(ctx);
    }
    free(tmp);
    return 0;
}

static int sharpen3(struct image *im, struct worker_ctx *ctx, char *error)
{
    size_t stride = (size_t)im->w * 3;
    unsigned char *src = malloc(stride * im->h);

    if (src == NULL) {
        snprintf(error, IMAGE_ERROR_LEN, "out of memory for the sharpen filter");
        return -1;
    }
    memcpy(src, im->px, stride * im->h);
    for (uint32_t y = 0; y < im->h; y++) {
        for (uint32_t x = 0; x < im->w; x++)
            for (int c = 0; c < 3; c++) {
                int acc = 0;
                for (int dy = -1; dy <= 1; dy++)
                    for (int dx = -1; dx <= 1; dx++) {
                        int v = src[clampi((int64_t)y + dy, im->h) * stride +
                                    (size_t)clampi((int64_t)x + dx, im->w) * 3 + (size_t)c];
                        acc += (dx == 0 && dy == 0) ? 32 * v : -2 * v;
                    }
                /* Round half away from zero, then clamp: acc/16 may be negative. */
                int q = acc >= 0 ? (acc + 8) / 16 : -((-acc + 8) / 16);
                im->px[(size_t)y * stride + (size_t)x * 3 + (size_t)c] = clamp255(q);
            }
        if (ctx != NULL)
            checkpoint(ctx);
    }
    free(src);
    return 0;
}

int filter_apply(struct image *im, enum filter f, struct worker_ctx *ctx, char *error)
{
    switch (f) {
    case FILTER_NONE: return 0;
    case FILTER_GRAYSCALE:
    case FILTER_SEPIA: point_filter(im, f, ctx); return 0;
    case FILTER_BLUR: return blur5(im, ctx, error);
    case FILTER_SHARPEN: return sharpen3(im, ctx, error);
    }
    return 0;
}
