/* reap_check.h - after each start-up `gilbench startup` times, that the
 * launcher left no child behind: no zombie, no live process (beside the
 * forkserver, which lives for the whole command). */
#ifndef GILBENCH_REAP_CHECK_H
#define GILBENCH_REAP_CHECK_H

#include <stddef.h>

#include "commands/startup/launch.h"

/* After a launcher has run: 0 when waitpid(-1, WNOHANG) finds no child at
 * all (ECHILD), else -1 with a zombie or a live child named in `error`.
 * The forkserver of `ctx`, which lives for the whole command, is not
 * counted; its own children (the workers) are checked by it being idle:
 * a zombie or a live worker beside it is still an error. */
int reap_check_none_left(const struct launch_ctx *ctx, const char *after, char *error,
                         size_t error_len);

#endif
