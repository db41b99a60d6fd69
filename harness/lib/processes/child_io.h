/* child_io.h - plumbing shared by everything that starts processes: whole
 * reads and writes on pipes, and waiting for a child with an honest
 * account of how it ended. */
#ifndef GILBENCH_CHILD_IO_H
#define GILBENCH_CHILD_IO_H

#include <stddef.h>
#include <sys/resource.h>
#include <sys/types.h>

/* How a worker process of ours ends when it cannot do its job: the one
 * list both sides use, the workers (proc_crew.c, spawn_worker.c, the
 * startup launchers) to exit and child_status_problem() to name the
 * status in the parent's message.  1 and 2 stay the subcommands' own
 * (EXIT_RUN_FAILED, EXIT_USAGE); 127 is "could not start" (exec failed). */
enum worker_exit {
    WORKER_EXIT_OK = 0,
    WORKER_EXIT_WRITE = 3,  /* could not write to the parent: a result, the ready byte */
    WORKER_EXIT_READ = 4,   /* could not read its work, or the parent sent a bad message */
    WORKER_EXIT_SETUP = 5,  /* could not set itself up: close inherited fds, build its input */
    WORKER_EXIT_EXEC = 127, /* the program could not be started (the shells' convention) */
};

/* Writes all `len` bytes (EINTR retried).  Returns 0, or -1 with errno. */
int write_all(int fd, const void *buf, size_t len);
/* Reads until `len` bytes, EOF or an error (EINTR retried).  Returns the
 * count read (less than len only at EOF), or -1 with errno. */
ssize_t read_full(int fd, void *buf, size_t len);
/* wait4() for `pid`, EINTR retried; `ru` may be NULL.  Returns 0, or -1
 * with errno. */
int child_wait(pid_t pid, int *status, struct rusage *ru);
/* waitpid() for `pid`, polled every millisecond (EINTR retried) until it
 * ends or `timeout_s` has passed.  Returns 0 with *status set when it
 * ended, 1 when it still runs at the deadline (left running: the caller
 * kills it, and says why), -1 with errno. */
int child_wait_within(pid_t pid, double timeout_s, int *status);
/* Describes an abnormal end ("was killed by signal 11 (Segmentation
 * fault)", "exited with status 3 (could not write to the parent)") into buf; returns 0 for a clean exit 0
 * (buf untouched), -1 otherwise. */
int child_status_problem(int status, char *buf, size_t len);

/* This executable's path, from /proc/self/exe, for starting it again as a
 * worker.  Returns 0, or -1 with errno; ENAMETOOLONG when the path does
 * not fit in `len` bytes (readlink() itself would silently cut it). */
int self_exe_path(char *buf, size_t len);

#endif
