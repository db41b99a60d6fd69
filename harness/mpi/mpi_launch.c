/* mpi_launch.c - see mpi_launch.h.
 *
 * The mpirun command line, and why each part is there (Open MPI 4.1,
 * mpirun(1)):
 *   -np N               the largest rank count asked for; smaller counts
 *                       are measured on the first ranks (mpi_run.c).
 *   --allow-run-as-root only when we are root (containers, CI): mpirun
 *                       refuses root otherwise.  mpirun(1), "Running as
 *                       root": this flag, or both OMPI_ALLOW_RUN_AS_ROOT=1
 *                       and OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 (since 4.0.2,
 *                       open-mpi/ompi pull request 6911).
 *   --bind-to none      mpirun binds each rank to a core by default; the
 *                       other modes' threads and processes are not bound,
 *                       and on a shared machine a bound rank cannot move
 *                       off a core that someone else is using.
 *   --stdin none        mpirun would forward our standard input to rank 0.
 *   on this machine:    --oversubscribe (more ranks than cores is allowed:
 *                       a lesson on a 2-core laptop asks for 3),
 *                       --mca btl self,vader (ranks talk through shared
 *                       memory only) and --mca oob_tcp_if_include lo (the
 *                       run-time's own messages stay on the loopback), so
 *                       no network interface is needed: a container with
 *                       only `lo` runs it too.
 *   with a hostfile:    --hostfile F, and ssh told never to ask for a
 *                       password (BatchMode) and to give up on a host that
 *                       does not answer within 10 s, so a bad host fails
 *                       the run instead of hanging it.
 *   -x NAME             the fault-injection variables, when set, reach
 *                       ranks on other hosts too.
 * The ranks run this very program, by absolute path: with a hostfile that
 * path must exist on every host.
 *
 * Open MPI 4.1's mpirun can exit before it has reaped a rank it killed
 * (after a rank crashed, the others are killed and left as zombies for
 * init).  The launcher is therefore a child subreaper
 * (PR_SET_CHILD_SUBREAPER): ranks orphaned by mpirun become its children,
 * and after mpirun ends it kills any still running and reaps them all, so
 * a failed run leaves no process behind.
 */
#include "mpi/mpi_launch.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/processes/child_io.h"
#include "lib/processes/proc_stat.h"
#include "mpi/hostfile.h"

extern char **environ;

enum { MAX_MPIRUN_ARGS = 64 };

static const char INSTALL_HINT[] =
    "apt-get install --no-install-recommends openmpi-bin libopenmpi-dev";

struct arg_list {
    char *argv[MAX_MPIRUN_ARGS + CLI_MAX_LIST * 2 + 64];
    size_t n;
};

static void add(struct arg_list *a, const char *s)
{
    if (a->n + 1 < sizeof a->argv / sizeof a->argv[0])
        a->argv[a->n++] = (char *)s;
    a->argv[a->n] = NULL;
}

/* Waits for mpirun, passing on SIGINT/SIGTERM/SIGHUP as SIGTERM (mpirun
 * then ends every rank); a second signal sends SIGKILL.  The signals are
 * blocked and taken with sigwaitinfo, so there is no handler and no state
 * outside this function. */
