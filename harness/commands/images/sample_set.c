/* sample_set.c - see sample_set.h.
 *
 * Sizes: `default` is 12 pictures, 4000x3000 (12 MP) down to 640x480,
 * 35 MP in all, mostly JPEG with two PNG, one portrait, so that one
 * sequential pass takes a few tenths of a second on one core; `full` is three of each
 * (36 pictures); `quick` is 8 small ones (4 MP) for tests and QUICK runs.  The folder
 * name carries a version: change the pictures, bump it. */
#include "commands/images/sample_set.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands/images/codec_jpeg.h"
#include "commands/images/codec_png.h"
#include "lib/files/atomic_file.h"

#define SAMPLE_VERSION "v4"

struct sample {
    uint32_t w, h;
    enum image_format fmt;
};

static const struct sample quick_set[] = {
    {1024, 768, FORMAT_JPEG}, {800, 600, FORMAT_JPEG}, {640, 480, FORMAT_PNG},
    {1280, 720, FORMAT_JPEG}, {600, 800, FORMAT_JPEG}, {512, 512, FORMAT_PNG},
    {960, 640, FORMAT_JPEG},  {720, 480, FORMAT_JPEG},
};
/* In this order on purpose.  Each mode deals files its own way -- threads
 * take the next file when free, fork deals file i to worker i mod 2, pool
 * hands out chunks of two (Pool.map's default for 12 tasks on 2 workers)
 * -- and the files' costs are far from equal: the 12 MP JPEG takes about
 * 10 times the 640x480 one, and a PNG about 3.5 times a JPEG of its size
 * (zlib's inflate on the way in, deflate on the way out; measured one
 * file at a time on the development machine).  This order gives each of
 * the 2 workers within 4% of half the work under all three ways of
 * dealing, and stays so with PNG costing 0.6 to 1.5 times what it did
 * here or any file 10% more or less: a speedup short of 2 on 2 workers is
 * the mode's cost, not the deal's.  Sorted by size instead, fork's deal
 * alone would stop near 1.5x (lesson 09 shows uneven work on purpose). */
static const struct sample default_set[] = {
    {1600, 1200, FORMAT_JPEG}, {3264, 2448, FORMAT_JPEG}, {4000, 3000, FORMAT_JPEG},
    {1024, 768, FORMAT_JPEG},  {768, 1024, FORMAT_JPEG},  {2592, 1944, FORMAT_JPEG},
    {1920, 1080, FORMAT_PNG},  {800, 600, FORMAT_JPEG},   {640, 480, FORMAT_JPEG},
    {1024, 768, FORMAT_PNG},   {1280, 960, FORMAT_JPEG},  {1920, 1080, FORMAT_JPEG},
};

int sample_size_parse(const char *name)
{
    if (strcmp(name, "quick") == 0)
        return SAMPLES_QUICK;
    if (strcmp(name, "default") == 0)
        return SAMPLES_DEFAULT;
    if (strcmp(name, "full") == 0)
        return SAMPLES_FULL;
    return -1;
}

static uint32_t hash32(uint32_t x, uint32_t y, uint32_t seed)
{
    uint32_t h = x * 0x9E3779B1u ^ y * 0x85EBCA77u ^ seed * 0xC2B2AE3Du;
    h ^= h >> 15;
    h *= 0x2C1B3C6Du;
    h ^= h >> 12;
    h *= 0x297A2D39u;
    return h ^ (h >> 15);
}

/* Value noise in 0..255: a hashed lattice every `cell` pixels,
 * interpolated linearly in integers. */
static uint32_t value_noise(uint32_t x, uint32_t y, uint32_t cell, uint32_t seed)
{
    uint32_t gx = x / cell, gy = y / cell, fx = x % cell, fy = y % cell;
    uint32_t a = hash32(gx, gy, seed) & 255, b = hash32(gx + 1, gy, seed) & 255;
    uint32_t c = hash32(gx, gy + 1, seed) & 255, d = hash32(gx + 1, gy + 1, seed) & 255;
    uint32_t top = a * (cell - fx) + b * fx, bottom = c * (cell - fx) + d * fx;

    return (top * (cell - fy) + bottom * fy) / (cell * cell);
}

