/* image.c - see image.h. */
#include "commands/images/image.h"

#include <stdio.h>
#include <stdlib.h>

int image_check_size(uint32_t w, uint32_t h, char *error)
{
    if (w == 0 || h == 0) {
        snprintf(error, IMAGE_ERROR_LEN, "zero-size image (%ux%u)", w, h);
        return -1;
    }
    if ((uint64_t)w * h > IMAGE_MAX_PIXELS) {
        snprintf(error, IMAGE_ERROR_LEN, "image of %ux%u is larger than %d pixels", w, h,
                 IMAGE_MAX_PIXELS);
        return -1;
    }
    return 0;
}

int image_alloc(struct image *im, uint32_t w, uint32_t h, char *error)
{
    im->px = NULL;
    im->w = w;
    im->h = h;
    if (image_check_size(w, h, error) != 0)
        return -1;
    im->px = malloc((size_t)w * h * 3);
    if (im->px == NULL) {
        snprintf(error, IMAGE_ERROR_LEN, "out of memory for %ux%u pixels", w, h);
        return -1;
    }
    return 0;
}

void image_free(struct image *im)
{
    free(im->px);
    im->px = NULL;
}

uint64_t image_checksum(const struct image *im)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    size_t n = (size_t)im->w * im->h * 3;

    for (size_t i = 0; i < n; i++) {
        h ^= im->px[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}
