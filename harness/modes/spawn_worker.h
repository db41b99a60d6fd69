/* spawn_worker.h - the hidden `gilbench worker` subcommand that the
 * `spawn` mode starts (mode_spawn.c); implemented in
 * spawn_worker.c. */
#ifndef GILBENCH_SPAWN_WORKER_H
#define GILBENCH_SPAWN_WORKER_H

/* Where a spawned worker finds its pipes: tasks come in on fd 3, partials
 * go out on fd 4 (mode_spawn.c sets them up with posix_spawn's dup2). */
enum { WORKER_TASK_FD = 3, WORKER_RESULT_FD = 4 };

int spawn_worker_main(int argc, char **argv);

#endif
