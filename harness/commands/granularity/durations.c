/* durations.c - see durations.h.
 *
 * A bare number is microseconds; the units are us, ms and s.  Values must
 * lie in 1 us .. 1 s and are rounded to whole microseconds.  A range
 * LO..HI gives LO, every 1x10^k and 3x10^k strictly between, and HI:
 * about two points per decade, evenly spaced on a log axis. */
#include "commands/granularity/durations.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/cli.h"
#include "registry.h"

/* One duration; returns 0, or -1 when malformed or out of range. */
static int parse_one(const char *s, uint32_t *us)
{
    static const struct { const char *name; double us; } units[] = {
        {"", 1.0}, {"us", 1.0}, {"ms", 1e3}, {"s", 1e6},
    };
    char number[32];
    size_t len = strspn(s, "0123456789.");
    double v;

    if (len == 0 || len >= sizeof number)
        return -1;
    memcpy(number, s, len);
    number[len] = '\0';
    if (parse_seconds(number, 0.0, 1e12, &v) != 0) /* the strict decimal parser */
        return -1;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        if (strcmp(s + len, units[i].name) != 0)
            continue;
        v *= units[i].us;
        if (v < DURATION_MIN_US || v > DURATION_MAX_US)
            return -1;
        *us = (uint32_t)round(v);
        return 0;
    }
    return -1;
}

static int add(uint32_t *us, size_t *n, size_t max, uint32_t v)
{
    if (*n == max)
        return -1;
    us[(*n)++] = v;
    return 0;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

int durations_parse(char *arg, uint32_t *us, size_t max, const char **bad)
{
    char *parts[DURATIONS_MAX];
    size_t n = 0, kept = 0;
    /* Every element gives at least one duration: more elements than `max`
     * could never fit. */
    int nparts = split_list(arg, parts, max < DURATIONS_MAX ? (int)max : DURATIONS_MAX);

    *bad = arg;
    if (nparts < 0)
        return -1;
    for (int i = 0; i < nparts; i++) {
        char *tok = parts[i], *dots = strstr(tok, "..");
        uint32_t lo, hi;

        *bad = tok;
        if (dots == NULL) {
            if (parse_one(tok, &lo) != 0 || add(us, &n, max, lo) != 0)
                return -1;
            continue;
        }
        *dots = '\0';
        int ok = parse_one(tok, &lo) == 0 && parse_one(dots + 2, &hi) == 0 && lo <= hi;
        *dots = '.'; /* the whole element again, for a message */
        if (!ok)
            return -1;
        if (add(us, &n, max, lo) != 0)
            return -1;
        for (uint32_t decade = 1; decade <= DURATION_MAX_US; decade *= 10) {
            for (uint32_t m = 1; m <= 3; m += 2) {
                uint32_t v = m * decade;
                if (v > lo && v < hi && add(us, &n, max, v) != 0)
                    return -1;
            }
        }
        if (add(us, &n, max, hi) != 0)
            return -1;
    }
    qsort(us, n, sizeof *us, cmp_u32);
    for (size_t i = 0; i < n; i++)
        if (kept == 0 || us[i] != us[kept - 1])
            us[kept++] = us[i];
    return (int)kept;
}
