/* dir_list.h - the entries of one directory, in a stable order.
 *
 * Workloads that take a folder (`images DIR`, `hash DIR`) process its
 * entries sorted by name (strcmp, byte order: the same on every machine
 * and locale), not recursively, and skip names starting with '.', as a
 * shell's glob of DIR does; that also hides the temporary files that
 * atomic writes leave behind after a crash. */
#ifndef GILBENCH_DIR_LIST_H
#define GILBENCH_DIR_LIST_H

#include <stddef.h>

/* Fills *names with malloc'd "DIR/entry" paths.  Returns the count, or -1
 * with errno set (the folder cannot be read). */
long dir_list(const char *dir, char ***names);
void dir_list_free(char **names, long n);

#endif
