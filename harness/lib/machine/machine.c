/* machine.c - see machine.h.
 *
 * The compiler, flags and commit are baked in at build time by the
 * Makefile (GILBENCH_CC, GILBENCH_CFLAGS, GILBENCH_COMMIT), so the meta
 * file describes the binary that produced the numbers. */
#include "lib/machine/affinity.h"
#include "lib/machine/machine.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lib/files/atomic_file.h"
#include "lib/measurement/clock.h"
#include "lib/processes/child_io.h"

#ifndef GILBENCH_CC
#define GILBENCH_CC "unknown"
#endif
#ifndef GILBENCH_CFLAGS
#define GILBENCH_CFLAGS "unknown"
#endif
#ifndef GILBENCH_COMMIT
#define GILBENCH_COMMIT "unknown"
#endif

static void read_cpu_model(char *buf, size_t len)
{
    FILE *fp = fopen("/proc/cpuinfo", "r");
    char line[512];

    snprintf(buf, len, "unknown");
    if (fp == NULL)
        return;
    while (fgets(line, sizeof line, fp) != NULL) {
        char *colon = strchr(line, ':');
        if (strncmp(line, "model name", 10) == 0 && colon != NULL) {
            colon++;
            while (*colon == ' ' || *colon == '\t')
                colon++;
            colon[strcspn(colon, "\n")] = '\0';
            snprintf(buf, len, "%s", colon);
            break;
        }
    }
    if (fclose(fp) != 0)
        perror("gilbench: /proc/cpuinfo");
}

void machine_describe(struct machine *m)
{
    struct utsname u;

    memset(m, 0, sizeof *m);
    if (gethostname(m->host, sizeof m->host) != 0)
        snprintf(m->host, sizeof m->host, "unknown");
    m->host[sizeof m->host - 1] = '\0';
    read_cpu_model(m->cpu_model, sizeof m->cpu_model);
    if (uname(&u) == 0)
        snprintf(m->os_kernel, sizeof m->os_kernel, "%s %s %s", u.sysname, u.release, u.machine);
    else
        snprintf(m->os_kernel, sizeof m->os_kernel, "unknown");
    m->online_cores = sysconf(_SC_NPROCESSORS_ONLN);
    if (m->online_cores < 1)
        m->online_cores = 1;
    int cpus[AFFINITY_MAX_CPUS];
    int n = affinity_allowed(cpus, AFFINITY_MAX_CPUS);
    m->allowed_cores = n > 0 ? n : m->online_cores;
    if (n > 0)
        affinity_format(cpus, n, m->allowed_cpus, sizeof m->allowed_cpus);
    else
        snprintf(m->allowed_cpus, sizeof m->allowed_cpus, "unknown");
}

static void __attribute__((noreturn)) spin_for(double seconds)
{
    double end = clock_now() + seconds;
    volatile unsigned long sink = 0;

    while (clock_now() < end)
        sink++;
    _exit(0);
}

int machine_probe_parallelism(struct machine *m, double seconds)
{
    pid_t pids[1024];
    long n = m->online_cores < 1024 ? m->online_cores : 1024;
    double cpu = 0.0, t0, wall;
    long started = 0;
    int rc = 0;

    if (fflush(NULL) != 0)
        perror("gilbench: fflush");
    t0 = clock_now();
    for (long i = 0; i < n; i++) {
        pid_t p = fork();
        if (p < 0) {
            rc = -1;
            break;
        }
        if (p == 0)
            spin_for(seconds);
        pids[started++] = p;
    }
    for (long i = 0; i < started; i++) {
        struct rusage ru;
        int status;

        if (child_wait(pids[i], &status, &ru) != 0) {
            rc = -1;
            continue;
        }
        cpu += (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 +
               (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
    }
    wall = clock_now() - t0;
    m->probe_s = seconds;
    m->measured_cores = (rc == 0 && wall > 0) ? cpu / wall : 0.0;
    return rc;
}

int machine_is_short_of_cores(const struct machine *m)
{
    return m->measured_cores > 0 && m->measured_cores < 0.9 * (double)m->online_cores;
}

int machine_write_meta(const struct machine *m, const char *dir, const char *options)
{
    struct atomic_file f;
    char date[64];
    time_t now = time(NULL);
    struct tm tm;

    if (gmtime_r(&now, &tm) == NULL || strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(date, sizeof date, "unknown");
    if (atomic_file_open_in(&f, dir, "meta") != 0)
        return -1;
    fprintf(f.fp,
            "date: %s\nhost: %s\ncpu_model: %s\nonline_cores: %ld\nos_kernel: %s\n"
            "compiler: %s\ncflags: %s\ncommit: %s\noptions: %s\n",
            date, m->host, m->cpu_model, m->online_cores, m->os_kernel, GILBENCH_CC,
            GILBENCH_CFLAGS, GILBENCH_COMMIT, options);
    if (m->measured_cores > 0)
        fprintf(f.fp, "measured_cores: %.2f\nprobe: %ld processes spinning %.2f s each\n",
                m->measured_cores, m->online_cores, m->probe_s);
    else
        fprintf(f.fp, "measured_cores: not measured\n");
    fprintf(f.fp, "allowed_cpus: %s\npin: %s\n", m->allowed_cpus,
            m->pinning[0] ? m->pinning : "off");
    return atomic_file_commit(&f);
}
