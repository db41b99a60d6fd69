/* atomic_file.c - see atomic_file.h. */
#include "lib/files/atomic_file.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int atomic_file_open(struct atomic_file *f, const char *path)
{
    const char *slash = strrchr(path, '/');
    int n;

    if (slash == NULL)
        n = snprintf(f->tmp, sizeof f->tmp, ".%s.tmp.%ld", path, (long)getpid());
    else
        n = snprintf(f->tmp, sizeof f->tmp, "%.*s/.%s.tmp.%ld", (int)(slash - path), path,
                     slash + 1, (long)getpid());
    if (n < 0 || (size_t)n >= sizeof f->tmp || strlen(path) >= sizeof f->path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    snprintf(f->path, sizeof f->path, "%s", path);
    f->fp = fopen(f->tmp, "w");
    return f->fp != NULL ? 0 : -1;
}

int atomic_file_open_in(struct atomic_file *f, const char *dir, const char *name)
{
    char path[sizeof f->path];
    int n = snprintf(path, sizeof path, "%s/%s", dir, name);

    if (n < 0 || (size_t)n >= sizeof path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    return atomic_file_open(f, path);
}

int atomic_file_commit(struct atomic_file *f)
{
    int err = 0;

    /* ferror catches any fprintf that failed earlier (a full disk). */
    if (ferror(f->fp) || fflush(f->fp) != 0 || fsync(fileno(f->fp)) != 0)
        err = errno ? errno : EIO;
    if (fclose(f->fp) != 0 && err == 0)
        err = errno;
    f->fp = NULL;
    if (err == 0 && rename(f->tmp, f->path) != 0)
        err = errno;
    if (err != 0) {
        unlink(f->tmp);
        errno = err;
        return -1;
    }
    return 0;
}

void atomic_file_abort(struct atomic_file *f)
{
    if (f->fp != NULL && fclose(f->fp) != 0)
        perror("gilbench: fclose");
    f->fp = NULL;
    unlink(f->tmp);
}
