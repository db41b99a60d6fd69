/* codec_png.c - see codec_png.h.
 *
 * libpng reports errors by calling the error function and, when it
 * returns, longjmp-ing to png_jmpbuf; its default one also prints to
 * stderr.  Ours copies the message for the file's report line and jumps
 * back, so a corrupt or truncated PNG fails that file only.  Warnings
 * (an unknown chunk, a bad CRC in an ancillary chunk) are not fatal in
 * libpng: they print nothing, and are kept only to explain a later error. */
#include "commands/images/codec_png.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>

#include <png.h>

/* The error buffer may already hold the last warning, which often says
 * more than the error itself ("Image width is zero in IHDR" before
 * "Invalid IHDR data"): both go into the report. */
static void on_png_error(png_structp png, png_const_charp msg)
{
    char *error = png_get_error_ptr(png), warning[IMAGE_ERROR_LEN];

    snprintf(warning, sizeof warning, "%s", error);
    if (warning[0] != '\0')
        snprintf(error, IMAGE_ERROR_LEN, "corrupt or unsupported PNG: %.60s (%.60s)", msg, warning);
    else
        snprintf(error, IMAGE_ERROR_LEN, "corrupt or unsupported PNG: %.120s", msg);
    png_longjmp(png, 1);
}

static void on_png_warning(png_structp png, png_const_charp msg)
{
    snprintf(png_get_error_ptr(png), IMAGE_ERROR_LEN, "%s", msg);
}

int png_decode_rows(FILE *fp, const struct row_sink *sink, struct worker_ctx *ctx, char *error)
{
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, error, on_png_error,
                                             on_png_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    unsigned char *volatile px = NULL;

    error[0] = '\0';
    if (info == NULL) {
        png_destroy_read_struct(&png, NULL, NULL);
        snprintf(error, IMAGE_ERROR_LEN, "out of memory for the PNG decoder");
        return -1;
    }
    if (setjmp(png_jmpbuf(png)) != 0) {
        png_destroy_read_struct(&png, &info, NULL);
        free(px);
        return -1;
    }
    png_init_io(png, fp);
    png_read_info(png, info);
    png_set_expand(png);             /* palette, grey < 8 bits, tRNS -> 8-bit */
    png_set_strip_16(png);
    png_set_strip_alpha(png);
    png_set_gray_to_rgb(png);
    int passes = png_set_interlace_handling(png);
    png_read_update_info(png, info);
    if (png_get_rowbytes(png, info) != (size_t)png_get_image_width(png, info) * 3)
        png_error(png, "unexpected row layout after conversion to RGB");
    uint32_t w = png_get_image_width(png, info), h = png_get_image_height(png, info);
    if (sink->begin(sink->arg, w, h, error) != 0) {
        png_destroy_read_struct(&png, &info, NULL);
        return -1;
    }
    /* An interlaced (Adam7) file sends each row in up to 7 passes, the
     * last one completing it, so it is held whole; otherwise one row. */
    px = malloc((size_t)w * 3 * (passes > 1 ? h : 1));
    if (px == NULL)
        png_error(png, "out of memory for the decoded rows");
    for (int pass = 0; pass < passes; pass++)
        for (uint32_t y = 0; y < h; y++) {
            unsigned char *row = px + (passes > 1 ? (size_t)y * w * 3 : 0);
            png_read_row(png, row, NULL);
            if (pass == passes - 1)
                sink->row(sink->arg, row);
            if (ctx != NULL)
                checkpoint(ctx);
        }
    png_read_end(png, NULL);
    png_destroy_read_struct(&png, &info, NULL);
    free(px);
    return 0;
}

int png_write_rgb(FILE *fp, const struct image *im, int level, struct worker_ctx *ctx,
                  char *error)
{
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, error, on_png_error,
                                              on_png_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;

    error[0] = '\0';
    if (info == NULL) {
        png_destroy_write_struct(&png, NULL);
        snprintf(error, IMAGE_ERROR_LEN, "out of memory for the PNG encoder");
        return -1;
    }
    if (setjmp(png_jmpbuf(png)) != 0) {
        png_destroy_write_struct(&png, &info);
        return -1;
    }
    png_init_io(png, fp);
    png_set_compression_level(png, level);
    png_set_IHDR(png, info, im->w, im->h, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (uint32_t y = 0; y < im->h; y++) {
        png_write_row(png, im->px + (size_t)y * im->w * 3);
        if (ctx != NULL)
            checkpoint(ctx);
    }
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    return 0;
}
