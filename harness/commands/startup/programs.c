/* programs.c - see programs.h.  The helper is looked up next to the
 * executable rather than on PATH, so a measurement never times some other
 * program of the same name. */
#include "commands/startup/programs.h"

#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>

#include "lib/processes/child_io.h"

int launch_locate_programs(char *self, char *nop, size_t len)
{
    const char *env = getenv("GILBENCH_NOP");
    char dir[4096];
    int n;

    if (self_exe_path(self, len) != 0)
        return -1;
    snprintf(dir, sizeof dir, "%s", self);
    if (env != NULL && *env != '\0')
        n = snprintf(nop, len, "%s", env);
    else
        n = snprintf(nop, len, "%s/gilbench-nop", dirname(dir));
    if (n < 0 || (size_t)n >= len) {
        errno = ENAMETOOLONG;
        return -1;
    }
    return 0;
}
