/* gil_legacy.h - the GIL of CPython 2 (gil_legacy.c): the holder releases
 * and re-takes it every `check_interval` checks; nobody forces a switch. */
#ifndef GILBENCH_GIL_LEGACY_H
#define GILBENCH_GIL_LEGACY_H

#include <semaphore.h>

#include "gil/gil.h"

struct gil_legacy {
    sem_t lock;                     /* 1 free, 0 held: PyThread's lock on Linux */
    const struct gil_thread *last_holder; /* only the holder touches it: hand-overs */
    unsigned check_interval;        /* sys.setcheckinterval(), default 100 */
    double ticker;                  /* ticks left; only the holder touches it */
};
extern const struct gil_ops gil_legacy_ops;
int gil_legacy_init(struct gil_legacy *g, unsigned check_interval);
void gil_legacy_destroy(struct gil_legacy *g);

#endif
