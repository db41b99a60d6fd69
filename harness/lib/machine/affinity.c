/* affinity.c - CPU masks read, set and checked (see affinity.h). */
#include "lib/machine/affinity.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>

int affinity_allowed(int *cpus, int max)
{
    cpu_set_t set;
    int n = 0;

    if (sched_getaffinity(0, sizeof set, &set) != 0)
        return -1;
    for (int c = 0; c < CPU_SETSIZE && n < max; c++)
        if (CPU_ISSET(c, &set))
            cpus[n++] = c;
    if (n == 0) {
        errno = ESRCH;
        return -1;
    }
    return n;
}

int affinity_cpu_for(const int *cpus, int ncpus, unsigned worker)
{
    return cpus[worker % (unsigned)ncpus];
}

/* Exactly {cpu}? */
static int mask_is_only(const cpu_set_t *set, int cpu)
{
    return CPU_COUNT(set) == 1 && CPU_ISSET(cpu, set);
}

int affinity_pin_thread(pthread_t thread, int cpu)
{
    cpu_set_t set;
    int err;

    if (cpu < 0 || cpu >= CPU_SETSIZE)
        return EINVAL;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if ((err = pthread_setaffinity_np(thread, sizeof set, &set)) != 0)
        return err;
    if ((err = pthread_getaffinity_np(thread, sizeof set, &set)) != 0)
        return err;
    return mask_is_only(&set, cpu) ? 0 : EINVAL;
}

int affinity_pin_self(int cpu)
{
    cpu_set_t set;

    if (cpu < 0 || cpu >= CPU_SETSIZE)
        return EINVAL;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof set, &set) != 0 || sched_getaffinity(0, sizeof set, &set) != 0)
        return errno;
    return mask_is_only(&set, cpu) ? 0 : EINVAL;
}

int affinity_plan(unsigned workers, int *cpus, int *ncpus, char *desc, size_t len)
{
    size_t used = 0;

    *ncpus = affinity_allowed(cpus, AFFINITY_MAX_CPUS);
    if (*ncpus < 1)
        return -1;
    desc[0] = '\0';
    for (unsigned w = 0; w < workers && used < len; w++) {
        int n = snprintf(desc + used, len - used, "%sworker %u -> cpu %d", w ? ", " : "", w,
                         affinity_cpu_for(cpus, *ncpus, w));
        if (n < 0)
            break;
        used += (size_t)n;
    }
    if (used < len)
        snprintf(desc + used, len - used,
                 " (threads, gil, gil-legacy, fork, pool, openmp; each worker verified its mask)");
    return 0;
}

char *affinity_format(const int *cpus, int ncpus, char *buf, size_t len)
{
    size_t used = 0;

    buf[0] = '\0';
    for (int i = 0; i < ncpus && used < len;) {
        int j = i;
        while (j + 1 < ncpus && cpus[j + 1] == cpus[j] + 1)
            j++;
        int n = j > i ? snprintf(buf + used, len - used, "%s%d-%d", used ? "," : "", cpus[i], cpus[j])
                      : snprintf(buf + used, len - used, "%s%d", used ? "," : "", cpus[i]);
        if (n < 0)
            break;
        used += (size_t)n;
        i = j + 1;
    }
    return buf;
}