/* Triangle wave in 0..amp with period p: hills without sin(). */
static uint32_t tri(uint32_t x, uint32_t p, uint32_t amp)
{
    uint32_t t = x % p;
    return (t < p / 2 ? t : p - t) * 2 * amp / p;
}

int sample_render(struct image *im, uint32_t w, uint32_t h, uint32_t seed, char *error)
{
    if (image_alloc(im, w, h, error) != 0)
        return -1;
    for (uint32_t y = 0; y < h; y++) {
        unsigned char *p = im->px + (size_t)y * w * 3;
        for (uint32_t x = 0; x < w; x++, p += 3) {
            /* Coordinates on a 0..1023 scale, so every size shows the same scene. */
            uint32_t u = (uint32_t)((uint64_t)x * 1024 / w), v = (uint32_t)((uint64_t)y * 1024 / h);
            uint32_t horizon = 520 + tri(u + seed * 97, 400, 90) + tri(u * 3 + seed, 170, 35);
            uint32_t grain = hash32(x, y, seed) & 15;
            int r, g, b;
            if (v < horizon) {
                /* Sky: deep blue at the top to pale near the horizon, clouds. */
                uint32_t cloud = value_noise(x, y, 1 + w / 12, seed ^ 0x5bd1u);
                uint32_t c = cloud > 150 ? (cloud - 150) : 0;
                r = (int)(60 + v * 150 / 1024 + c);
                g = (int)(110 + v * 120 / 1024 + c);
                b = (int)(200 + v * 40 / 1024 + c / 2);
            } else {
                /* Ground: fields with texture at two scales, darker nearer. */
                uint32_t n1 = value_noise(x, y, 1 + w / 40, seed ^ 0x1234u);
                uint32_t n2 = value_noise(x, y, 4, seed ^ 0x9876u);
                r = (int)(50 + n1 / 3 + n2 / 6 + (1024 - v) / 20);
                g = (int)(90 + n1 / 2 + n2 / 5);
                b = (int)(30 + n1 / 6 + n2 / 8);
            }
            p[0] = (unsigned char)(r + (int)grain > 255 ? 255 : r + (int)grain);
            p[1] = (unsigned char)(g + (int)grain > 255 ? 255 : g + (int)grain);
            p[2] = (unsigned char)(b + (int)grain > 255 ? 255 : b + (int)grain);
        }
    }
    return 0;
}

int sample_cache_dir(char *buf, size_t len)
{
    const char *env = getenv("GILBENCH_CACHE"), *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    int n;

    if (env != NULL && *env != '\0')
        n = snprintf(buf, len, "%s", env);
    else if (xdg != NULL && *xdg == '/')
        n = snprintf(buf, len, "%s/gilbench", xdg);
    else if (home != NULL && *home != '\0')
        n = snprintf(buf, len, "%s/.cache/gilbench", home);
    else
        n = snprintf(buf, len, "/tmp/gilbench-cache-%ld", (long)getuid());
    return n > 0 && (size_t)n < len ? 0 : -1;
}

static int mkdir_parents(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        int rc = mkdir(path, 0777);
        *p = '/';
        if (rc != 0 && errno != EEXIST)
            return -1;
    }
    return mkdir(path, 0777) == 0 || errno == EEXIST ? 0 : -1;
}

static void sample_name(char *name, size_t len, unsigned idx, const struct sample *s)
{
    snprintf(name, len, "sample-%02u-%ux%u.%s", idx, s->w, s->h, s->fmt == FORMAT_JPEG ? "jpg" : "png");
}

