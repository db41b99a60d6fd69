/* results_fixture.c - rows and the temporary-file count shared by the
 * results tests (results_fixture.h). */
#include "results_fixture.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include "registry.h"

struct rep_row row_of(const char *kernel, const char *mode, uint32_t workers, double wall)
{
    struct rep_row r;

    memset(&r, 0, sizeof r);
    r.kernel = kernel_find(kernel);
    r.mode = mode_find(mode);
    r.workers = workers;
    r.items = 1000;
    r.tasks = 10;
    r.wall_s = wall;
    r.switch_interval_s = 0.005;
    snprintf(r.checksum, sizeof r.checksum, "168");
    return r;
}

int count_tmp_files(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;

    assert_non_null(d);
    while ((e = readdir(d)) != NULL)
        n += strstr(e->d_name, ".tmp.") != NULL;
    closedir(d);
    return n;
}
