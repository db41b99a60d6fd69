/* hostfile.c - see hostfile.h.  Only the host name (the first word of a
 * line) is checked; the rest ("slots=4 max_slots=8") is mpirun's to read,
 * so a syntax this file does not know is not refused here. */
#include "mpi/hostfile.h"

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

/* The host name of one line, in place: NULL for a blank or comment line. */
static char *host_of_line(char *line)
{
    char *hash = strchr(line, '#');
    char *host;

    if (hash != NULL)
        *hash = '\0';
    host = strtok(line, " \t\r\n");
    return host;
}

int hostfile_check(const char *path, char *error, size_t error_len)
{
    FILE *fp = fopen(path, "r");
    char line[1024];
    int hosts = 0, lineno = 0;

    if (fp == NULL) {
        snprintf(error, error_len, "--hostfile: cannot read '%s': %s", path, strerror(errno));
        return -1;
    }
    while (fgets(line, sizeof line, fp) != NULL) {
        struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM};
        struct addrinfo *found = NULL;
        char *host;
        int rc;

        lineno++;
        host = host_of_line(line);
        if (host == NULL)
            continue;
        rc = getaddrinfo(host, NULL, &hints, &found);
        if (rc != 0) {
            snprintf(error, error_len, "--hostfile: '%s' line %d: unknown host '%s' (%s)", path,
                     lineno, host, gai_strerror(rc));
            fclose(fp);
            return -1;
        }
        freeaddrinfo(found);
        hosts++;
    }
    if (ferror(fp)) {
        snprintf(error, error_len, "--hostfile: cannot read '%s': %s", path, strerror(errno));
        fclose(fp);
        return -1;
    }
    if (fclose(fp) != 0) {
        snprintf(error, error_len, "--hostfile: cannot read '%s': %s", path, strerror(errno));
        return -1;
    }
    if (hosts == 0) {
        snprintf(error, error_len, "--hostfile: '%s' names no host", path);
        return -1;
    }
    return hosts;
}
