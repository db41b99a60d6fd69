/* crew.h - N workers, processes or threads, started together and timed
 * from the first start to the last finish.
 *
 * Every worker runs setup() (connect, map: not timed), says it is ready,
 * and waits at a start line (a pipe it reads until the parent closes the
 * other end, which releases all at once); then it runs work() and records
 * its own start (once every worker is past the start line, or after
 * 0.1 s) and end on CLOCK_MONOTONIC, which is the same clock in
 * every process.  The wall time is the last end minus the first start, so
 * fork, exit and reaping are not in it. */
#ifndef GILBENCH_SHARED_CREW_H
#define GILBENCH_SHARED_CREW_H

#include <stddef.h>

enum { CREW_MAX_WORKERS = 16 };

enum crew_kind { CREW_PROCESSES, CREW_THREADS };

struct crew_job {
    enum crew_kind kind;
    unsigned workers;
    /* Each returns 0, or -1 to fail the run; setup may be NULL. */
    int (*setup)(unsigned idx, void *arg);
    int (*work)(unsigned idx, void *arg);
    /* Run by the parent once the workers are released, before it waits
     * for them (reading what they send back); may be NULL. */
    int (*collect)(void *arg);
    void *arg;
    double timeout_s;   /* processes that take longer are killed */
};

/* Returns 0 with *wall_s set, or -1 with a one-line reason in `why`.
 * Every process started is reaped, whatever happens. */
int crew_run(const struct crew_job *job, double *wall_s, char *why, size_t len);

#endif
