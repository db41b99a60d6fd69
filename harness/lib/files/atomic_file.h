/* atomic_file.h - files that appear whole or not at all.
 * Written under a temporary name in the same directory, flushed to disk,
 * then renamed over the final name: an interrupted or crashed run never
 * leaves a torn CSV, and the previous version stays readable until then. */
#ifndef GILBENCH_ATOMIC_FILE_H
#define GILBENCH_ATOMIC_FILE_H

#include <stdio.h>

struct atomic_file {
    FILE *fp;
    char path[4096];
    char tmp[4096];
};

/* Returns 0, or -1 with errno set. */
int atomic_file_open(struct atomic_file *f, const char *path);
/* The same for the file `name` in directory `dir`, as every result file is. */
int atomic_file_open_in(struct atomic_file *f, const char *dir, const char *name);
/* Checks every write that went before; returns 0, or -1 (errno set) after
 * removing the temporary file. */
int atomic_file_commit(struct atomic_file *f);
void atomic_file_abort(struct atomic_file *f);

#endif
