/* mode_spawn.c - a pool of freshly started worker processes, like
 * multiprocessing with the `spawn` start method (the default on macOS and
 * Windows).
 *
 * Each worker is a new program: posix_spawn() of this same executable as
 * `gilbench worker ...`.  It inherits no memory, so before its first task
 * it must build the kernel's input again, as a spawned Python worker
 * re-imports the main module; the parameters come on its command line, the
 * tasks and results over two pipes (fds 3 and 4).  Dealing, collecting and
 * reaping are those of `pool` (proc_crew.c).
 *
 * The worker program is /proc/self/exe, or $GILBENCH_WORKER_EXE (the unit
 * tests, which are not gilbench, point it at bin/gilbench).
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/processes/child_io.h"
#include "modes/modes.h"
#include "modes/workers/proc_crew.h"
#include "modes/workers/spawn_worker.h"
#include "modes/workers/tasks.h"

extern char **environ;

enum { SPARE_FD_A = 100, SPARE_FD_B = 101 };

static int proc_start_spawn(const struct run_plan *plan, unsigned w, int task_fd, int result_fd,
                            pid_t *pid, char *error, size_t error_len)
{
    posix_spawn_file_actions_t fa;
    char exe[PATH_MAX], items[32], tasks[32], workers[32], index[32];
    char *argv[] = {exe, "worker", "--kernel", (char *)plan->kernel->name, "--items", items,
                    "--tasks", tasks, "--workers", workers, "--index", index, NULL};
    int err;

    if (spawn_worker_exe(exe, sizeof exe) != 0) {
        snprintf(error, error_len, "cannot find the gilbench executable: %s", strerror(errno));
        return -1;
    }
    snprintf(items, sizeof items, "%" PRIu64, plan->items);
    snprintf(tasks, sizeof tasks, "%u", plan->tasks);
    snprintf(workers, sizeof workers, "%u", plan->workers);
    snprintf(index, sizeof index, "%u", w);
    if ((err = posix_spawn_file_actions_init(&fa)) != 0) {
        snprintf(error, error_len, "posix_spawn_file_actions_init: %s", strerror(err));
        return -1;
    }
    /* Via two spare numbers, so neither pipe end is overwritten before it
     * is moved; dup2 also clears close-on-exec on the copies. */
    if ((err = posix_spawn_file_actions_adddup2(&fa, task_fd, SPARE_FD_A)) != 0 ||
        (err = posix_spawn_file_actions_adddup2(&fa, result_fd, SPARE_FD_B)) != 0 ||
        (err = posix_spawn_file_actions_adddup2(&fa, SPARE_FD_A, WORKER_TASK_FD)) != 0 ||
        (err = posix_spawn_file_actions_adddup2(&fa, SPARE_FD_B, WORKER_RESULT_FD)) != 0 ||
        (err = posix_spawn_file_actions_addclose(&fa, SPARE_FD_A)) != 0 ||
        (err = posix_spawn_file_actions_addclose(&fa, SPARE_FD_B)) != 0 ||
        (err = posix_spawn(pid, exe, &fa, NULL, argv, environ)) != 0) {
        snprintf(error, error_len, "posix_spawn of worker %u (%s): %s", w, exe, strerror(err));
        posix_spawn_file_actions_destroy(&fa);
        return -1;
    }
    posix_spawn_file_actions_destroy(&fa);
    return 0;
}

static int mode_spawn_run(const struct run_plan *plan, struct rep_result *result)
{
    const struct proc_crew_spec spec = {
        .start = proc_start_spawn, .on_demand = 1, .chunksize = plan->chunksize};

    return proc_crew_run(plan, &spec, result);
}

const struct mode mode_spawn = {
    .name = "spawn",
    .summary = "a pool of new worker processes (posix_spawn + exec), like the spawn start method",
    .run = mode_spawn_run,
};
