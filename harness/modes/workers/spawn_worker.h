/* spawn_worker.h - the hidden `gilbench worker` subcommand that the
 * `spawn` mode starts (mode_spawn.c); implemented in
 * spawn_worker.c. */
#ifndef GILBENCH_SPAWN_WORKER_H
#define GILBENCH_SPAWN_WORKER_H

#include <stddef.h>

/* Where a spawned worker finds its pipes: tasks come in on fd 3, partials
 * go out on fd 4 (mode_spawn.c sets them up with posix_spawn's dup2). */
enum { WORKER_TASK_FD = 3, WORKER_RESULT_FD = 4 };

int spawn_worker_main(int argc, char **argv);

/* The program a spawned worker runs: $GILBENCH_WORKER_EXE (the unit tests,
 * which are not gilbench, point it at bin/gilbench), else /proc/self/exe.
 * Returns 0, or -1 with errno. */
int spawn_worker_exe(char *buf, size_t len);

#endif
