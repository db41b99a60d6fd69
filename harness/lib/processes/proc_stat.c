/* proc_stat.c - a process's state and parent from /proc/PID/stat. */
#include "lib/processes/proc_stat.h"

#include <stdio.h>
#include <string.h>

int proc_stat_read(long pid, char *state, long *ppid)
{
    char path[64], line[512];
    const char *after_name;
    FILE *f;
    int rc = -1;

    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    f = fopen(path, "r");
    if (f == NULL)
        return -1;
    /* "pid (comm) state ppid ...": comm may itself hold spaces and
     * parentheses, so the fields after it start at the LAST ')'. */
    if (fgets(line, sizeof line, f) != NULL && (after_name = strrchr(line, ')')) != NULL &&
        sscanf(after_name + 1, " %c %ld", state, ppid) == 2)
        rc = 0;
    fclose(f);
    return rc;
}
