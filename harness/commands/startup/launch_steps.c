/* launch_steps.c - see launch_steps.h. */
#include "commands/startup/launch_steps.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lib/machine/affinity.h"
#include "lib/processes/child_io.h"

int launch_reap(pid_t pid, const char *what, char *error, size_t error_len)
{
    char problem[128];
    int status;

    if (child_wait(pid, &status, NULL) != 0) {
        snprintf(error, error_len, "waitpid for %s (pid %ld): %s", what, (long)pid, strerror(errno));
        return -1;
    }
    if (child_status_problem(status, problem, sizeof problem) != 0) {
        snprintf(error, error_len, "%s (pid %ld) %s", what, (long)pid, problem);
        return -1;
    }
    return 0;
}

void launch_pin_child(const struct launch_ctx *ctx)
{
    if (ctx->unit_cpu >= 0 && affinity_pin_self(ctx->unit_cpu) != 0)
        _exit(LAUNCH_EXIT_PIN_FAILED);
}

pid_t launch_fork_pinned(const struct launch_ctx *ctx, char *error, size_t error_len)
{
    pid_t pid = fork();

    if (pid < 0)
        snprintf(error, error_len, "fork: %s", strerror(errno));
    else if (pid == 0)
        launch_pin_child(ctx);
    return pid;
}

int launch_report_ready(int fd)
{
    const char ready = READY_BYTE;
    ssize_t n;

    do
        n = write(fd, &ready, 1);
    while (n < 0 && errno == EINTR);
    return n == 1 ? 0 : -1;
}

void launch_wait_for_eof(int fd)
{
    char buf[64];
    ssize_t n;

    do
        n = read(fd, buf, sizeof buf);
    while (n > 0 || (n < 0 && errno == EINTR));
}

void launch_close_checked(int fd, const char *what)
{
    if (close(fd) != 0)
        fprintf(stderr, "gilbench startup: close of %s: %s\n", what, strerror(errno));
}
