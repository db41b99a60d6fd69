/* affinity.h - pinning workers to CPUs (--pin).
 *
 * A worker the scheduler may move lands now on one core, now on another;
 * on a virtual machine a wake-up across CPUs costs about 5 us or 40-50 us
 * depending on where the waker and the woken happen to be, and a run mixes
 * both.  Pinning worker i to the i-th CPU the process may use (in
 * sched_getaffinity order, wrapping round) takes that choice away, so two
 * runs see the same placement.  Plain sched_setaffinity: the workers only
 * need distinct CPUs, not a topology, so libhwloc is not needed. */
#ifndef GILBENCH_AFFINITY_H
#define GILBENCH_AFFINITY_H

#include <pthread.h>
#include <stddef.h>

enum { AFFINITY_MAX_CPUS = 1024 };

/* The CPUs this process may run on, ascending.  Returns the count (>= 1),
 * or -1 with errno. */
int affinity_allowed(int *cpus, int max);
/* The CPU worker `worker` is pinned to: the (worker mod count)-th allowed. */
int affinity_cpu_for(const int *cpus, int ncpus, unsigned worker);
/* Pins a thread (pthread_setaffinity_np) or the calling process's only
 * thread (sched_setaffinity, for a child after fork) to `cpu`, then reads
 * the mask back: a container's cpuset may refuse silently.  Returns 0, or
 * an errno value (EINVAL when the mask obtained is not {cpu}). */
int affinity_pin_thread(pthread_t thread, int cpu);
int affinity_pin_self(int cpu);
/* --pin for `workers` workers: the allowed CPUs into cpus/ncpus and, for
 * meta, "worker 0 -> cpu 0, worker 1 -> cpu 1 (...)" into `desc`.
 * Returns 0, or -1 with errno. */
int affinity_plan(unsigned workers, int *cpus, int *ncpus, char *desc, size_t len);
/* "0-3,6" for the CPUs given; returns buf. */
char *affinity_format(const int *cpus, int ncpus, char *buf, size_t len);

#endif
