/* proc_crew.h - worker processes: how `fork`, `pool` and `spawn` start
 * them, hand them tasks, collect their partials and reap them.
 *
 * The three modes differ in two choices only:
 *   - how a worker starts: fork() (it inherits the parent's memory, the
 *     kernel's input included) or posix_spawn() of a fresh `gilbench
 *     worker` process (it builds its input again, as the spawn start
 *     method re-imports the main module);
 *   - how tasks are dealt: fixed in advance (worker w runs tasks w, w+W,
 *     ..., as with multiprocessing.Process and a manual split), or in
 *     chunks on demand over a pipe (Pool.map with a chunksize).
 */
#ifndef GILBENCH_PROC_CREW_H
#define GILBENCH_PROC_CREW_H

#include <sys/types.h>

#include "modes/modes.h"

/* Starts worker `w`.  `task_fd` (read end; -1 for fixed dealing) and
 * `result_fd` (write end) must become the worker's; the caller closes its
 * copies.  Returns 0 with *pid set, or -1 with `error` filled. */
typedef int (*proc_start_fn)(const struct run_plan *plan, unsigned w, int task_fd, int result_fd,
                             pid_t *pid, char *error, size_t error_len);

/* fork(): the child inherits everything, the kernel's input included. */
int proc_start_fork(const struct run_plan *plan, unsigned w, int task_fd, int result_fd, pid_t *pid,
                    char *error, size_t error_len);

struct proc_crew_spec {
    proc_start_fn start;
    int on_demand;          /* 0: fixed round-robin dealing; 1: chunks over a pipe */
    uint32_t chunksize;     /* tasks per chunk when on demand; 0: Pool.map's default */
};

int proc_crew_run(const struct run_plan *plan, const struct proc_crew_spec *spec,
                  struct rep_result *result);

/* The worker's side, after it started: runs its tasks (fixed dealing when
 * task_fd < 0, else chunks until EOF on task_fd), sends one record per
 * task on result_fd.  Returns the exit status for the worker. */
int proc_worker_serve(const struct run_plan *plan, unsigned w, int task_fd, int result_fd);

/* The exit status of a worker that could not be pinned to its CPU (--pin). */
enum { PROC_EXIT_PIN_FAILED = 6 };

/* Pool.map's default chunksize: ceil(tasks / (4 * workers)). */
uint32_t proc_default_chunksize(uint32_t tasks, uint32_t workers);

#endif
