/* launch_workers.h - the launchers of `gilbench startup` that start a
 * worker, not a bare thread or process: a spawned gilbench worker until it
 * reports ready, a pool of forked workers, a worker from the forkserver
 * (launch.h's table names them). */
#ifndef GILBENCH_LAUNCH_WORKERS_H
#define GILBENCH_LAUNCH_WORKERS_H

#include <stddef.h>

#include "commands/startup/launch.h"

int launch_spawn_worker(const struct launch_ctx *ctx, char *error, size_t error_len);
int launch_pool(const struct launch_ctx *ctx, char *error, size_t error_len);
int launch_forkserver(const struct launch_ctx *ctx, char *error, size_t error_len);

/* The hidden subcommand `gilbench startup-worker FD` that the
 * spawn_worker launcher starts: reports ready on FD, then waits for EOF
 * there, as a `spawn` worker waits for its first task.  Returns the exit
 * status. */
int launch_worker_main(int argc, char **argv);

#endif
