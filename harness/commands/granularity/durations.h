/* durations.h - task durations on the command line: "30us", "2ms", "1s",
 * lists of them, and log ranges "1us..100ms" (1, 3, 10, 30, ... steps). */
#ifndef GILBENCH_DURATIONS_H
#define GILBENCH_DURATIONS_H

#include <stddef.h>
#include <stdint.h>

enum {
    DURATIONS_MAX = 64,
    DURATION_MIN_US = 1,
    DURATION_MAX_US = 1000000,
};

/* Parses a comma-separated list whose elements are durations or ranges
 * into whole microseconds, sorted ascending, duplicates dropped.  `arg` is
 * modified.  Returns the count, or -1 with the offending element in *bad. */
int durations_parse(char *arg, uint32_t *us, size_t max, const char **bad);

#endif
