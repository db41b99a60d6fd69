/* dir_list.c - see dir_list.h. */
#include "lib/files/dir_list.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void dir_list_free(char **names, long n)
{
    for (long i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

long dir_list(const char *dir, char ***names)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **v = NULL;
    long n = 0, cap = 0;
    int err = 0;
    /* "DIR/entry", without doubling a trailing slash. */
    const char *sep = dir[0] != '\0' && dir[strlen(dir) - 1] == '/' ? "" : "/";

    if (d == NULL)
        return -1;
    for (;;) {
        errno = 0;
        e = readdir(d);
        if (e == NULL) {
            err = errno;
            break;
        }
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            long ncap = cap ? 2 * cap : 64;
            char **nv = realloc(v, (size_t)ncap * sizeof *nv);
            if (nv == NULL) {
                err = ENOMEM;
                break;
            }
            v = nv;
            cap = ncap;
        }
        if (asprintf(&v[n], "%s%s%s", dir, sep, e->d_name) < 0) {
            err = ENOMEM;
            break;
        }
        n++;
    }
    if (closedir(d) != 0 && err == 0)
        err = errno;
    if (err != 0) {
        dir_list_free(v, n);
        errno = err;
        return -1;
    }
    if (n > 0)
        qsort(v, (size_t)n, sizeof *v, compare_names);
    *names = v;
    return n;
}
