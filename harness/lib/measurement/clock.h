/* clock.h - the one clock every measurement uses: CLOCK_MONOTONIC, which
 * never jumps with NTP or date changes. */
#ifndef GILBENCH_CLOCK_H
#define GILBENCH_CLOCK_H

#include <time.h>

static inline double clock_now(void)
{
    struct timespec ts;
    /* Cannot fail for CLOCK_MONOTONIC on Linux; checked anyway. */
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        return 0.0;
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Absolute CLOCK_MONOTONIC deadline `seconds` from now, for timed waits. */
static inline struct timespec clock_deadline(double seconds)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) {
        ts.tv_sec = 0;
        ts.tv_nsec = 0;
    }
    long long ns = (long long)ts.tv_nsec + (long long)(seconds * 1e9);
    ts.tv_sec += (time_t)(ns / 1000000000LL);
    ts.tv_nsec = (long)(ns % 1000000000LL);
    return ts;
}

#endif
