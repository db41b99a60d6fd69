/* spawn_worker.h - the hidden `gilbench worker` subcommand that the
 * `spawn` mode starts (mode_spawn.c). */
#ifndef GILBENCH_SPAWN_WORKER_H
#define GILBENCH_SPAWN_WORKER_H

int spawn_worker_main(int argc, char **argv);

#endif
