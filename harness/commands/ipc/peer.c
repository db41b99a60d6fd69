/* peer.c - see peer.h. */
#include "commands/ipc/peer.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/processes/child_io.h"
#include "lib/processes/signals.h"

int peer_start(struct peer *p, struct channel *ch, int (*fn)(struct channel *, void *), void *arg)
{
    pid_t parent = getpid();

    /* Buffered output would otherwise be printed twice, once per process. */
    if (fflush(stdout) != 0 || fflush(stderr) != 0)
        return -1;
    p->pid = fork();
    if (p->pid < 0)
        return -1;
    if (p->pid == 0) {
        signals_reset_in_child();
        /* An orphaned peer would wait on its channel until the timeout:
         * die with the parent instead, and catch a parent already gone. */
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
            _exit(1);
        channel_take_side(ch, CHANNEL_CHILD);
        int rc = fn(ch, arg);
        channel_close(ch);
        _exit(rc == 0 ? 0 : 1);
    }
    channel_take_side(ch, CHANNEL_PARENT);
    return 0;
}

int peer_finish(struct peer *p, double timeout_s, char *why, size_t len)
{
    int status, r = child_wait_within(p->pid, timeout_s, &status);

    if (r < 0) {
        snprintf(why, len, "waitpid: %s", strerror(errno));
        return -1;
    }
    if (r > 0) {
        peer_kill(p);
        snprintf(why, len, "did not finish within %.0f s and was killed", timeout_s);
        return -1;
    }
    p->pid = 0;
    return child_status_problem(status, why, len);
}

void peer_kill(struct peer *p)
{
    int status;

    if (p->pid <= 0)
        return;
    if (kill(p->pid, SIGKILL) != 0 && errno != ESRCH)
        fprintf(stderr, "gilbench: kill(%ld): %s\n", (long)p->pid, strerror(errno));
    if (child_wait(p->pid, &status, NULL) != 0)
        fprintf(stderr, "gilbench: waitpid(%ld): %s\n", (long)p->pid, strerror(errno));
    p->pid = 0;
}
