/* hostfile.h - checking an Open MPI hostfile before mpirun reads it.
 *
 * mpirun reports a missing file or a host it cannot reach with a page of
 * advice after it has started daemons; checked here first, the same
 * mistakes cost one line naming the file, the line and the host. */
#ifndef GILBENCH_HOSTFILE_H
#define GILBENCH_HOSTFILE_H

#include <stddef.h>

/* Reads `path` (Open MPI's syntax: one host per line, optional
 * "slots=N", '#' starts a comment) and resolves every host name.
 * Returns the number of hosts, or -1 with one line in `error`. */
int hostfile_check(const char *path, char *error, size_t error_len);

#endif
