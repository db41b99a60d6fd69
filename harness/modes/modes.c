/* modes.c - the table of execution modes.  One line per mode. */
#include <string.h>

#include "modes/modes.h"

extern const struct mode mode_seq, mode_gil, mode_gil_legacy, mode_threads, mode_fork, mode_pool,
    mode_spawn, mode_openmp_static, mode_openmp_dynamic, mode_eventloop;

const struct mode *const mode_table[] = {
    &mode_seq,
    &mode_gil,
    &mode_gil_legacy,
    &mode_threads,
    &mode_fork,
    &mode_pool,
    &mode_spawn,
    &mode_openmp_static,
    &mode_openmp_dynamic,
    &mode_eventloop,
};
const size_t mode_count = sizeof mode_table / sizeof mode_table[0];

const struct mode *mode_find(const char *name)
{
    for (size_t i = 0; i < mode_count; i++)
        if (strcmp(mode_table[i]->name, name) == 0)
            return mode_table[i];
    return NULL;
}
