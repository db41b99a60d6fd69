/* codec_png.h - PNG in and out with libpng. */
#ifndef GILBENCH_CODEC_PNG_H
#define GILBENCH_CODEC_PNG_H

#include <stdio.h>

#include "commands/images/image.h"

/* Decodes `fp` to 8-bit RGB: palettes and grey expanded, 16-bit samples
 * reduced, alpha dropped (composited on nothing: the tutorials' filters
 * and JPEG output have no alpha).  Rows go to `sink` as they come: one row
 * in memory, or the whole picture for an interlaced file.  Returns 0, or
 * -1 with `error` filled. */
int png_decode_rows(FILE *fp, const struct row_sink *sink, struct worker_ctx *ctx, char *error);
/* `level`: zlib compression level 0-9.  Returns 0, or -1 with `error`. */
int png_write_rgb(FILE *fp, const struct image *im, int level, struct worker_ctx *ctx,
                  char *error);

#endif
