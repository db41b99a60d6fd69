/* codec_jpeg.h - JPEG in and out with libjpeg-turbo (the libjpeg API). */
#ifndef GILBENCH_CODEC_JPEG_H
#define GILBENCH_CODEC_JPEG_H

#include <stdio.h>

#include "commands/images/image.h"

/* Decodes `fp` to RGB rows handed to `sink` as they come (one row in
 * memory).  Returns 0, or -1 with `error` filled (`error` must start
 * empty).  ctx: a checkpoint every row (GIL held) or NULL. */
int jpeg_decode_rows(FILE *fp, const struct row_sink *sink, struct worker_ctx *ctx, char *error);
/* Encodes at `quality` (1-100).  Returns 0, or -1 with `error` filled. */
int jpeg_write_rgb(FILE *fp, const struct image *im, int quality, struct worker_ctx *ctx,
                   char *error);

#endif