/* Removes a generated set that lost the race to be renamed into place. */
static void remove_samples(const char *dir, const struct sample *set, size_t n, unsigned copies)
{
    for (unsigned c = 0; c < copies; c++)
        for (size_t i = 0; i < n; i++) {
            char name[64], path[4200];
            sample_name(name, sizeof name, (unsigned)(c * n + i), &set[i]);
            snprintf(path, sizeof path, "%s/%s", dir, name);
            if (unlink(path) != 0)
                perror("gilbench images: removing a duplicate sample");
        }
    if (rmdir(dir) != 0)
        perror("gilbench images: removing a duplicate sample folder");
}

static int write_sample(const char *dir, unsigned idx, const struct sample *s, char *error)
{
    struct atomic_file f;
    struct image im;
    char name[64];
    int rc;

    sample_name(name, sizeof name, idx, s);
    if (sample_render(&im, s->w, s->h, idx + 1, error) != 0)
        return -1;
    if (atomic_file_open_in(&f, dir, name) != 0) {
        snprintf(error, IMAGE_ERROR_LEN, "%s: %s", name, strerror(errno));
        image_free(&im);
        return -1;
    }
    /* Quality 90, like a camera's; zlib level 3 keeps making 2 MP PNGs quick. */
    rc = s->fmt == FORMAT_JPEG ? jpeg_write_rgb(f.fp, &im, 90, NULL, error)
                               : png_write_rgb(f.fp, &im, 3, NULL, error);
    image_free(&im);
    if (rc != 0) {
        atomic_file_abort(&f);
        return -1;
    }
    if (atomic_file_commit(&f) != 0) {
        snprintf(error, IMAGE_ERROR_LEN, "%s: %s", name, strerror(errno));
        return -1;
    }
    return 0;
}

int sample_set_ensure(const char *cache_dir, enum sample_size size, char *dir, size_t dir_len)
{
    static const char *const size_names[] = {"quick", "default", "full"};
    const struct sample *set = size == SAMPLES_QUICK ? quick_set : default_set;
    size_t n = size == SAMPLES_QUICK ? sizeof quick_set / sizeof quick_set[0]
                                     : sizeof default_set / sizeof default_set[0];
    unsigned copies = size == SAMPLES_FULL ? 3 : 1;
    char tmp[4096], error[IMAGE_ERROR_LEN], base[4096];
    struct stat st;

    snprintf(base, sizeof base, "%s", cache_dir);
    if (snprintf(dir, dir_len, "%s/images-%s-%s", cache_dir, SAMPLE_VERSION, size_names[size]) >= (int)dir_len ||
        snprintf(tmp, sizeof tmp, "%s/.images-%s-%s.tmp.%ld", cache_dir, SAMPLE_VERSION,
                 size_names[size], (long)getpid()) >= (int)sizeof tmp) {
        fprintf(stderr, "gilbench images: cache folder name too long: %s\n", cache_dir);
        return -1;
    }
    if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
        return 0;
    if (mkdir_parents(base) != 0 || (mkdir(tmp, 0777) != 0 && errno != EEXIST)) {
        fprintf(stderr, "gilbench images: cannot create the sample cache %s: %s\n", cache_dir,
                strerror(errno));
        return -1;
    }
    fprintf(stderr, "gilbench images: generating the %s sample set once, in %s\n", size_names[size], dir);
    for (unsigned c = 0; c < copies; c++)
        for (size_t i = 0; i < n; i++)
            if (write_sample(tmp, (unsigned)(c * n + i), &set[i], error) != 0) {
                fprintf(stderr, "gilbench images: generating samples: %s\n", error);
                return -1;
            }
    if (rename(tmp, dir) != 0) {
        /* Another run finished first: use its set, drop ours. */
        if ((errno == EEXIST || errno == ENOTEMPTY) && stat(dir, &st) == 0) {
            remove_samples(tmp, set, n, copies);
            return 0;
        }
        fprintf(stderr, "gilbench images: cannot move the samples into %s: %s\n", dir, strerror(errno));
        return -1;
    }
    return 0;
}
