/* sample_set.h - a deterministic set of photo-like pictures, made once.
 *
 * `gilbench images` without a folder processes these, so every run on
 * every machine starts from the same pixels.  Each picture is a sky
 * gradient over rolling hills, a textured ground (value noise at two
 * scales) and fine per-pixel grain: what makes real photos cost what they
 * cost to compress and decode, unlike flat test patterns.  Integer
 * arithmetic only, so no libm difference can change a pixel. */
#ifndef GILBENCH_SAMPLE_SET_H
#define GILBENCH_SAMPLE_SET_H

#include <stddef.h>

#include "commands/images/image.h"

enum sample_size { SAMPLES_QUICK, SAMPLES_DEFAULT, SAMPLES_FULL };

/* "quick", "default", "full" -> enum; -1 when unknown. */
int sample_size_parse(const char *name);

/* Fills `im` (allocated) with sample picture `seed` of w x h.  0 or -1. */
int sample_render(struct image *im, uint32_t w, uint32_t h, uint32_t seed, char *error);

/* Makes sure the set exists under `cache_dir` (created if needed),
 * generating it the first time in a temporary folder renamed into place,
 * so a concurrent or interrupted run never sees half a set.  Writes the
 * set's folder to `dir`.  Returns 0, or -1 after printing the problem. */
int sample_set_ensure(const char *cache_dir, enum sample_size size, char *dir, size_t dir_len);

/* The default cache folder: $GILBENCH_CACHE, else $XDG_CACHE_HOME/gilbench,
 * else $HOME/.cache/gilbench. */
int sample_cache_dir(char *buf, size_t len);

#endif
