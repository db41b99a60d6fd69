/* proc_stat.h - a process's state and parent, read from /proc/PID/stat.
 *
 * Finding the children a crashed run may have left (gilbench-mpi's
 * clean-up, the pool tests' zombie checks) means asking the kernel who is
 * whose parent; /proc/PID/stat is where Linux says it (proc(5)). */
#ifndef GILBENCH_PROC_STAT_H
#define GILBENCH_PROC_STAT_H

/* Reads the state letter ('R', 'S', 'Z'...) and the parent's pid of
 * process `pid`.  Returns 0, or -1 when it cannot be read (most often:
 * the process has ended meanwhile). */
int proc_stat_read(long pid, char *state, long *ppid);

#endif
