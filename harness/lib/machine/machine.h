/* machine.h - facts about the machine a run was measured on: what it
 * claims (cores, CPU model) and what it really gave (a short probe). */
#ifndef GILBENCH_MACHINE_H
#define GILBENCH_MACHINE_H

#include <stdio.h>

struct machine {
    char host[256];
    char cpu_model[256];
    char os_kernel[256];
    long online_cores;
    double measured_cores;   /* from the probe; 0 when not probed */
    double probe_s;          /* how long each probe process spun */
    long allowed_cores;      /* how many CPUs sched_getaffinity allows; online_cores if unknown */
    char allowed_cpus[256];  /* sched_getaffinity at start, e.g. "0-1" */
    char pinning[512];       /* --pin: where each worker was pinned; "" when not pinned */
};

void machine_describe(struct machine *m);
/* Spins `online_cores` processes for `seconds` each and measures how many
 * cores they got between them: sum of their CPU time / wall time.  Shared
 * and virtual machines often give fewer than they advertise. */
int machine_probe_parallelism(struct machine *m, double seconds);
/* True when the probe found less than 90% of the cores. */
int machine_is_short_of_cores(const struct machine *m);
/* Writes the `meta` file of a run directory, atomically.  `options` is
 * the command line.  Returns 0, or -1 with errno. */
int machine_write_meta(const struct machine *m, const char *dir, const char *options);

#endif
