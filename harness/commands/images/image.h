/* image.h - an 8-bit RGB image in memory, and the codecs' shared terms. */
#ifndef GILBENCH_IMAGE_H
#define GILBENCH_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "hooks.h"

/* 12 MP is the largest sample; this bounds what a header may claim, so a
 * corrupt one cannot make us allocate gigabytes. */
enum { IMAGE_MAX_PIXELS = 100000000, IMAGE_ERROR_LEN = 160 };

struct image {
    uint32_t w, h;
    unsigned char *px;   /* w * h * 3 bytes, rows top to bottom, R G B */
};

enum image_format { FORMAT_UNKNOWN, FORMAT_JPEG, FORMAT_PNG };

/* 0 when w x h is a size we decode (neither 0 nor more than
 * IMAGE_MAX_PIXELS), else -1 with `error` filled. */
int image_check_size(uint32_t w, uint32_t h, char *error);

/* Allocates px for w x h (0 dimensions or more than IMAGE_MAX_PIXELS
 * refused); returns 0, or -1 with `error` filled. */
int image_alloc(struct image *im, uint32_t w, uint32_t h, char *error);
void image_free(struct image *im);

/* Where a decoder delivers a picture, row by row, top to bottom, so the
 * next step can consume it as it comes instead of the whole picture
 * being held in memory first: `begin` once the header is read (0, or -1
 * with `error` filled to stop the decode), then `row` once per row of
 * w * 3 bytes, the same buffer each time. */
struct row_sink {
    int (*begin)(void *arg, uint32_t w, uint32_t h, char *error);
    void (*row)(void *arg, const unsigned char *rgb);
    void *arg;
};

/* FNV-1a over the pixel bytes: the per-file checksum of the output. */
uint64_t image_checksum(const struct image *im);

#endif
