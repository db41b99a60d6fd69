/* steps.h - a subcommand that measures one configuration (a step) after
 * another and writes each experiment's rows to a CSV file of its own
 * (`gilbench ipc`, `gilbench shared`): the progress line names each step, a
 * watchdog bounds it, the first failure or signal stops the run, and the
 * rows measured by then are still written, whole (lib/files/atomic_file.h),
 * so an interrupted or failed run keeps every experiment finished before. */
#ifndef GILBENCH_STEPS_H
#define GILBENCH_STEPS_H

#include <stddef.h>
#include <stdio.h>

#include "lib/measurement/progress.h"

struct steps {
    const char *command;      /* "ipc": every message begins "gilbench ipc: " */
    double timeout_s;         /* the steps' own timeouts; the watchdog allows 3x + 30 s */
    const char *dir;          /* the run directory, where the CSV files go */
    struct progress progress;
    int failed;               /* a step or a file failed: exit status 1 */
};

/* Before step `what`: names it on the progress line and arms the watchdog,
 * the backstop that ends the process (exit 1, naming the step) when it is
 * stuck where none of its own timeouts reaches, such as a peer alive but
 * blocked in a read. */
void steps_begin(struct steps *s, const char *what);

/* After a step that returned rc (0: its row is good; otherwise `why` says
 * what failed): disarms the watchdog and reports a failure (an interrupt is
 * reported once, by the caller).  Returns 1 when the run must stop here. */
int steps_end(struct steps *s, int rc, const char *why);

/* 1 once a step or a file has failed or a signal has come: no further
 * experiment starts. */
int steps_stopped(const struct steps *s);

/* Writes header() and then row() of each of the n rows (each `size` bytes,
 * from `rows`) to the file `name` in the run directory, atomically.
 * Returns 0, or -1 after one line on stderr. */
int steps_write_csv(const struct steps *s, const char *name, void (*header)(FILE *),
                    void (*row)(FILE *, const void *), const void *rows, size_t size, size_t n);

#endif
