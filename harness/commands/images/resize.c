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

/* The column pass runs as rows arrive: output row i is the weighted sum of
 * source rows [ys[i].first, ys[i].first + ys[i].count), so it is summed
 * while those rows go by and written out at its last one.  One row of sums
 * is enough: output rows cover disjoint stretches of the source, so at
 * most one of them straddles the boundary between two source rows, and a
 * source row shared by two output rows finishes the first before the
 * second starts.  These are the same integer sums a second pass over a
 * whole intermediate image would add, so the pixels are identical. */
struct resizer {
    uint32_t w, h;        /* the output's size */
    struct span *xs, *ys;
    uint32_t *xpool, *ypool;
    uint32_t *row;        /* one source row after the row pass: w * 3, 16 fractional bits */
    uint64_t *acc;        /* the output row being summed: w * 3, 32 fractional bits */
    uint32_t next_in;     /* the source row push_row expects */
    uint32_t next_out;    /* the first output row not yet written */
    struct image *dst;
};

struct resizer *resizer_new(uint32_t in_w, uint32_t in_h, struct image *dst, uint32_t w,
                            uint32_t h, char *error)
{
    struct resizer *rz;

    dst->px = NULL;
    if (image_check_size(in_w, in_h, error) != 0 || image_check_size(w, h, error) != 0)
        return NULL;
    rz = calloc(1, sizeof *rz);
    if (rz == NULL) {
        snprintf(error, IMAGE_ERROR_LEN, "out of memory resizing to %ux%u", w, h);
        return NULL;
    }
    *rz = (struct resizer){.w = w, .h = h, .dst = dst};
    rz->xs = make_spans(in_w, w, &rz->xpool);
    rz->ys = make_spans(in_h, h, &rz->ypool);
    rz->row = malloc((size_t)w * 3 * sizeof *rz->row);
    rz->acc = calloc((size_t)w * 3, sizeof *rz->acc);
    if (rz->xs == NULL || rz->ys == NULL || rz->row == NULL || rz->acc == NULL) {
        snprintf(error, IMAGE_ERROR_LEN, "out of memory resizing to %ux%u", w, h);
        resizer_free(rz);
        return NULL;
    }
    if (image_alloc(dst, w, h, error) != 0) {
        resizer_free(rz);
        return NULL;
    }
    return rz;
}

void resizer_push_row(struct resizer *rz, const unsigned char *in, struct worker_ctx *ctx)
{
    const uint32_t y = rz->next_in++, n = rz->w * 3;

    /* Row pass: at most 255 << 16 per channel. */
    for (uint32_t x = 0; x < rz->w; x++) {
        const struct span *sx = &rz->xs[x];
        const unsigned char *p = in + (size_t)sx->first * 3;
        uint32_t r = 0, g = 0, b = 0;

        for (uint32_t k = 0; k < sx->count; k++, p += 3) {
            r += sx->weights[k] * p[0];
            g += sx->weights[k] * p[1];
            b += sx->weights[k] * p[2];
        }
        rz->row[3 * x] = r;
        rz->row[3 * x + 1] = g;
        rz->row[3 * x + 2] = b;
    }
    if (ctx != NULL)
        checkpoint(ctx);
    /* Column pass: add this row to every output row it falls in. */
    for (uint32_t i = rz->next_out; i < rz->h && rz->ys[i].first <= y; i++) {
        const struct span *sy = &rz->ys[i];
        uint64_t *acc = rz->acc;
        const uint64_t wt = sy->weights[y - sy->first];

        for (uint32_t x = 0; x < n; x++)
            acc[x] += wt * rz->row[x];
        if (y + 1 < sy->first + sy->count)
            continue;
        /* Its last source row: 32 fractional bits, rounded to 8-bit. */
        unsigned char *o = rz->dst->px + (size_t)i * n;
        for (uint32_t x = 0; x < n; x++) {
            o[x] = (unsigned char)((acc[x] + (1ULL << 31)) >> 32);
            acc[x] = 0;
        }
        rz->next_out = i + 1;
        if (ctx != NULL)
            checkpoint(ctx);
    }
}

int resizer_done(const struct resizer *rz)
{
    return rz->next_out == rz->h;
}

void resizer_free(struct resizer *rz)
{
    if (rz == NULL)
        return;
    free(rz->xs);
    free(rz->ys);
    free(rz->xpool);
    free(rz->ypool);
    free(rz->row);
    free(rz->acc);
    free(rz);
}

int resize_area(const struct image *src, struct image *dst, uint32_t w, uint32_t h,
                struct worker_ctx *ctx, char *error)
{
    struct resizer *rz = resizer_new(src->w, src->h, dst, w, h, error);

    if (rz == NULL)
        return -1;
    for (uint32_t y = 0; y < src->h; y++)
        resizer_push_row(rz, src->px + (size_t)y * src->w * 3, ctx);
    resizer_free(rz);
    return 0;
}
