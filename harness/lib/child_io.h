/* child_io.h - plumbing shared by everything that starts processes: whole
 * reads and writes on pipes, and waiting for a child with an honest
 * account of how it ended. */
#ifndef GILBENCH_CHILD_IO_H
#define GILBENCH_CHILD_IO_H

#include <stddef.h>
#include <sys/resource.h>
#include <sys/types.h>

/* Writes all `len` bytes (EINTR retried).  Returns 0, or -1 with errno. */
int write_all(int fd, const void *buf, size_t len);
/* Reads until `len` bytes, EOF or an error (EINTR retried).  Returns the
 * count read (less than len only at EOF), or -1 with errno. */
ssize_t read_full(int fd, void *buf, size_t len);
/* wait4() for `pid`, EINTR retried; `ru` may be NULL.  Returns 0, or -1
 * with errno. */
int child_wait(pid_t pid, int *status, struct rusage *ru);
/* Describes an abnormal end ("was killed by signal 11 (Segmentation
 * fault)", "exited with status 3") into buf; returns 0 for a clean exit 0
 * (buf untouched), -1 otherwise. */
int child_status_problem(int status, char *buf, size_t len);

#endif
