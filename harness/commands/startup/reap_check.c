/* reap_check.c - see reap_check.h. */
#include "commands/startup/reap_check.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>

#include "pool/forkserver.h"

/* Our live children other than `keep`, from /proc/self/task/<tid>/children;
 * the first found in *other.  -1 if the kernel does not list children
 * (built without CONFIG_PROC_CHILDREN): then only zombies are caught. */
static int other_children(pid_t keep, pid_t *other)
{
    DIR *d = opendir("/proc/self/task");
    struct dirent *e;
    int n = 0, listed = 0;

    if (d == NULL)
        return -1;
    while ((e = readdir(d)) != NULL) {
        char path[300];
        long pid;
        FILE *f;

        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "/proc/self/task/%s/children", e->d_name);
        if ((f = fopen(path, "r")) == NULL)
            continue;
        listed = 1;
        while (fscanf(f, "%ld", &pid) == 1)
            if ((pid_t)pid != keep && n++ == 0)
                *other = (pid_t)pid;
        fclose(f);
    }
    closedir(d);
    return listed ? n : -1;
}

int reap_check_none_left(const struct launch_ctx *ctx, const char *after, char *error,
                         size_t error_len)
{
    int status;
    pid_t p;

    if (ctx->forkserver != NULL && ctx->forkserver->pid > 0) {
        siginfo_t info;
        pid_t other = 0;
        memset(&info, 0, sizeof info);
        /* A zombie, whoever it is, without reaping it (WNOWAIT). */
        if (waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid != 0) {
            snprintf(error, error_len, "%s left a child (pid %ld) unreaped: a zombie", after,
                     (long)info.si_pid);
            return -1;
        }
        if (other_children(ctx->forkserver->pid, &other) > 0) {
            snprintf(error, error_len, "%s left a child process (pid %ld) running", after,
                     (long)other);
            return -1;
        }
        return 0;
    }

    do
        p = waitpid(-1, &status, WNOHANG);
    while (p < 0 && errno == EINTR);
    if (p < 0 && errno == ECHILD)
        return 0;
    if (p == 0)
        snprintf(error, error_len, "%s left a child process running", after);
    else if (p > 0)
        snprintf(error, error_len, "%s left a child (pid %ld) unreaped: a zombie", after, (long)p);
    else
        snprintf(error, error_len, "waitpid(-1) after %s: %s", after, strerror(errno));
    return -1;
}
