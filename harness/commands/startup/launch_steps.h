/* launch_steps.h - the steps the launchers of `gilbench startup` share
 * (launch.c, launch_workers.c): fork a child already pinned, reap it
 * requiring a clean exit, report ready with one byte and wait for the EOF
 * that says "end".
 *
 * The children do nothing but async-signal-safe calls (write, read,
 * _exit): after fork() in a process that has ever had threads that is
 * all POSIX allows, and it keeps the measurement free of stdio and
 * allocator work. */
#ifndef GILBENCH_LAUNCH_STEPS_H
#define GILBENCH_LAUNCH_STEPS_H

#include <stddef.h>
#include <sys/types.h>

#include "commands/startup/launch.h"

/* The byte a started unit writes to say it could take work. */
enum { READY_BYTE = 'R' };

/* Waits for one child and requires a clean exit 0.  Returns 0, or -1
 * with `error` filled ("WHAT (pid N) ..."). */
int launch_reap(pid_t pid, const char *what, char *error, size_t error_len);
/* fork(); in the child, pins it first (--pin; exits with
 * LAUNCH_EXIT_PIN_FAILED when that fails).  Returns the pid in the parent,
 * 0 in the child, -1 with `error` filled when fork fails. */
pid_t launch_fork_pinned(const struct launch_ctx *ctx, char *error, size_t error_len);
/* --pin in a child forked some other way: before anything else, or exit
 * saying so. */
void launch_pin_child(const struct launch_ctx *ctx);
/* Writes READY_BYTE to fd.  Returns 0, or -1 with errno set. */
int launch_report_ready(int fd);
/* Blocks until the other end of `fd` is closed. */
void launch_wait_for_eof(int fd);
/* close(), complaining on stderr when it fails. */
void launch_close_checked(int fd, const char *what);

#endif
