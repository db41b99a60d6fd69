/* spawn_worker.c - `gilbench worker`, the program a `spawn` mode worker
 * runs: it rebuilds the kernel's input from its command line, then serves
 * tasks over fds 3 and 4 like any pool worker (proc_crew.c). */
#include "modes/workers/spawn_worker.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>
#include <stdio.h>
#include <string.h>

#include "lib/cli.h"
#include "lib/processes/child_io.h"
#include "modes/workers/proc_crew.h"
#include "modes/workers/tasks.h"
#include "registry.h"

/* `gilbench worker`: the spawned side.  Not for people: a wrong argument
 * means a bug in proc_start_spawn, so it exits 2 with a short message. */
int spawn_worker_main(int argc, char **argv)
{
    struct run_plan plan = {.timeout_s = 0};
    uint64_t items = 0, tasks = 0, workers = 0, index = 0;
    const char *kernel = NULL;
    int rc;

    for (int i = 1; i + 1 < argc; i += 2) {
        const char *opt = argv[i], *val = argv[i + 1];
        int bad = 0;
        if (strcmp(opt, "--kernel") == 0)
            kernel = val;
        else if (strcmp(opt, "--items") == 0)
            bad = parse_u64(val, 1, UINT64_MAX >> 1, &items);
        else if (strcmp(opt, "--tasks") == 0)
            bad = parse_u64(val, 1, UINT32_MAX, &tasks);
        else if (strcmp(opt, "--workers") == 0)
            bad = parse_u64(val, 1, KERNEL_MAX_WORKERS, &workers);
        else if (strcmp(opt, "--index") == 0)
            bad = parse_u64(val, 0, KERNEL_MAX_WORKERS - 1, &index);
        else
            bad = -1;
        if (bad != 0)
            usage_error("worker", "bad argument '%s %s'", opt, val);
    }
    plan.kernel = kernel != NULL ? kernel_find(kernel) : NULL;
    if (plan.kernel == NULL || items == 0 || tasks == 0 || workers == 0 || tasks > items)
        usage_error("worker", "needs --kernel --items --tasks --workers --index");
    plan.items = items;
    plan.tasks = (uint32_t)tasks;
    plan.workers = (uint32_t)workers;
    fault_injection_init();
    /* What a spawned Python worker pays too: building its input again. */
    if (plan.kernel->setup != NULL && plan.kernel->setup(plan.items, &plan.state) != 0) {
        fprintf(stderr, "gilbench worker: cannot prepare kernel %s: %s\n", kernel, strerror(errno));
        return WORKER_EXIT_SETUP;
    }
    rc = proc_worker_serve(&plan, (unsigned)index, WORKER_TASK_FD, WORKER_RESULT_FD);
    if (plan.kernel->teardown != NULL)
        plan.kernel->teardown(plan.state);
    return rc;
}

int spawn_worker_exe(char *buf, size_t len)
{
    const char *env = getenv("GILBENCH_WORKER_EXE");

    if (env != NULL && env[0] != '\0') {
        if ((size_t)snprintf(buf, len, "%s", env) >= len) {
            errno = ENAMETOOLONG;
            return -1;
        }
        return 0;
    }
    return self_exe_path(buf, len);
}