static int wait_for_mpirun(pid_t pid, const sigset_t *waited, int *status, int *signalled)
{
    for (;;) {
        siginfo_t info;
        int sig = sigwaitinfo(waited, &info);
        pid_t done;

        if (sig < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (sig != SIGCHLD) {
            if (kill(pid, *signalled ? SIGKILL : SIGTERM) != 0 && errno != ESRCH)
                return -1;
            *signalled = sig;
            continue;
        }
        done = waitpid(pid, status, WNOHANG);
        if (done == pid)
            return 0;
        if (done < 0 && errno != EINTR)
            return -1;
    }
}

/* Our children other than mpirun: ranks it orphaned.  Kills the live
 * ones and reaps them all. */
static void reap_orphans(void)
{
    DIR *proc = opendir("/proc");
    struct dirent *d;
    pid_t me = getpid();
    int status;

    while (proc != NULL && (d = readdir(proc)) != NULL) {
        long pid = atol(d->d_name), ppid;
        char state;

        if (d->d_name[0] < '0' || d->d_name[0] > '9')
            continue;
        if (proc_stat_read(pid, &state, &ppid) != 0)
            continue; /* gone meanwhile */
        if (ppid == (long)me && state != 'Z' && kill((pid_t)pid, SIGKILL) != 0 && errno != ESRCH)
            perror("gilbench-mpi: kill");
    }
    if (proc != NULL)
        closedir(proc);
    while (waitpid(-1, &status, 0) > 0 || errno == EINTR)
        continue;
}

static int spawn_mpirun(const struct arg_list *a, pid_t *pid, const sigset_t *child_mask)
{
    posix_spawnattr_t attr;
    int err = posix_spawnattr_init(&attr);

    if (err != 0)
        return err;
    err = posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
    if (err == 0)
        err = posix_spawnattr_setsigmask(&attr, child_mask);
    if (err == 0)
        err = posix_spawnp(pid, a->argv[0], NULL, &attr, a->argv, environ);
    posix_spawnattr_destroy(&attr);
    return err;
}

int mpi_launch(const struct mpi_options *o, int argc, char **argv)
{
    static const char *const forwarded[] = {"GILBENCH_CRASH_TASK", "GILBENCH_HANG_TASK"};
    struct arg_list a = {.n = 0};
    char np[16], self[PATH_MAX], error[512], why[128];
    const char *mpirun = getenv("GILBENCH_MPIRUN");
    sigset_t waited, previous;
    int status = 0, signalled = 0, err;
    pid_t pid;

    if (o->hostfile != NULL && hostfile_check(o->hostfile, error, sizeof error) < 0)
        usage_error(o->name, "%s", error);
    if (realpath("/proc/self/exe", self) == NULL) {
        fprintf(stderr, "gilbench-mpi %s: cannot find this program's path: %s\n", o->name,
                strerror(errno));
        return EXIT_RUN_FAILED;
    }
    snprintf(np, sizeof np, "%u", mpi_options_max_ranks(o) ? mpi_options_max_ranks(o) : 2);

    add(&a, mpirun != NULL && *mpirun != '\0' ? mpirun : "mpirun");
    add(&a, "-np");
    add(&a, np);
    if (geteuid() == 0)
        add(&a, "--allow-run-as-root");
    add(&a, "--bind-to");
    add(&a, "none");
    add(&a, "--stdin");
    add(&a, "none");
    if (o->hostfile == NULL) {
        add(&a, "--oversubscribe");
        add(&a, "--mca");
        add(&a, "btl");
        add(&a, "self,vader");
        add(&a, "--mca");
        add(&a, "oob_tcp_if_include");
        add(&a, "lo");
    } else {
        add(&a, "--hostfile");
        add(&a, o->hostfile);
        add(&a, "--mca");
        add(&a, "plm_rsh_args");
        add(&a, "-o BatchMode=yes -o ConnectTimeout=10");
    }
    for (size_t i = 0; i < sizeof forwarded / sizeof forwarded[0]; i++) {
        if (getenv(forwarded[i]) != NULL) {
            add(&a, "-x");
            add(&a, forwarded[i]);
        }
    }
    add(&a, self);
    for (int i = 1; i < argc; i++)
        add(&a, argv[i]);

    sigemptyset(&waited);
    sigaddset(&waited, SIGCHLD);
    sigaddset(&waited, SIGINT);
    sigaddset(&waited, SIGTERM);
    sigaddset(&waited, SIGHUP);
    if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0)
        perror("gilbench-mpi: prctl(PR_SET_CHILD_SUBREAPER)");
    if (sigprocmask(SIG_BLOCK, &waited, &previous) != 0) {
        perror("gilbench-mpi: sigprocmask");
        return EXIT_RUN_FAILED;
    }
    err = spawn_mpirun(&a, &pid, &previous);
    if (err != 0) {
        fprintf(stderr, "gilbench-mpi %s: cannot run '%s': %s; Open MPI is installed with: %s\n",
                o->name, a.argv[0], strerror(err), INSTALL_HINT);
        return EXIT_RUN_FAILED;
    }
    if (wait_for_mpirun(pid, &waited, &status, &signalled) != 0) {
        fprintf(stderr, "gilbench-mpi %s: waiting for mpirun: %s\n", o->name, strerror(errno));
        if (kill(pid, SIGKILL) != 0 && errno != ESRCH)
            perror("gilbench-mpi: kill mpirun");
        reap_orphans();
        return EXIT_RUN_FAILED;
    }
    reap_orphans();
    if (sigprocmask(SIG_SETMASK, &previous, NULL) != 0)
        perror("gilbench-mpi: sigprocmask");
    if (signalled)
        return 128 + signalled;
    if (child_status_problem(status, why, sizeof why) == 0)
        return 0;
    if (WIFEXITED(status) && WEXITSTATUS(status) == EXIT_USAGE)
        return EXIT_USAGE; /* a rank said why, in one line */
    fprintf(stderr, "gilbench-mpi %s: the MPI job failed: mpirun %s (its report is above)\n",
            o->name, why);
    return EXIT_RUN_FAILED;
}
