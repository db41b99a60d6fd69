/* resize.h - the target size, and area-averaging resampling. */
#ifndef GILBENCH_RESIZE_H
#define GILBENCH_RESIZE_H

#include "commands/images/image.h"

enum aspect { ASPECT_CONTAIN, ASPECT_STRETCH };

/* The output size for a w x h input and a box_w x box_h box:
 *   contain  the largest size that fits in the box with the input's aspect
 *            ratio, never larger than the input (Pillow's Image.thumbnail);
 *   stretch  exactly the box, distorting (Pillow's Image.resize).
 * Rounded to the nearest pixel, at least 1. */
void resize_target(uint32_t w, uint32_t h, uint32_t box_w, uint32_t box_h, enum aspect a,
                   uint32_t *out_w, uint32_t *out_h);

/* A resize fed one source row at a time (a row_sink's rows), so a 12 MP
 * photo is never held whole: memory is a few rows, not w * h * 3 bytes.
 * resizer_new allocates dst (w x h); push the in_h source rows of in_w * 3
 * bytes in order; resizer_done says whether every output row was written.
 * ctx: checkpoints per row when the GIL is held, or NULL. */
struct resizer;
struct resizer *resizer_new(uint32_t in_w, uint32_t in_h, struct image *dst, uint32_t w,
                            uint32_t h, char *error);
void resizer_push_row(struct resizer *rz, const unsigned char *rgb, struct worker_ctx *ctx);
int resizer_done(const struct resizer *rz);
void resizer_free(struct resizer *rz);

/* Every output pixel is the mean of the input area it covers, fractions
 * of pixels weighted by their share (a box filter of the output pixel's
 * size: what Pillow calls BOX, and OpenCV INTER_AREA).  Separable: a row
 * pass, then a column pass, through a resizer.  Returns 0, or -1 with `error` filled. */
int resize_area(const struct image *src, struct image *dst, uint32_t w, uint32_t h,
                struct worker_ctx *ctx, char *error);

#endif
