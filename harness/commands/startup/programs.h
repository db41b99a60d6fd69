/* programs.h - the programs `gilbench startup` starts besides threads and
 * forks: this executable (spawned workers) and the static do-nothing
 * helper (posix_spawn, fork + exec), found beside it (programs.c). */
#ifndef GILBENCH_STARTUP_PROGRAMS_H
#define GILBENCH_STARTUP_PROGRAMS_H

#include <stddef.h>

/* This executable's path (/proc/self/exe) and the helper's: $GILBENCH_NOP,
 * or gilbench-nop in the same directory.  Returns 0, or -1 with errno. */
int launch_locate_programs(char *self, char *nop, size_t len);

#endif
