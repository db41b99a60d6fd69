/* resize.c - see resize.h.
 *
 * Output pixel i along an axis covers input [i*s, (i+1)*s) with s = in/out.
 * The spans are computed once per axis as (first pixel, weights), in
 * fixed point (weights sum to 2^16 per output pixel), so every run and
 * every worker computes bit-identical pixels, which the checksums compare. */
#include "commands/images/resize.h"

#include <stdio.h>
#include <stdlib.h>

void resize_target(uint32_t w, uint32_t h, uint32_t box_w, uint32_t box_h, enum aspect a,
                   uint32_t *out_w, uint32_t *out_h)
{
    if (a == ASPECT_STRETCH) {
        *out_w = box_w;
        *out_h = box_h;
        return;
    }
    if (w <= box_w && h <= box_h) {
        *out_w = w;
        *out_h = h;
        return;
    }
    /* Compare w/box_w with h/box_h without division: the tighter side fits. */
    if ((uint64_t)w * box_h >= (uint64_t)h * box_w) {
        *out_w = box_w;
        *out_h = (uint32_t)(((uint64_t)h * box_w * 2 + w) / (2 * (uint64_t)w));
    } else {
        *out_h = box_h;
        *out_w = (uint32_t)(((uint64_t)w * box_h * 2 + h) / (2 * (uint64_t)h));
    }
    if (*out_w == 0)
        *out_w = 1;
    if (*out_h == 0)
        *out_h = 1;
}

struct span {
    uint32_t first, count;
    uint32_t *weights;   /* count of them, summing to 65536 */
};

/* Spans of `out` pixels over `in`.  Positions in units of 1/(in*out)...
 * exactly: pixel j of the input is [j*out, (j+1)*out) and output pixel i
 * is [i*in, (i+1)*in), both in integers, so overlaps are exact. */
static struct span *make_spans(uint32_t in, uint32_t out, uint32_t **pool)
{
    struct span *s = calloc(out, sizeof *s);
    uint32_t *w = malloc(((size_t)in + 2 * (size_t)out) * sizeof *w);
    size_t used = 0;

    *pool = w;
    if (s == NULL || w == NULL) {
        free(s);
        free(w);
        *pool = NULL;
        return NULL;
    }
    for (uint32_t i = 0; i < out; i++) {
        uint64_t lo = (uint64_t)i * in, hi = lo + in;
        uint32_t first = (uint32_t)(lo / out), last = (uint32_t)((hi - 1) / out);
        uint32_t given = 0;

        s[i].first = first;
        s[i].count = last - first + 1;
        s[i].weights = w + used;
        for (uint32_t j = first; j <= last; j++) {
            uint64_t a = (uint64_t)j * out > lo ? (uint64_t)j * out : lo;
            uint64_t b = (uint64_t)(j + 1) * out < hi ? (uint64_t)(j + 1) * out : hi;
            uint32_t wt = (uint32_t)(((b - a) << 16) / in);
            s[i].weights[j - first] = wt;
            given += wt;
        }
        /* Rounding leftovers go to the largest share, so the weights sum to
         * exactly 2^16 and a flat image stays flat. */
        uint32_t big = 0;
        for (uint32_t k = 1; k < s[i].count; k++)
            if (s[i].weights[k] > s[i].weights[big])
                big = k;
        s[i].weights[big] += 65536 - given;
        used += s[i].count;
    }
    return s;
}

int resize_area(const struct image *src, struct image *dst, uint32_t w, uint32_t h,
                struct worker_ctx *ctx, char *error)
{
    uint32_t *xpool, *ypool;
    struct span *xs = make_spans(src->w, w, &xpool), *ys = make_spans(src->h, h, &ypool);
    /* The row pass keeps 16 fractional bits: at most 255 << 16 per channel. */
    uint32_t *rows = malloc((size_t)src->h * w * 3 * sizeof *rows);
    int rc = -1;

    if (xs == NULL || ys == NULL || rows == NULL || image_alloc(dst, w, h, error) != 0) {
        if (xs == NULL || ys == NULL || rows == NULL)
            snprintf(error, IMAGE_ERROR_LEN, "out of memory resizing to %ux%u", w, h);
        goto out;
    }
    for (uint32_t y = 0; y < src->h; y++) {
        const unsigned char *in = src->px + (size_t)y * src->w * 3;
        uint32_t *o = rows + (size_t)y * w * 3;
        for (uint32_t x = 0; x < w; x++) {
            uint32_t r = 0, g = 0, b = 0;
            const unsigned char *p = in + (size_t)xs[x].first * 3;
            for (uint32_t k = 0; k < xs[x].count; k++, p += 3) {
                r += xs[x].weights[k] * p[0];
                g += xs[x].weights[k] * p[1];
                b += xs[x].weights[k] * p[2];
            }
            o[3 * x] = r;
            o[3 * x + 1] = g;
            o[3 * x + 2] = b;
        }
        if (ctx != NULL)
            checkpoint(ctx);
    }
    for (uint32_t y = 0; y < h; y++) {
        unsigned char *o = dst->px + (size_t)y * w * 3;
        for (uint32_t x = 0; x < 3 * w; x++) {
            uint64_t acc = 0;
            for (uint32_t k = 0; k < ys[y].count; k++)
                acc += (uint64_t)ys[y].weights[k] * rows[((size_t)ys[y].first + k) * w * 3 + x];
            /* 32 fractional bits now: round to 8-bit. */
            o[x] = (unsigned char)((acc + (1ULL << 31)) >> 32);
        }
        if (ctx != NULL)
            checkpoint(ctx);
    }
    rc = 0;
out:
    free(rows);
    free(xs);
    free(ys);
    free(xpool);
    free(ypool);
    return rc;
}
